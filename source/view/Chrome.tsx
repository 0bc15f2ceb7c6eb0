import {Box, Text} from 'ink';
import React from 'react';
import type {FeedSnapshot} from '../model/feed.js';
import {formatMs, shortenMiddle} from '../model/format.js';
import type {Diagnosis} from '../triage/diagnose.js';
import type {HostSummary} from '../model/entity-stats.js';
import {fieldValue} from '../model/rows.js';
import type {Sample} from '../parse/capture-parser.js';
import {type ViewName, viewNames} from '../parse/storage-views.js';
import {viewKeys, viewTitles} from './columns.js';
import {displayText} from './display-text.js';
import {fitTitle, titleParts} from './title.js';
import {severityMarker, type Theme} from './theme.js';

/** Host, sample time, source, sample n of N, speed, indexing progress, PLAYING/PAUSED/LIVE. */
export function TitleBar({snapshot, source, width, theme}: {snapshot: FeedSnapshot; source: string; width: number; theme: Theme}) {
	const parts = fitTitle(titleParts(snapshot, source, snapshot.sample?.schema.host ?? null), width);
	const used = parts.reduce((sum, part, i) => sum + part.text.length + (i > 0 && !parts[i - 1]!.text.endsWith(' ') ? 2 : 0), 1);
	return (
		<Text backgroundColor={theme.title.background} color={theme.title.text} bold wrap="truncate">
			{' '}
			{parts.map((part, i) => {
				const separator = i > 0 && !parts[i - 1]!.text.endsWith(' ') ? '  ' : '';
				const color = part.kind === 'mode' ? theme.mode[snapshot.status.mode] : undefined;
				return (
					<Text key={i} color={color} inverse={part.kind === 'mode' && Boolean(color)}>
						{separator}
						{part.text}
					</Text>
				);
			})}
			{' '.repeat(Math.max(0, width - used))}
		</Text>
	);
}

/** The views with their row counts (the active one highlighted), the filter and the sort. */
export function ViewBar({view, sample, filter, shown, theme, width, range = null}: {view: ViewName; sample: Sample | null; filter: string; shown: number; theme: Theme; width: number; range?: {first: number; last: number; of?: number} | null}) {
	const total = sample?.schema.byView[view].length ?? 0;
	const filterText = filter ? `  filter /${displayText(filter)}/: ${shown} of ${total}` : '';
	// Where the window is in a table longer than the screen: "21–41 of 120".
	// Rows on screen of all rows (worlds under an expanded device count: they scroll too).
	const rangeText = range ? `  ${range.first}–${range.last} of ${range.of ?? shown}` : '';
	// Row counts per view only where they fit beside the filter and the range.
	const withCounts = width >= 72 + filterText.length + rangeText.length;
	return (
		<Text wrap="truncate">
			{viewNames.map((name) => {
				const count = sample?.schema.byView[name].length ?? 0;
				const label = `${viewKeys[name]} ${viewTitles[name]}${withCounts ? ` (${count})` : ''}`;
				return name === view ? (
					<Text key={name} inverse={!theme.marks} bold>
						{theme.marks ? `[${label}]` : ` ${label} `}
					</Text>
				) : (
					<Text key={name} dimColor={theme.dim && count === 0}>{` ${label} `}</Text>
				);
			})}
			<Text bold>{rangeText}</Text>
			<Text color={theme.accent} bold>
				{filterText}
			</Text>
		</Text>
	);
}

/** One line: the worst problem on the host, whatever row is selected. */
export function HostLine({summary, diagnosis, sample, theme}: {summary: HostSummary | null; diagnosis: Diagnosis | null; sample: Sample | null; theme: Theme}) {
	if (sample && sample.schema.entities.length === 0) {
		return <Text color={theme.severity.warn} wrap="truncate">Host: no storage counters in this capture (no Physical Disk or Virtual Disk groups): nothing to judge</Text>;
	}
	if (!sample || sample.index === 0 || !summary) {
		return <Text dimColor={theme.dim}>Host: warm-up sample, no rates yet</Text>;
	}
	const counts = `${summary.crit} crit, ${summary.warn} warn of ${summary.total} devices/NFS`;
	if (!summary.worst || !diagnosis) return <Text wrap="truncate">Host: all healthy ({counts})</Text>;
	const {worst} = summary;
	const value = (field: 'davg' | 'kavg' | 'gavg' | 'writeLatency') => formatMs(fieldValue(sample.values, worst, field));
	const where = diagnosis.verdict === 'storage' ? `storage side, DAVG ${value('davg')} ms` : diagnosis.verdict === 'host' ? `host side, KAVG ${value('kavg')} ms` : diagnosis.verdict === 'both' ? `host and storage, KAVG ${value('kavg')} + DAVG ${value('davg')} ms` : `GAVG ${value(worst.view === 'vm' ? 'writeLatency' : 'gavg')} ms`;
	const scope = diagnosis.scope === 'adapter' ? ', adapter-wide' : diagnosis.scope === 'lun' ? ', this LUN' : '';
	return (
		<Text wrap="truncate">
			Worst:{' '}
			<Text color={theme.severity[summary.severity ?? 'ok']} bold>
				{severityMarker(summary.severity)} {shortenMiddle(displayText(worst.id), 28)}
			</Text>{' '}
			{where}
			{scope}
			<Text dimColor={theme.dim}> · {counts}</Text>
		</Text>
	);
}

/** The bottom line: a prompt while typing, else a notice, else the key reminder. */
export function BottomLine({prompt, notice, keys, theme, error}: {prompt: {kind: 'filter' | 'jump'; text: string} | null; notice: string | null; keys: string; theme: Theme; error: string | null}) {
	if (prompt) {
		const label = prompt.kind === 'filter' ? 'filter (substring or regex; Enter applies, Esc clears): /' : 'jump to (02:05:00 or 2026-01-05 02:05:00 UTC, +10m, -30s, or a sample number; Esc cancels): ';
		return (
			<Text wrap="truncate">
				<Text color={theme.accent} bold>
					{label}
				</Text>
				{displayText(prompt.text)}
				<Text inverse> </Text>
			</Text>
		);
	}
	if (error) return <Text color={theme.error} wrap="truncate">{`error: ${displayText(error)}`}</Text>;
	if (notice) return <Text color={theme.severity.warn} wrap="truncate">{displayText(notice)}</Text>;
	return (
		<Box>
			<Text dimColor={theme.dim} wrap="truncate">
				{keys}
			</Text>
		</Box>
	);
}
