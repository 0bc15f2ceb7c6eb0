import {formatThresholds} from '../../model/thresholds.js';
import {formatDuration, TimeFormat} from '../../triage/report/time-format.js';
import type {Culprit, Report} from '../../triage/report/types.js';
import {entitiesByView, latencyTable, loadTable, type Table} from './entity-tables.js';
import {captureLine, inputLine, lowIoLines, methodLine, showsThroughLines} from './report-lines.js';
import {sparkline} from './sparkline.js';
import {plainStyle} from './style.js';
import {displayText, markdownText} from '../display-text.js';

/** `esxlat report --markdown`: the report for a ticket (GitHub/GitLab/Jira-flavoured tables). */
export function renderMarkdown(report: Report): string {
	const time = new TimeFormat(report.from, report.to);
	const out: string[] = [];
	out.push(`# Storage latency report: ${escape(report.hosts.join(', '))}`, '');
	out.push(`**Capture:** ${captureLine(report)}  `);
	out.push(`**Verdict:** ${report.healthy ? 'healthy' : report.culprits[0]!.severity === 'crit' ? 'CRIT' : 'WARN'}: ${escape(report.headline)}`, '');
	if (report.culprits.length > 0) {
		out.push('## Culprits, worst first', '');
		for (const culprit of report.culprits) out.push(...culpritSection(culprit, report, time), '');
		if (report.moreCulprits > 0) out.push(`…and ${report.moreCulprits} more (raise \`--top\` to list them).`, '');
	}
	const quiet = lowIoLines(report);
	if (quiet.length > 0) out.push('## Too little I/O to judge (never culprits)', '', ...quiet.map((line) => `- ${escape(line)}`), '');
	for (const {view, entities} of entitiesByView(report)) {
		out.push(...table(latencyTable(view, entities, report)), '');
		out.push(...table(loadTable(view, entities, report, time)), '');
		if (view === 'adapter') {
			const through = showsThroughLines(report);
			if (through.length > 0) out.push(...through.map((line) => `- ${escape(line)}`), '');
		}
	}
	out.push(`<sub>${escape(inputLine(report))} ${escape(methodLine(report))} Thresholds \`${formatThresholds(report.thresholds)}\`. Times UTC. Made with esxlat.</sub>`);
	return `${out.join('\n')}\n`;
}

function culpritSection(culprit: Culprit, report: Report, time: TimeFormat): string[] {
	const lines = [`### ${culprit.rank}. ${culprit.severity.toUpperCase()}: ${escape(culprit.title)}`, ''];
	lines.push(`- **Where:** ${culprit.view} ${code(culprit.id)} (${culprit.bottleneck}, ${culprit.cause}${culprit.timeouts ? ', commands timing out' : ''})`);
	lines.push(`- **When:** ${time.range(culprit.from, culprit.to)} UTC, ${formatDuration(culprit.seconds)} (${culprit.samples} samples at warn or above)${culprit.episodes.length > 1 ? `, the worst of ${culprit.episodes.length} episodes` : ''}`);
	lines.push(`- **Weight:** ${Math.round(culprit.lost * 10) / 10} s of guest waiting above the thresholds; confidence ${culprit.confidence} (${escape(culprit.confidenceWhy)})`);
	if (culprit.timeline.length > 0) {
		lines.push(`- **Timeline (${culprit.metric.toUpperCase()} max per bucket):** \`${sparkline(culprit.timeline, report.thresholds[culprit.metric], plainStyle)}\``);
	}
	// One member a line: an escaped id next to another's code span would read as one span.
	if (culprit.members.length > 0) lines.push('- **Also:**', ...culprit.members.map((m) => `  - ${m.view} ${code(m.id)}`));
	lines.push('', escape(culprit.summary), '', '**Evidence**', '');
	for (const line of culprit.evidence) lines.push(`- ${escape(line)}`);
	return lines;
}

function table(t: Table): string[] {
	const lines = [`#### ${t.title}`, ''];
	// Markdown has no column groups: fold the group label into the first column of its span.
	const header = [...t.header];
	let at = 1;
	for (const group of t.groups) {
		if (group.label) header[at] = `${group.label} ${header[at]}`;
		at += group.span;
	}
	lines.push(`| ${header.map(escape).join(' | ')} |`);
	lines.push(`|${header.map((_, i) => (t.textColumns.includes(i) ? ' --- ' : ' ---: ')).join('|')}|`);
	for (const row of t.rows) {
		lines.push(`| ${row.map((cell, i) => (i === 0 ? code(cell.text) : cell.severity === 'crit' ? `**${escape(cell.text)}**` : escape(cell.text))).join(' | ')} |`);
	}
	if (t.omitted > 0) lines.push('', `…${t.omitted} ${t.omittedNote}.`);
	return lines;
}

/** Keeps control characters visible, table pipes, backticks and emphasis characters literal. */
function escape(text: string): string {
	return markdownText(text).replace(/([*_<>[\]])/g, '\\$1');
}

/**
 * An id in a code span. Backslash escapes do not work inside one, so an id with a backtick or
 * a pipe (which would end the span or the table cell) is escaped text instead.
 */
function code(id: string): string {
	const shown = displayText(id);
	return /[`|\\]/.test(shown) ? escape(id) : `\`${shown}\``;
}
