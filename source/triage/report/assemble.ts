import type {ParseStats} from '../../parse/capture-parser.js';
import {formatThresholds} from '../../model/thresholds.js';
import {findCulprits} from './culprits.js';
import type {EntityDetail} from './entity-index.js';
import {type EntityTable, errorCounters, latencyMetrics, statsKey} from './entity-table.js';
import type {ReportBuilder} from './report-builder.js';
import type {LogSketch} from './sketch.js';
import type {EntitySummary, Percentiles, Report} from './types.js';

/** Turns the builder's accumulators into the report: entity summaries, links, culprits, headline. */
export function assembleReport(builder: ReportBuilder, name: string, parse: ParseStats): Report {
	const {thresholds, window, top} = builder.options;
	const links = linkDevicesToPaths(builder);
	const {table} = builder;
	const entities: EntitySummary[] = [];
	const statsOf = new Map<EntitySummary, EntityDetail>();
	for (const [key, e] of builder.keys) {
		const summary = summarize(table, e, links.get(key) ?? null);
		entities.push(summary);
		const tracker = table.trackers[e];
		statsOf.set(summary, {
			best: tracker?.best ?? null,
			overSamples: tracker?.overSamples ?? 0,
			cmds: {sum: table.cmdsSum[e]!, count: table.cmdsCount[e]!},
			series: (metric) => table.series(e, metric),
		});
	}
	entities.sort(byViewThenWorst);
	const samples = builder.clock.count;
	const from = samples > 0 ? builder.first : null;
	const to = samples > 0 ? builder.last : null;
	const all = findCulprits(entities, statsOf, thresholds, {from, to, buckets: builder.clock.used});
	const limit = Math.max(0, top ?? all.length);
	const culprits = all.slice(0, limit);
	const hosts = [...builder.hosts];
	const headline =
		all.length > 0
			? `${all[0]!.title}${all.length > 1 ? ` (+${all.length - 1} more)` : ''}`
			: `healthy: no device, adapter, path or NFS volume reached warn (${formatThresholds(thresholds)}) in ${samples} ${samples === 1 ? 'sample' : 'samples'}`;
	const clock = builder.clock;
	const used = clock.used;
	const starts = Array.from(clock.starts.subarray(0, used));
	const interval = builder.typicalInterval;
	const bucketSeconds = (interval ?? 0) * clock.span;
	return {
		hosts,
		from,
		to,
		samples,
		interval,
		healthy: all.length === 0,
		headline,
		thresholds,
		input: {
			name,
			headers: parse.headers,
			rows: builder.rows,
			warmup: builder.warmup,
			skipped: {drift: parse.drift, truncated: parse.truncated, time: parse.badTime},
			outOfRange: parse.outOfRange,
			rewound: parse.rewound,
			outsideWindow: builder.outsideWindow,
			window: window?.active ? window.bounds : null,
			span: Number.isNaN(builder.seenFirst) ? null : {from: builder.seenFirst, to: builder.seenLast},
			hasStorage: table.size > 0,
		},
		culprits,
		moreCulprits: all.length - culprits.length,
		entities,
		timeline: {bucketSeconds, starts},
	};
}

/**
 * Device ↔ path links, both ways: from `mpx.<runtime name>` ids (the id says it), else from
 * matching counters (PathLinker). Fills in a device's adapter from its path.
 */
function linkDevicesToPaths({keys, table, linker}: ReportBuilder): Map<string, string> {
	const links = new Map<string, string>();
	const link = (deviceKey: string, pathKey: string) => {
		const device = table.info[keys.get(deviceKey) ?? -1];
		const path = table.info[keys.get(pathKey) ?? -1];
		if (!device || !path || links.has(deviceKey) || links.has(pathKey)) return;
		links.set(deviceKey, path.id);
		links.set(pathKey, device.id);
		device.adapter ??= path.adapter;
	};
	for (const [key, e] of keys) {
		const {view, id, host} = table.info[e]!;
		if (view === 'device' && id.startsWith('mpx.')) link(key, statsKey(host, 'path', id.slice(4)));
	}
	for (const [deviceKey, pathKey] of linker.links()) link(deviceKey, pathKey);
	return links;
}

function summarize(table: EntityTable, e: number, linked: string | null): EntitySummary {
	const {view, id, host, adapter} = table.info[e]!;
	const latency = Object.fromEntries(latencyMetrics.map((metric) => [metric, percentiles(table.sketch(e, metric))])) as EntitySummary['latency'];
	const tracker = table.trackers[e];
	const stretch = tracker?.best ?? null;
	const error = (c: number) => (table.errorPresent[e * errorCounters.length + c] ? table.errorTotals[e * errorCounters.length + c]! : null);
	const rated = table.rated[e]!;
	return {
		view,
		id,
		host,
		adapter,
		linked,
		samples: table.samples[e]!,
		latency,
		cmds: rate(table.cmdsSum[e]!, table.cmdsCount[e]!, table.cmdsPeak[e]!, table.cmdsPeakAt[e]!),
		mbps: rate(table.mbSum[e]!, table.mbCount[e]!, table.mbPeak[e]!, table.mbPeakAt[e]!),
		failed: error(0),
		aborts: error(1),
		resets: error(2),
		warnShare: rated > 0 ? table.warn[e]! / rated : 0,
		critShare: rated > 0 ? table.crit[e]! / rated : 0,
		stretch: stretch
			? {
					from: stretch.start,
					to: stretch.end,
					seconds: stretch.seconds,
					samples: stretch.over,
					span: stretch.span,
					severity: stretch.severity,
					critSamples: stretch.critSamples,
					bottleneck: stretch.bottleneck,
				}
			: null,
		score: tracker?.score ?? 0,
	};
}

function percentiles(sketch: LogSketch): Percentiles | null {
	if (sketch.count === 0) return null;
	return {p50: sketch.quantile(0.5), p95: sketch.quantile(0.95), p99: sketch.quantile(0.99), max: sketch.max};
}

function rate(sum: number, count: number, peak: number, peakAt: number): EntitySummary['cmds'] {
	if (count === 0) return null;
	return {mean: sum / count, peak, peakAt};
}

const viewOrder = {device: 0, adapter: 1, path: 2, nfs: 3, vm: 4} as const;

/** Devices, adapters, paths, NFS volumes; within a view the worst first, then by id. */
function byViewThenWorst(a: EntitySummary, b: EntitySummary): number {
	return viewOrder[a.view] - viewOrder[b.view] || b.score - a.score || b.critShare + b.warnShare - (a.critShare + a.warnShare) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
