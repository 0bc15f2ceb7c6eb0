import {Box, Text} from 'ink';
import React from 'react';
import {thresholdMetrics, type Thresholds} from '../model/thresholds.js';
import type {KeyHelp} from './keys.js';
import type {Theme} from './theme.js';
import {displayText} from './display-text.js';

/**
 * Every key, the thresholds in force, how to read the marker column and where the config
 * lives. When the screen is short (80×24) the keys go in two columns and the explanations
 * give way first, so the thresholds and the config path always show.
 */
export function HelpOverlay({keys, thresholds, theme, height, width = 100, configPath = null}: {keys: KeyHelp[]; thresholds: Thresholds; theme: Theme; height: number; width?: number; configPath?: string | null}) {
	const rules = thresholds.devices ?? [];
	// Always: thresholds title and values, the device rules, the config line, the close line.
	const fixed = 2 + rules.length + 1 + 1;
	const keyRows = Math.max(1, height - fixed - 1);
	const twoColumns = keys.length > keyRows;
	const rows = twoColumns ? Math.ceil(keys.length / 2) : keys.length;
	const spare = height - fixed - 1 - rows;
	const columnWidth = twoColumns ? Math.floor((width - 2) / 2) : width;
	const keyWidth = Math.min(twoColumns ? 14 : 32, Math.max(...keys.map((entry) => entry.keys.length)));
	const cell = (entry: KeyHelp | undefined) => {
		if (!entry) return '';
		const text = `${entry.keys.padEnd(keyWidth)}  ${entry.what}`;
		return twoColumns ? fit(text, columnWidth - 2).padEnd(columnWidth - 2) : text;
	};
	const line = (children: React.ReactNode, key?: string) => (
		<Box key={key} flexShrink={0}>
			<Text wrap="truncate">{children}</Text>
		</Box>
	);
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			{line(
				<Text bold color={theme.accent}>
					Keys
				</Text>,
			)}
			{Array.from({length: rows}, (_, row) =>
				line(
					<>
						{'  '}
						{cell(twoColumns ? keys[row] : keys[row])}
						{twoColumns ? `  ${cell(keys[row + rows])}` : ''}
					</>,
					`k${row}`,
				),
			)}
			{spare >= 1 ? line(' ', 'gap') : null}
			{line(
				<Text bold color={theme.accent}>
					Thresholds in force (warn / crit, ms; set with --threshold kavg=3:8,davg=25:60)
				</Text>,
			)}
			{line(<>{'  '}{thresholdMetrics.map((metric) => `${metric.toUpperCase()} ${thresholds[metric].warn} / ${thresholds[metric].crit}`).join('   ')}</>)}
			{rules.map((rule) =>
				line(
					<>
						{'  '}
						{displayText(rule.pattern)}:{' '}
						{thresholdMetrics
							.filter((metric) => rule.bands[metric])
							.map((metric) => `${metric.toUpperCase()} ${rule.bands[metric]!.warn} / ${rule.bands[metric]!.crit}`)
							.join('   ')}
					</>,
					rule.pattern,
				),
			)}
			{spare >= 3
				? line(
						<>
							{'  '}Marker column: <Text color={theme.severity.warn}>!</Text> warn, <Text color={theme.severity.crit}>!!</Text> crit (QAVG uses the KAVG band; VM disk and NFS latency the GAVG band)
						</>,
						'marker',
					)
				: null}
			{spare >= 2 ? line(<>{'  '}GAVG = KAVG (VMkernel: host queueing, QAVG is its queue part) + DAVG (driver → array → back)</>, 'gavg') : null}
			{line(<>{'  '}Config: {configPath ?? 'none'} (W saves the layout there; thresholds, per-device thresholds and minIo are read from it at start)</>, 'config')}
			{line(<Text dimColor={theme.dim}>Press q, Esc or any key to close.</Text>, 'close')}
		</Box>
	);
}

function fit(text: string, width: number): string {
	return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
