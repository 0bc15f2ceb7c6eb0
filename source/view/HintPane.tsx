import {Box, Text} from 'ink';
import React from 'react';
import type {Diagnosis} from '../triage/diagnose.js';
import {seriesOf} from '../model/entity-stats.js';
import {formatMs} from '../model/format.js';
import type {HistoryView} from '../model/history.js';
import {type ThresholdMetric, type Thresholds, thresholdsFor} from '../model/thresholds.js';
import type {Entity} from '../parse/schema.js';
import type {FieldName} from '../parse/storage-views.js';
import {displayText} from './display-text.js';
import {sparkline} from './sparkline.js';
import type {Theme} from './theme.js';
import {verdictBadge} from './verdict-badge.js';

export interface HintPaneProps {
	entity: Entity | null;
	diagnosis: Diagnosis | null;
	history: HistoryView;
	thresholds: Thresholds;
	theme: Theme;
	width: number;
	height: number;
	/** Who is behind the row (display-safe lines, source/view/attribution.ts), shown under the headline. */
	attribution?: readonly string[];
	/** The rule's text instead of the entity's (a world row under its device). */
	title?: string;
}


/** Which series the sparklines show for a view, and the band that colours each. */
function sparkFields(entity: Entity): Array<{field: FieldName; label: string; band: ThresholdMetric}> {
	if (entity.view === 'vm') return [{field: 'readLatency', label: 'RD', band: 'gavg'}, {field: 'writeLatency', label: 'WR', band: 'gavg'}];
	if (entity.view === 'nfs') return [{field: 'gavg', label: 'GAVG', band: 'gavg'}];
	return [
		{field: 'gavg', label: 'GAVG', band: 'gavg'},
		{field: 'davg', label: 'DAVG', band: 'davg'},
		{field: 'kavg', label: 'KAVG', band: 'kavg'},
	];
}

/** The selected row explained: verdict, the numbers behind it, what to do, and its history. */
export function HintPane({entity, diagnosis, history, thresholds, theme, width, height, attribution = [], title}: HintPaneProps) {
	if (!entity || !diagnosis) {
		return (
			<Box height={height} flexDirection="column">
				<Rule text="no row selected" width={width} theme={theme} />
				<Text dimColor={theme.dim}>No rows in this view (or none match the filter).</Text>
			</Box>
		);
	}
	const wide = width >= 110;
	const sparkWidth = wide ? Math.min(64, Math.floor(width * 0.36)) : width;
	const fields = sparkFields(entity);
	const bands = thresholdsFor(thresholds, entity.id);
	const color = theme.severity[diagnosis.severity ?? 'ok'] ?? (diagnosis.verdict === 'none' ? undefined : theme.accent);
	const sparks = fields.map(({field, label, band}) => {
		const chars = wide ? sparkWidth - label.length - 9 : Math.max(6, Math.floor(width / fields.length) - label.length - 9);
		const series = seriesOf(history, entity.view, entity.id, field, chars);
		const current = series.at(-1);
		return (
			<Text key={field} wrap="truncate">
				<Text dimColor={theme.dim}>{label} </Text>
				{sparkline(series, bands[band]).map((segment, i) => (
					<Text key={i} color={segment.severity ? theme.severity[segment.severity] : undefined}>
						{segment.text}
					</Text>
				))}
				<Text> {(typeof current === 'number' ? formatMs(current) : '-').padStart(6)} </Text>
			</Text>
		);
	});
	const text = (
		<Box flexDirection="column" flexGrow={1} flexShrink={1}>
			{/* flexShrink 0 everywhere: clip what does not fit at the bottom instead of squashing lines. */}
			<Box flexShrink={0}>
			<Text wrap="wrap">
				<Text color={color} bold inverse={diagnosis.severity === 'crit'}>
					{` ${verdictBadge(diagnosis)} `}
				</Text>{' '}
				{displayText(diagnosis.headline)}
			</Text>
			</Box>
			{attribution.map((line, i) => (
				<Box key={`who${i}`} flexShrink={0}>
					<Text wrap="wrap" bold={i === 0}>
						▸ {line}
					</Text>
				</Box>
			))}
			{wide ? null : <Box flexShrink={0}>{sparks}</Box>}
			{diagnosis.next ? (
				<Box flexShrink={0}>
					<Text wrap="wrap">→ {displayText(diagnosis.next)}</Text>
				</Box>
			) : null}
			{diagnosis.evidence.map((line, i) => (
				<Box key={i} flexShrink={0}>
					<Text wrap="wrap">· {displayText(line)}</Text>
				</Box>
			))}
		</Box>
	);
	return (
		<Box height={height} flexDirection="column" flexShrink={0}>
			<Rule text={title ?? displayText(`${entity.id}  (${entity.view}${entity.adapters.length > 0 && entity.view !== 'adapter' ? ` on ${entity.adapters.join(', ')}` : ''})`)} width={width} theme={theme} />
			<Box height={height - 1} overflow="hidden">
				{text}
				{wide ? (
					<Box flexDirection="column" width={sparkWidth} flexShrink={0} marginLeft={1}>
						<Text dimColor={theme.dim}>last {Math.min(history.length, sparkWidth - 14)} samples</Text>
						{sparks}
					</Box>
				) : null}
			</Box>
		</Box>
	);
}

function Rule({text, width, theme}: {text: string; width: number; theme: Theme}) {
	const label = text.length > width - 4 ? `${text.slice(0, width - 5)}…` : text;
	return (
		<Text color={theme.accent} wrap="truncate">
			{`── ${label} ${'─'.repeat(Math.max(0, width - label.length - 4))}`}
		</Text>
	);
}
