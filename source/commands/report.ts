import {CaptureFormatError} from '../parse/errors.js';
import {emptyCaptureError, openCaptureStream} from '../parse/capture-stream.js';
import {ReportBuilder, reportViews} from '../triage/report/report-builder.js';
import {formatInstant} from '../triage/report/time-format.js';
import {parseTimeArg, type TimeArg, TimeArgError, TimeWindow} from '../triage/report/time-window.js';
import type {Report} from '../triage/report/types.js';
import type {Thresholds} from '../model/thresholds.js';
import {displayReport} from '../view/report/display-report.js';
import {renderMarkdown} from '../view/report/markdown.js';
import {reportJson} from '../view/report/report-json.js';
import {colourStyle, plainStyle, wantsColour} from '../view/report/style.js';
import {renderTerminal} from '../view/report/terminal.js';
import {LineWriter} from './output.js';
import {UsageError} from './usage-error.js';

export type ReportFormat = 'terminal' | 'markdown' | 'json';

export interface ReportFlags {
	file: string;
	format: ReportFormat;
	/** Culprits to list (default `defaultTop`). */
	top?: number | undefined;
	from?: string | undefined;
	to?: string | undefined;
	thresholds: Thresholds;
	/** Commands/s under which latency is too little I/O to judge (`--min-io`). */
	minIo?: number | undefined;
}

export const defaultTop = 10;

/** Checks the flags before any input is read: a typo costs nothing on a 2 GB capture. */
export function reportWindow(from: string | undefined, to: string | undefined): TimeWindow | null {
	try {
		const fromArg: TimeArg | null = from === undefined ? null : parseTimeArg('--from', from);
		const toArg: TimeArg | null = to === undefined ? null : parseTimeArg('--to', to);
		return fromArg || toArg ? new TimeWindow(fromArg, toArg) : null;
	} catch (error) {
		if (error instanceof TimeArgError) throw new UsageError(error.message);
		throw error;
	}
}

/** Reads a whole capture in one streaming pass and builds its report. */
export async function buildReport(file: string, thresholds: Thresholds, window: TimeWindow | null, top: number, minIo?: number): Promise<Report> {
	const capture = await openCaptureStream(file, reportViews, {recycleValues: true});
	const builder = new ReportBuilder({thresholds, window, top, ...(minIo === undefined ? {} : {minIo})});
	try {
		for await (const events of capture.batches()) builder.add(events);
	} catch (error) {
		// A time of day is only placed once the first row is read; it may land after --to.
		if (error instanceof TimeArgError) throw new UsageError(error.message);
		throw error;
	} finally {
		await capture.close();
	}
	if (capture.stats.headers === 0) throw emptyCaptureError(capture.name);
	const report = builder.finish(capture.name, capture.stats);
	if (!report.input.hasStorage) {
		throw new CaptureFormatError(`${capture.name}: no storage counters (Physical Disk groups) in this capture: nothing to report on`);
	}
	if (report.samples === 0) throw new CaptureFormatError(`${capture.name}: ${noSamplesReason(report)}`);
	return report;
}

function noSamplesReason(report: Report): string {
	const {input} = report;
	if (input.outsideWindow > 0 && input.window) {
		const {from, to} = input.window;
		const span = [from === null ? null : `from ${formatInstant(from)}`, to === null ? null : `to ${formatInstant(to)}`].filter(Boolean).join(' ');
		const covers = input.span ? `; the capture covers ${formatInstant(input.span.from)} – ${formatInstant(input.span.to)}` : '';
		return `no samples ${span} (all ${input.outsideWindow} rows are outside --from/--to)${covers}`;
	}
	if (input.rows > 0) return 'only the warm-up row: esxtop needs two snapshots for rates; capture at least 2 samples (-n 2)';
	return 'no data rows after the header';
}

/** `esxlat report FILE`: terminal (colour and timelines on a TTY), --markdown or --json on stdout. */
export async function report(flags: ReportFlags): Promise<void> {
	const top = flags.top ?? defaultTop;
	if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top ${top}: expected a whole number of culprits, 1 or more`);
	const window = reportWindow(flags.from, flags.to);
	const result = await buildReport(flags.file, flags.thresholds, window, top, flags.minIo);
	const out = new LineWriter();
	if (flags.format === 'json') return out.write(`${reportJson(result)}\n`);
	// The text formats show names from the capture: escaped at this one boundary (JSON keeps them exact).
	const shown = displayReport(result);
	if (flags.format === 'markdown') return out.write(renderMarkdown(shown));
	const tty = Boolean(process.stdout.isTTY);
	// Piped, the text wraps to $COLUMNS (the shell's width, when exported), else to 100 columns.
	const width = process.stdout.columns || Number(process.env.COLUMNS) || 100;
	await out.write(renderTerminal(shown, {style: wantsColour(tty) ? colourStyle : plainStyle, sparklines: tty, width}));
}
