import type {ParseStats} from '../../parse/capture-parser.js';
import {formatThresholds} from '../thresholds.js';
import {findCulprits} from './culprits.js';
import {type EntityStats, latencyMetrics, type RateStat, statsKey} from './entity-stats.js';
import type {ReportBuilder} from './report-builder.js';
import type {LogSketch} from './sketch.js';
import type {EntitySummary, Percentiles, Report} from './types.js';

/** Turns the builder's accumulators into the report: entity summaries, links, culprits, headline. */
export function assembleReport(builder: ReportBuilder, name: string, parse: ParseStats): Report {
	const {thresholds, window, top} = builder.options;
	const links = linkDevicesToPaths(builder);
	const entities: EntitySummary[] = [];
	const statsOf = new Map<EntitySummary, EntityStats>();
	for (const [key, stats] of builder.stats) {
		const summary = summarize(stats, links.get(key) ?? null);
		entities.push(summary);
		statsOf.set(summary, stats);
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
			outsideWindow: builder.outsideWindow,
			window: window?.active ? window.bounds : null,
			span: Number.isNaN(builder.seenFirst) ? null : {from: builder.seenFirst, to: builder.seenLast},
			hasStorage: builder.stats.size > 0,
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
function linkDevicesToPaths(builder: ReportBuilder): Map<string, string> {
	const links = new Map<string, string>();
	const link = (deviceKey: string, pathKey: string) => {
		const device = builder.stats.get(deviceKey);
		const path = builder.stats.get(pathKey);
		if (!device || !path || links.has(deviceKey) || links.has(pathKey)) return;
		links.set(deviceKey, path.id);
		links.set(pathKey, device.id);
		device.adapter ??= path.adapter;
	};
	for (const [key, stats] of builder.stats) {
		if (stats.view === 'device' && stats.id.startsWith('mpx.')) link(key, statsKey(stats.host, 'path', stats.id.slice(4)));
	}
	for (const [deviceKey, pathKey] of builder.linker.links()) link(deviceKey, pathKey);
	return links;
}

function summarize(stats: EntityStats, linked: string | null): EntitySummary {
	const latency = Object.fromEntries(latencyMetrics.map((metric) => [metric, percentiles(stats.latency[metric])])) as EntitySummary['latency'];
	const stretch = stats.best;
	return {
		view: stats.view,
		id: stats.id,
		host: stats.host,
		adapter: stats.adapter,
		linked,
		samples: stats.samples,
		latency,
		cmds: rate(stats.cmds),
		mbps: rate(stats.mbps),
		failed: stats.failed.present ? stats.failed.total : null,
		aborts: stats.aborts.present ? stats.aborts.total : null,
		resets: stats.resets.present ? stats.resets.total : null,
		warnShare: stats.rated > 0 ? stats.warn / stats.rated : 0,
		critShare: stats.rated > 0 ? stats.crit / stats.rated : 0,
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
		score: stats.score,
	};
}

function percentiles(sketch: LogSketch): Percentiles | null {
	if (sketch.count === 0) return null;
	return {p50: sketch.quantile(0.5), p95: sketch.quantile(0.95), p99: sketch.quantile(0.99), max: sketch.max};
}

function rate(stat: RateStat): EntitySummary['cmds'] {
	if (stat.count === 0) return null;
	return {mean: stat.sum / stat.count, peak: stat.peak, peakAt: stat.peakTime};
}

const viewOrder = {device: 0, adapter: 1, path: 2, nfs: 3, vm: 4} as const;

/** Devices, adapters, paths, NFS volumes; within a view the worst first, then by id. */
function byViewThenWorst(a: EntitySummary, b: EntitySummary): number {
	return viewOrder[a.view] - viewOrder[b.view] || b.score - a.score || b.critShare + b.warnShare - (a.critShare + a.warnShare) || a.id.localeCompare(b.id);
}
