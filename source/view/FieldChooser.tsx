import {Box, Text} from 'ink';
import React from 'react';
import type {FieldName, ViewName} from '../parse/storage-views.js';
import {viewColumns, viewTitles} from './columns.js';
import type {Theme} from './theme.js';
import type {ViewLayout} from './view-layout.js';

const meaning: Partial<Record<FieldName, string>> = {
	davg: 'driver → HBA → array → back, ms',
	kavg: 'time in the VMkernel, ms',
	gavg: 'what the guest sees: KAVG + DAVG, ms',
	qavg: 'queued in the VMkernel (part of KAVG), ms',
	cmds: 'commands per second',
	reads: 'reads per second',
	writes: 'writes per second',
	mbRead: 'MB read per second',
	mbWritten: 'MB written per second',
	failed: 'failed commands per second (esxtop -a)',
	aborts: 'aborts per second (esxtop -a)',
	resets: 'resets per second (esxtop -a)',
	dqlen: 'device queue depth',
	actv: 'commands active at the device',
	qued: 'commands queued in the VMkernel',
	aqlen: 'adapter queue depth (esxtop -a)',
	readLatency: 'read latency, ms',
	writeLatency: 'write latency, ms',
};

/** esxtop's f and o in one list: which columns the view shows, and in what order. */
export function FieldChooser({view, layout, cursor, theme, height, marks}: {view: ViewName; layout: ViewLayout; cursor: number; theme: Theme; height: number; marks: boolean}) {
	const titles = new Map(viewColumns[view].map((column) => [column.key, column.title]));
	const width = Math.max(...layout.order.map((field) => titles.get(field)!.length));
	// Keep the cursor's line on screen when the list is longer than the space.
	const room = Math.max(1, height - 3);
	const first = Math.max(0, Math.min(cursor - room + 1, layout.order.length - room));
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			<Text bold color={theme.accent} wrap="truncate">
				Columns of {viewTitles[view]}: ↑↓ choose, space shows / hides, {'<'} {'>'} move earlier / later, W saves, Esc or f closes
			</Text>
			{layout.order.slice(Math.max(0, first), Math.max(0, first) + room).map((field, i) => {
				const at = Math.max(0, first) + i;
				const selected = at === cursor;
				const shown = !layout.hidden.has(field);
				return (
					<Text key={field} inverse={selected && !marks} wrap="truncate">
						{selected && marks ? '>' : ' '}
						{shown ? '[x] ' : '[ ] '}
						<Text bold={shown}>{titles.get(field)!.padEnd(width)}</Text>
						{'  '}
						<Text dimColor={theme.dim}>{meaning[field] ?? ''}</Text>
					</Text>
				);
			})}
		</Box>
	);
}
