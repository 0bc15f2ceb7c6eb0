import {Box, Text} from 'ink';
import React from 'react';
import {formatMs, shortenMiddle} from '../../model/format.js';
import {displayText} from '../display-text.js';
import {severityMarker, type Theme} from '../theme.js';
import {type FleetRow, formatAge} from './fleet-rows.js';

const verdictWords: Record<string, string> = {'low-io': 'LOW I/O', host: 'HOST', storage: 'STORAGE', both: 'HOST+STORAGE', none: 'OK', warmup: 'WARM-UP', unknown: 'INFO'};

/** Fixed columns after the host name: status, sample time, age, crit, warn, worst entity and its latencies. */
function widths(width: number, rows: FleetRow[]) {
	const longest = (texts: string[]) => Math.max(0, ...texts.map((text) => text.length));
	const fixed = {time: 9, age: 7, crit: 5, warn: 5, gavg: 7, davg: 7, kavg: 7, verdict: 12};
	const rest = width - 2 - Object.values(fixed).reduce((sum, w) => sum + w + 1, 0);
	const name = Math.max(8, Math.min(28, longest(rows.map((row) => row.name)), Math.floor(rest * 0.3)));
	// A failure's reason is worth the room: the worst entity's id is shortened in the middle anyway.
	const status = Math.max(12, Math.min(longest(rows.map((row) => row.status)), rest - name - 24));
	const worst = Math.max(14, rest - name - status - 2);
	return {...fixed, name, status, worst};
}

const pad = (text: string, width: number) => (text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text.padEnd(width));
const right = (text: string, width: number) => text.padStart(width).slice(-width);

/** The hosts table: one line per host, the selected one inverse. */
export function FleetTable({rows, selected, width, height, theme}: {rows: FleetRow[]; selected: number | null; width: number; height: number; theme: Theme}) {
	const w = widths(width, rows);
	const header = `  ${pad('HOST', w.name)} ${pad('STATUS', w.status)} ${pad('SAMPLE', w.time)} ${right('AGE', w.age)} ${right('CRIT', w.crit)} ${right('WARN', w.warn)} ${pad('WORST', w.worst)} ${right('GAVG', w.gavg)} ${right('DAVG', w.davg)} ${right('KAVG', w.kavg)} ${pad('VERDICT', w.verdict)}`;
	const at = Math.max(0, rows.findIndex((row) => row.index === selected));
	const body = height - 1;
	const top = Math.max(0, Math.min(at - Math.floor(body / 2), rows.length - body));
	return (
		<Box flexDirection="column" height={height}>
			<Text color={theme.header} bold wrap="truncate">
				{header}
			</Text>
			{rows.slice(top, top + body).map((row) => {
				const o = row.overview;
				const worst = o?.worst && !o.warmup ? o.worst : null;
				const time = o ? new Date(o.time).toISOString().slice(11, 19) : '-';
				const statusColour = row.state === 'failed' ? theme.severity.crit : row.state === 'live' || row.state === 'replay' ? undefined : theme.severity.warn;
				const line = [
					pad(row.name, w.name),
					null,
					pad(time, w.time),
					right(formatAge(row.ageMs), w.age),
					right(o && !o.warmup ? String(o.crit) : '-', w.crit),
					right(o && !o.warmup ? String(o.warn) : '-', w.warn),
					pad(worst ? shortenMiddle(displayText(worst.id), w.worst) : o?.warmup ? 'warm-up sample' : o ? 'all healthy' : '', w.worst),
					right(worst ? formatMs(worst.gavg) : '', w.gavg),
					right(worst ? formatMs(worst.davg) : '', w.davg),
					right(worst ? formatMs(worst.kavg) : '', w.kavg),
					pad(worst ? (verdictWords[worst.verdict] ?? worst.verdict) : '', w.verdict),
				];
				const chosen = row.index === selected;
				return (
					<Text key={row.index} inverse={chosen} wrap="truncate">
						<Text color={theme.severity[row.severity ?? 'ok']} bold>
							{severityMarker(row.severity).padEnd(2)}
						</Text>
						{line[0]}{' '}
						<Text color={statusColour}>{pad(row.status, w.status)}</Text>{' '}
						{line.slice(2).join(' ')}
					</Text>
				);
			})}
		</Box>
	);
}
