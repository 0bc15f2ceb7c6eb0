import {formatMs, formatRate, shortenMiddle} from '../../model/format.js';
import type {SharedLun} from '../../triage/cross-host.js';
import type {Report} from '../../triage/report/types.js';
import {displayText, markdownText} from '../display-text.js';
import {renderMarkdown} from './markdown.js';
import {captureLine} from './report-lines.js';
import {reportJson} from './report-json.js';
import type {Style} from './style.js';
import {renderTerminal, type TerminalOptions} from './terminal.js';

export interface HostReport {
	/** The host's name in the cross-host verdicts (exact; display text is made here). */
	host: string;
	file: string;
	report: Report;
}

/** `report A B … --json`: every host's report as today's shape, then the shared LUNs. */
export function fleetReportJson(hosts: readonly HostReport[], luns: readonly SharedLun[]): string {
	return JSON.stringify(
		{
			hosts: hosts.map(({host, report}) => ({name: host, ...(JSON.parse(reportJson(report)) as object)})),
			sharedLuns: luns.map((lun) => ({
				id: lun.id,
				cause: lun.cause,
				severity: lun.severity,
				slow: lun.slow,
				verdict: lun.verdict,
				basis: 'p95 over each capture; commands/s mean',
				hosts: lun.readings.map((reading) => ({host: reading.host, davg: reading.davg, kavg: reading.kavg, gavg: reading.gavg, cmds: reading.cmds === null ? null : Math.round(reading.cmds * 100) / 100, severity: reading.severity, bottleneck: reading.bottleneck})),
			})),
		},
		null,
		2,
	);
}

/** Per-host summary, then the cross-host LUN verdicts, then each host's own report (its culprits first). */
export function renderFleetTerminal(hosts: readonly HostReport[], luns: readonly SharedLun[], options: TerminalOptions): string {
	const {style, width} = options;
	const out: string[] = [style.heading(`esxlat report: ${hosts.length} hosts`), ''];
	const nameWidth = Math.min(28, Math.max(...hosts.map(({host}) => displayText(host).length)));
	for (const {host, report} of hosts) {
		const top = report.culprits[0];
		const headline = top ? style.severity[top.severity](report.headline) : style.severity.ok(report.headline);
		out.push(`  ${shortenMiddle(displayText(host), nameWidth).padEnd(nameWidth)}  ${headline}`, `  ${' '.repeat(nameWidth)}  ${style.muted(captureLine(report))}`);
	}
	out.push('', style.heading(`LUNs across hosts (${luns.length} seen on two or more; p95 over each capture)`));
	if (luns.length === 0) out.push(style.muted('  No naa./eui. LUN appears in two or more of these captures.'));
	const fine = luns.filter((lun) => lun.cause === 'healthy');
	for (const lun of luns) {
		if (lun.cause === 'healthy') continue;
		const paint = style.severity[lun.severity ?? 'ok'];
		out.push(`  ${paint(lun.severity === 'crit' ? '!!' : lun.severity === 'warn' ? '! ' : '  ')} ${displayText(lun.id)}`, `     ${paint(displayText(lun.verdict))}`);
		out.push(`     ${style.muted(lun.readings.map((reading) => `${displayText(reading.host)} DAVG ${formatMs(reading.davg)} KAVG ${formatMs(reading.kavg)} ${formatRate(reading.cmds)} cmd/s`).join(' · '))}`);
	}
	if (fine.length > 0) out.push(style.muted(`  ${fine.length} ${fine.length === 1 ? 'LUN' : 'LUNs'} fine from every host that has ${fine.length === 1 ? 'it' : 'them'} (--json lists each)`));
	out.push('');
	for (const {host, file, report} of hosts) {
		const title = `── ${displayText(host)} (${displayText(file)}) `;
		out.push(style.heading(`${title}${'─'.repeat(Math.max(0, width - title.length))}`), renderTerminal(report, options));
	}
	return `${out.join('\n').trimEnd()}\n`;
}

export function renderFleetMarkdown(hosts: readonly HostReport[], luns: readonly SharedLun[]): string {
	const out: string[] = [`# esxlat report: ${hosts.length} hosts`, '', '| host | headline | samples |', '| --- | --- | --- |'];
	for (const {host, report} of hosts) out.push(`| ${markdownText(host)} | ${markdownText(report.headline)} | ${report.samples} |`);
	out.push('', '## LUNs across hosts', '', '(p95 over each capture)', '');
	if (luns.length === 0) out.push('No naa./eui. LUN appears in two or more of these captures.');
	for (const lun of luns) if (lun.cause !== 'healthy') out.push(`- \`${markdownText(lun.id)}\`: ${markdownText(lun.verdict)}`);
	const fine = luns.filter((lun) => lun.cause === 'healthy').length;
	if (fine > 0) out.push(`- ${fine} more fine from every host that has them`);
	out.push('');
	for (const {host, report} of hosts) out.push(`## ${markdownText(host)}`, '', renderMarkdown(report).replace(/^# /gm, '### '));
	return `${out.join('\n').trimEnd()}\n`;
}

export type {Style};
