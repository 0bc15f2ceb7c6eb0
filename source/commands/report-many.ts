import {reportHostNames, reportSharedLuns} from '../triage/report/shared-luns.js';
import type {Thresholds} from '../model/thresholds.js';
import {fleetReportJson, renderFleetMarkdown, renderFleetTerminal} from '../view/report/fleet-report.js';
import {colourStyle, plainStyle, wantsColour} from '../view/report/style.js';
import {LineWriter} from './output.js';
import {buildReport, defaultTop, type ReportFormat, reportWindow} from './report.js';
import {UsageError} from './usage-error.js';

/** `esxlat report A B …`: a per-host summary, the cross-host LUN verdicts, then each host's report. */
export async function reportMany(files: readonly string[], flags: {format: ReportFormat; top?: number | undefined; from?: string | undefined; to?: string | undefined; thresholds: Thresholds; minIo?: number | undefined}): Promise<void> {
	const top = flags.top ?? defaultTop;
	if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top ${top}: expected a whole number of culprits, 1 or more`);
	const window = reportWindow(flags.from, flags.to);
	const built = [];
	// One after the other: each pass is streaming and fast; side by side they would only compete for the disk.
	for (const file of files) built.push({file, report: await buildReport(file, flags.thresholds, window, top, flags.minIo)});
	const names = reportHostNames(built);
	const hosts = built.map((entry, i) => ({...entry, host: names[i]!}));
	const luns = reportSharedLuns(hosts, flags.thresholds);
	const out = new LineWriter();
	if (flags.format === 'json') return out.write(`${fleetReportJson(hosts, luns)}\n`);
	if (flags.format === 'markdown') return out.write(renderFleetMarkdown(hosts, luns));
	const tty = Boolean(process.stdout.isTTY);
	const width = process.stdout.columns || Number(process.env.COLUMNS) || 160;
	await out.write(renderFleetTerminal(hosts, luns, {style: wantsColour(tty) ? colourStyle : plainStyle, sparklines: tty, width}));
}
