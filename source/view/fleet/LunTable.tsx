import {Box, Text} from 'ink';
import React from 'react';
import {formatMs, formatRate, shortenMiddle} from '../../model/format.js';
import type {SharedLun} from '../../triage/cross-host.js';
import {displayText} from '../display-text.js';
import {severityMarker, type Theme} from '../theme.js';

const pad = (text: string, width: number) => (text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text.padEnd(width));

/** LUNs across hosts: one line per shared LUN with how many hosts see it slow and the verdict. */
export function LunTable({luns, selected, width, height, theme}: {luns: SharedLun[]; selected: string | null; width: number; height: number; theme: Theme}) {
	const idWidth = Math.min(38, Math.max(20, Math.floor(width * 0.3)));
	const at = Math.max(0, luns.findIndex((lun) => lun.id === selected));
	const body = height - 1;
	const top = Math.max(0, Math.min(at - Math.floor(body / 2), luns.length - body));
	return (
		<Box flexDirection="column" height={height}>
			<Text color={theme.header} bold wrap="truncate">{`  ${pad('LUN', idWidth)} ${'SLOW'.padStart(7)}  CROSS-HOST VERDICT`}</Text>
			{luns.length === 0 ? <Text dimColor={theme.dim}>  No naa./eui. LUN is seen on two or more hosts at this moment.</Text> : null}
			{luns.slice(top, top + body).map((lun) => (
				<Text key={lun.id} inverse={lun.id === selected} wrap="truncate">
					<Text color={theme.severity[lun.severity ?? 'ok']} bold>
						{severityMarker(lun.severity).padEnd(2)}
					</Text>
					{pad(shortenMiddle(displayText(lun.id), idWidth), idWidth)} {`${lun.slow.length}/${lun.readings.length}`.padStart(7)}  {displayText(lun.verdict)}
				</Text>
			))}
		</Box>
	);
}

/** The selected LUN: its verdict, then each host's DAVG, KAVG and commands/s side by side. */
export function LunDetail({lun, width, height, theme}: {lun: SharedLun | null; width: number; height: number; theme: Theme}) {
	if (!lun) return <Box height={height} />;
	const labelWidth = 8;
	const column = 12;
	const fit = Math.max(1, Math.floor((width - labelWidth) / column));
	const shown = lun.readings.slice(0, fit);
	const more = lun.readings.length - shown.length;
	const cell = (text: string) => text.padStart(column).slice(-column);
	const row = (label: string, value: (reading: SharedLun['readings'][number]) => string) => label.padEnd(labelWidth) + shown.map((reading) => cell(value(reading))).join('');
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			<Text color={theme.accent} wrap="truncate">{`── ${displayText(lun.id)} ${'─'.repeat(Math.max(0, width - lun.id.length - 4))}`}</Text>
			<Text wrap="wrap" color={theme.severity[lun.severity ?? 'ok']} bold>
				{displayText(lun.verdict)}
			</Text>
			<Text wrap="truncate" bold>
				{row('HOST', (reading) => shortenMiddle(displayText(reading.host), column - 1))}
			</Text>
			<Text wrap="truncate">
				{'DAVG'.padEnd(labelWidth)}
				{shown.map((reading, i) => (
					<Text key={i} color={theme.severity[reading.severity ?? 'ok']}>
						{cell(formatMs(reading.davg))}
					</Text>
				))}
			</Text>
			<Text wrap="truncate">{row('KAVG', (reading) => formatMs(reading.kavg))}</Text>
			<Text wrap="truncate">{row('GAVG', (reading) => formatMs(reading.gavg))}</Text>
			<Text wrap="truncate">{row('CMDS/s', (reading) => formatRate(reading.cmds))}</Text>
			{more > 0 ? <Text dimColor={theme.dim}>{`+${more} more hosts (a wider terminal shows them)`}</Text> : null}
		</Box>
	);
}
