import {Box, Text} from 'ink';
import React from 'react';
import {thresholdMetrics, type Thresholds} from '../model/thresholds.js';
import type {KeyHelp} from './keys.js';
import type {Theme} from './theme.js';
import {displayText} from './display-text.js';

/** Every key, the thresholds in force and how to read the marker column. */
export function HelpOverlay({keys, thresholds, theme, height, configPath = null}: {keys: KeyHelp[]; thresholds: Thresholds; theme: Theme; height: number; configPath?: string | null}) {
	const keyWidth = Math.max(...keys.map((entry) => entry.keys.length));
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			<Text bold color={theme.accent}>
				Keys
			</Text>
			{keys.map((entry) => (
				<Text key={entry.keys} wrap="truncate">
					{'  '}
					<Text bold>{entry.keys.padEnd(keyWidth)}</Text>
					{'  '}
					{entry.what}
				</Text>
			))}
			<Text> </Text>
			<Text bold color={theme.accent}>
				Thresholds in force (warn / crit, ms; set with --threshold kavg=3:8,davg=25:60)
			</Text>
			<Text wrap="truncate">
				{'  '}
				{thresholdMetrics.map((metric) => `${metric.toUpperCase()} ${thresholds[metric].warn} / ${thresholds[metric].crit}`).join('   ')}
			</Text>
			{(thresholds.devices ?? []).map((rule) => (
				<Text key={rule.pattern} wrap="truncate">
					{'  '}
					{displayText(rule.pattern)}:{' '}
					{thresholdMetrics
						.filter((metric) => rule.bands[metric])
						.map((metric) => `${metric.toUpperCase()} ${rule.bands[metric]!.warn} / ${rule.bands[metric]!.crit}`)
						.join('   ')}
				</Text>
			))}
			<Text wrap="truncate">
				{'  '}Marker column: <Text color={theme.severity.warn}>!</Text> warn, <Text color={theme.severity.crit}>!!</Text> crit (QAVG uses the KAVG band; VM disk and NFS latency the GAVG band)
			</Text>
			<Text wrap="truncate">{'  '}GAVG = KAVG (VMkernel: host queueing, QAVG is its queue part) + DAVG (driver → array → back)</Text>
			<Text wrap="truncate">
				{'  '}Config: {configPath ?? 'none'} (W saves the layout there; thresholds, per-device thresholds and minIo are read from it at start)
			</Text>
			<Text> </Text>
			<Text dimColor={theme.dim}>Press q, Esc or any key to close.</Text>
		</Box>
	);
}
