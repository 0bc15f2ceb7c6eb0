import {Box, Text} from 'ink';
import React, {memo} from 'react';
import type {Severity} from '../triage/classify.js';
import {formatMs, formatRate, shortenMiddle} from '../model/format.js';
import {fieldValue} from '../model/rows.js';
import {type Thresholds, thresholdsFor} from '../model/thresholds.js';
import {type Column, gap, markerWidth} from './columns.js';
import {displayText} from './display-text.js';
import type {SortOrder, TableRow} from './table-rows.js';
import {worldCell} from './tree-rows.js';
import {severityMarker, type Theme} from './theme.js';

export interface TableProps {
	columns: Column[];
	/** Only the rows on screen: the caller slices, so 2,000 devices cost 20 rows of rendering. */
	rows: TableRow[];
	/** Values of the sample on screen. */
	values: Float64Array;
	/** The selected row's key. */
	selectedId: string | null;
	sort: SortOrder;
	thresholds: Thresholds;
	theme: Theme;
	/** Warm-up sample: no colours, no markers. */
	warmup: boolean;
	height: number;
}

/**
 * Our own small table (not ink-table): one <Text> line per visible row, fixed-width cells
 * right-aligned, latency cells coloured by their band, the selected row in inverse video.
 */
export function Table(props: TableProps) {
	const {columns, rows, height} = props;
	return (
		<Box flexDirection="column" height={height} flexShrink={0}>
			<HeaderLine columns={columns} sort={props.sort} theme={props.theme} />
			{rows.map((row) => (
				<RowLine key={row.key} row={row} {...props} selected={row.key === props.selectedId} />
			))}
		</Box>
	);
}

function HeaderLine({columns, sort, theme}: {columns: Column[]; sort: SortOrder; theme: Theme}) {
	let line = ' '.repeat(markerWidth);
	for (const column of columns) {
		const arrow = column.key === sort.key ? (sort.descending ? '▼' : '▲') : '';
		const title = `${column.title}${arrow}`;
		line += ' '.repeat(gap) + (column.key === 'id' ? title.padEnd(column.width) : title.padStart(column.width));
	}
	return (
		<Text bold color={theme.header} wrap="truncate">
			{line}
		</Text>
	);
}

interface RowProps extends TableProps {
	row: TableRow;
	selected: boolean;
}

const RowLine = memo(function RowLine({row, columns, values, selected, thresholds: global, theme, warmup}: RowProps) {
	const {entity, severity} = row;
	const thresholds = thresholdsFor(global, entity.id);
	// A world row shows the world's own counters, under its device.
	const source = row.world?.world ?? entity;
	const indent = '  '.repeat(row.depth ?? 0);
	const cells: Array<{text: string; color: string | undefined}> = [];
	const marker = warmup ? '' : severityMarker(severity);
	cells.push({text: marker.padEnd(markerWidth), color: theme.severity[severity ?? 'ok']});
	for (const column of columns) {
		// Without reverse video (TERM=dumb) the selected row says so in the gap before the id.
		cells.push({text: selected && theme.marks && column.key === 'id' ? '>'.padEnd(gap) : ' '.repeat(gap), color: undefined});
		if (column.key === 'id') {
			// Escaped first, then shortened and padded: the width is the width on screen.
			const room = column.width - indent.length;
			const id = row.world ? worldCell(row.world, room) : shortenMiddle(displayText(row.label ?? entity.id), room);
			cells.push({text: (indent + id).padEnd(column.width), color: undefined});
			continue;
		}
		const value = fieldValue(values, source, column.key);
		// A world row has commands/s and GAVG only: the rest of its cells stay blank.
		if (row.world && value === null) {
			cells.push({text: ' '.repeat(column.width), color: undefined});
			continue;
		}
		const text = fitCell(column.band ? formatMs(value) : formatRate(value), value, column.width);
		let cellSeverity: Severity | null = null;
		if (!warmup && value !== null) {
			if (column.band) cellSeverity = value >= thresholds[column.band].crit ? 'crit' : value >= thresholds[column.band].warn ? 'warn' : null;
			else if (column.alarmAboveZero && value > 0) cellSeverity = 'warn';
		}
		cells.push({text: text.padStart(column.width), color: cellSeverity ? theme.severity[cellSeverity] : undefined});
	}
	return (
		<Text inverse={selected} wrap="truncate">
			{cells.map((cell, i) =>
				cell.color ? (
					<Text key={i} color={cell.color} bold>
						{cell.text}
					</Text>
				) : (
					cell.text
				),
			)}
		</Text>
	);
});

/** Rates past a column's width in thousands or millions (12,345,678 → 12.3M). */
function fitCell(text: string, value: number | null, width: number): string {
	if (text.length <= width || value === null) return text;
	if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
	return `${Math.round(value / 1e3)}k`;
}
