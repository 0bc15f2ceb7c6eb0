import {formatThresholds} from '../../model/thresholds.js';
import {shortenMiddle} from '../../model/format.js';
import {TimeFormat} from '../../triage/report/time-format.js';
import type {Culprit, Report} from '../../triage/report/types.js';
import {entitiesByView, latencyTable, loadTable, type Table} from './entity-tables.js';
import {captureLine, inputLine, lowIoLines, methodLine, showsThroughLines} from './report-lines.js';
import {sparkline} from './sparkline.js';
import {type Style, visibleLength} from './style.js';

export interface TerminalOptions {
	style: Style;
	/** Per-culprit timelines (on a terminal). */
	sparklines: boolean;
	/** Columns to fit. */
	width: number;
}

/**
 * The report as text for a terminal or a pipe: headline, culprits, per-view tables, how it was
 * read. Plain strings rather than Ink: the report is printed once, and mostly lands in a file,
 * a pager or a ticket.
 */
export function renderTerminal(report: Report, options: TerminalOptions): string {
	const {style, width} = options;
	const time = new TimeFormat(report.from, report.to);
	const out: string[] = [];
	out.push(style.heading(`esxlat report: ${report.hosts.join(', ')}`), ...wrap(captureLine(report), width).map((line) => style.muted(line)), '');
	const top = report.culprits[0];
	const headline = (text: string) => (top ? style.severity[top.severity](style.strong(text)) : style.severity.ok(style.strong(text)));
	out.push(...wrap(report.headline, Math.max(40, width - 2)).map((line) => `  ${headline(line)}`), '');

	if (report.culprits.length > 0) {
		out.push(style.heading('Culprits, worst first'));
		for (const culprit of report.culprits) out.push(...culpritBlock(culprit, report, options), '');
		if (report.moreCulprits > 0) out.push(style.muted(`  … and ${report.moreCulprits} more (raise --top to list them)`), '');
	}

	const quiet = lowIoLines(report);
	if (quiet.length > 0) {
		out.push(style.heading('Too little I/O to judge (never culprits)'));
		for (const line of quiet) wrap(line, Math.max(40, width - 6)).forEach((part, i) => out.push(`  ${i === 0 ? '·' : ' '} ${part}`));
		out.push('');
	}
	for (const {view, entities} of entitiesByView(report)) {
		out.push(...table(latencyTable(view, entities, report), style, width), '');
		out.push(...table(loadTable(view, entities, report, time), style, width), '');
		if (view === 'adapter') {
			const through = showsThroughLines(report);
			for (const line of through) wrap(line, Math.max(40, width - 6)).forEach((part, i) => out.push(style.muted(`  ${i === 0 ? '·' : ' '} ${part}`)));
			if (through.length > 0) out.push('');
		}
	}
	for (const text of [inputLine(report), `${methodLine(report)} Thresholds ${formatThresholds(report.thresholds)}.`]) {
		out.push(...wrap(text, Math.max(40, width)).map((line) => style.muted(line)));
	}
	return `${out.join('\n')}\n`;
}

function culpritBlock(culprit: Culprit, report: Report, {style, sparklines, width}: TerminalOptions): string[] {
	const paint = style.severity[culprit.severity];
	const [first, ...rest] = wrap(culprit.title, Math.max(40, width - 14));
	const lines = [`  ${style.strong(String(culprit.rank).padStart(2))}  ${paint(culprit.severity.toUpperCase().padEnd(4))}  ${style.strong(first!)}`];
	for (const line of rest) lines.push(`            ${style.strong(line)}`);
	if (sparklines && culprit.timeline.length > 0 && report.from !== null && report.to !== null) {
		const time = new TimeFormat(report.from, report.to);
		const band = report.thresholds[culprit.metric];
		const axis = (ms: number) => style.muted(time.at(ms, true));
		lines.push(`        ${axis(report.from)} ${sparkline(culprit.timeline, band, style)} ${axis(report.to)}  ${style.muted(`${culprit.metric.toUpperCase()}, max per ${timelineStep(report)}`)}`);
	}
	for (const line of wrap(culprit.summary, Math.max(40, width - 8))) lines.push(`        ${line}`);
	for (const evidence of culprit.evidence) {
		wrap(evidence, Math.max(40, width - 10)).forEach((line, i) => lines.push(style.muted(`        ${i === 0 ? '·' : ' '} ${line}`)));
	}
	return lines;
}

function timelineStep(report: Report): string {
	const s = Math.round(report.timeline.bucketSeconds);
	return s >= 120 ? `${Math.round(s / 60)} min` : `${s} s`;
}

/**
 * Pads a table to its columns, an extra space between column groups; the id column shrinks
 * (middle ellipsis) to fit the width.
 */
function table(t: Table, style: Style, width: number): string[] {
	const widths = t.header.map((h, i) => Math.max(visibleLength(h), ...t.rows.map((row) => row[i]!.text.length)));
	const groupStarts = new Set<number>();
	let at = 1;
	for (const group of t.groups) {
		groupStarts.add(at);
		// Widen groups whose label is longer than their columns.
		const span = spanWidth(widths, at, group.span);
		if (group.label.length > span) widths[at + group.span - 1]! += group.label.length - span;
		at += group.span;
	}
	const rest = widths.slice(1).reduce((a, b) => a + b + 1, 0) + groupStarts.size + 2;
	// Ids stay readable (24 characters keep both ends of a naa. id) even if a narrow terminal wraps.
	widths[0] = Math.min(widths[0]!, Math.max(24, width - rest - 2));
	const line = (cells: string[]) => `  ${cells.map((cell, i) => (groupStarts.has(i) ? ` ${cell}` : cell)).join(' ')}`.trimEnd();
	const pad = (text: string, i: number, painted = text) => {
		const gap = ' '.repeat(Math.max(0, widths[i]! - text.length));
		return t.textColumns.includes(i) ? `${painted}${gap}` : `${gap}${painted}`;
	};
	const labels = [' '.repeat(widths[0]!)];
	at = 1;
	for (const group of t.groups) {
		labels.push(group.label.padStart(spanWidth(widths, at, group.span)));
		at += group.span;
	}
	const lines = [style.heading(t.title), style.muted(`  ${labels[0]}${labels.slice(1).map((label) => `  ${label}`).join('')}`.trimEnd())];
	lines.push(style.muted(line(t.header.map((h, i) => pad(h, i)))));
	for (const row of t.rows) {
		lines.push(
			line(
				row.map((cell, i) => {
					const text = i === 0 ? shortenMiddle(cell.text, widths[0]!) : cell.text;
					return pad(text, i, cell.severity ? style.severity[cell.severity](text) : text);
				}),
			),
		);
	}
	if (t.omitted > 0) lines.push(style.muted(`  … ${t.omitted} ${t.omittedNote}`));
	return lines;
}

function spanWidth(widths: number[], at: number, span: number): number {
	return widths.slice(at, at + span).reduce((a, b) => a + b, 0) + span - 1;
}

/** Word-wraps a paragraph. */
export function wrap(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/)) {
		if (line && line.length + 1 + word.length > width) {
			lines.push(line);
			line = word;
		} else line = line ? `${line} ${word}` : word;
	}
	if (line) lines.push(line);
	return lines;
}
