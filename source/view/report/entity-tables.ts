import type {Severity} from '../../triage/classify.js';
import type {LatencyMetric} from '../../triage/report/entity-table.js';
import {formatDuration, type TimeFormat} from '../../triage/report/time-format.js';
import type {EntitySummary, Report} from '../../triage/report/types.js';
import {formatMs, formatRate} from '../../model/format.js';
import type {ViewName} from '../../parse/storage-views.js';

/** A table both text formats render: the terminal pads it, markdown pipes it. */
export interface Cell {
	text: string;
	severity?: Severity | null;
}

export interface Table {
	title: string;
	/** Column groups above the header (label, columns spanned); the first column is the id. */
	groups: Array<{label: string; span: number}>;
	header: string[];
	rows: Cell[][];
	/** Columns of text (left-aligned); the others are numbers. The id column always is. */
	textColumns: number[];
	/** Rows left out, and what they have in common. */
	omitted: number;
	omittedNote: string;
}

export const viewTitles: Record<Exclude<ViewName, 'vm'>, string> = {device: 'Devices', adapter: 'Adapters', path: 'Paths', nfs: 'NFS volumes'};
const latencyMetrics: LatencyMetric[] = ['davg', 'kavg', 'gavg', 'qavg'];
const metricLabel: Record<LatencyMetric, string> = {davg: 'DAVG ms', kavg: 'KAVG ms', gavg: 'GAVG ms', qavg: 'QAVG ms'};

/** Rows per view in the text formats; --json has all of them. */
export const rowsPerView = 20;

/** The views present in the report, each with its entities (already worst first). */
export function entitiesByView(report: Report): Array<{view: Exclude<ViewName, 'vm'>; entities: EntitySummary[]}> {
	const views: Array<Exclude<ViewName, 'vm'>> = ['device', 'adapter', 'path', 'nfs'];
	return views.map((view) => ({view, entities: report.entities.filter((e) => e.view === view)})).filter((v) => v.entities.length > 0);
}

/** p50, p95, p99 and max of DAVG, KAVG, GAVG and QAVG, coloured by the thresholds. */
export function latencyTable(view: Exclude<ViewName, 'vm'>, entities: EntitySummary[], report: Report, limit = rowsPerView): Table {
	const shown = entities.slice(0, limit);
	// NFS volumes have GAVG only: leave out what no entity of the view has.
	const metrics = latencyMetrics.filter((metric) => entities.some((entity) => entity.latency[metric] !== null));
	const rows = shown.map((entity) => {
		const cells: Cell[] = [{text: label(entity, report)}];
		for (const metric of metrics) {
			const p = entity.latency[metric];
			const band = metric === 'qavg' ? null : report.thresholds[metric];
			for (const value of [p?.p50 ?? null, p?.p95 ?? null, p?.p99 ?? null, p?.max ?? null]) {
				cells.push({text: formatMs(value), severity: band && value !== null ? (value >= band.crit ? 'crit' : value >= band.warn ? 'warn' : null) : null});
			}
		}
		return cells;
	});
	return {
		title: `${viewTitles[view]} (${entities.length}): latency`,
		groups: metrics.map((metric) => ({label: metricLabel[metric], span: 4})),
		header: [idHeader(view), ...metrics.flatMap(() => ['p50', 'p95', 'p99', 'max'])],
		rows,
		textColumns: [0],
		...omission(entities, limit),
	};
}

/** Commands/s and MB/s (mean, peak), error totals, time at warn/crit and the worst stretch. */
export function loadTable(view: Exclude<ViewName, 'vm'>, entities: EntitySummary[], report: Report, time: TimeFormat, limit = rowsPerView): Table {
	const shown = entities.slice(0, limit);
	const rows = shown.map((entity) => {
		const stretch = entity.stretch;
		const total = (value: number | null) => ({text: value === null ? '-' : formatRate(Math.round(value)), severity: value !== null && value >= 0.5 ? ('warn' as const) : null});
		return [
			{text: label(entity, report)},
			{text: formatRate(entity.cmds?.mean ?? null)},
			{text: formatRate(entity.cmds?.peak ?? null)},
			{text: formatRate(entity.mbps?.mean ?? null)},
			{text: formatRate(entity.mbps?.peak ?? null)},
			total(entity.failed),
			total(entity.aborts),
			total(entity.resets),
			{text: share(entity.warnShare), severity: entity.warnShare > 0 ? ('warn' as const) : null},
			{text: share(entity.critShare), severity: entity.critShare > 0 ? ('crit' as const) : null},
			stretch
				? {text: `${time.range(stretch.from, stretch.to)} ${formatDuration(stretch.seconds)} ${stretch.bottleneck}`, severity: stretch.severity}
				: {text: '-'},
		];
	});
	return {
		title: `${viewTitles[view]}: load, errors, time over thresholds`,
		groups: [
			{label: 'cmds/s', span: 2},
			{label: 'MB/s', span: 2},
			{label: '≈ total', span: 3},
			{label: 'samples at', span: 2},
			{label: '', span: 1},
		],
		header: [idHeader(view), 'mean', 'peak', 'mean', 'peak', 'failed', 'aborts', 'resets', 'warn', 'crit', 'worst stretch'],
		rows,
		textColumns: [0, 10],
		...omission(entities, limit),
	};
}

function idHeader(view: Exclude<ViewName, 'vm'>): string {
	return {device: 'device', adapter: 'adapter', path: 'path', nfs: 'NFS volume'}[view];
}

function label(entity: EntitySummary, report: Report): string {
	return report.hosts.length > 1 ? `${entity.host}: ${entity.id}` : entity.id;
}

function share(value: number): string {
	if (value === 0) return '-';
	const pct = value * 100;
	return pct < 1 ? '<1%' : `${Math.round(pct)}%`;
}

function omission(entities: EntitySummary[], limit: number): {omitted: number; omittedNote: string} {
	const rest = entities.slice(limit);
	const anyOver = rest.some((e) => e.stretch !== null);
	return {omitted: rest.length, omittedNote: anyOver ? 'more below, some at warn (all in --json)' : 'more, none at warn or above (all in --json)'};
}
