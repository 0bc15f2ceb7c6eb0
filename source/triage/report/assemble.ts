import type {ParseStats} from '../../parse/capture-parser.js';
import {formatThresholds} from '../../model/thresholds.js';
import {findCulprits} from './culprits.js';
import type {EntityDetail} from './entity-index.js';
import {type EntityTable, errorCounters, latencyMetrics, statsKey} from './entity-table.js';
import type {ReportBuilder} from './report-builder.js';
import type {LogSketch} from './sketch.js';
import type {EntitySummary, LowIoEntry, Percentiles, Report} from './types.js';
import {type LinkBasis, localKind, localKindText} from '../topology.js';
import {formatMs, formatRate} from '../../model/format.js';

/** Turns the builder's accumulators into the report: entity summaries, links, culprits, headline. */
export function assembleReport(builder: ReportBuilder, name: string, parse: ParseStats): Report {
	const {thresholds, window, top} = builder.options;
	const links = linkTopology(builder);
	const minIo = builder.minIo;
	const {table} = builder;
	const entities: EntitySummary[] = [];
	const statsOf = new Map<EntitySummary, EntityDetail>();
	const buckets = builder.clock.used;
	for (const [key, e] of builder.keys) {
		const summary = summarize(table, e, links.get(key) ?? null);
		entities.push(summary);
		const tracker = table.trackers[e];
		statsOf.set(summary, {
			best: tracker?.best ?? null,
			overSamples: tracker?.overSamples ?? 0,
			cmds: {sum: table.cmdsSum[e]!, count: table.cmdsCount[e]!},
			series: (metric) => table.series(e, metric),
			means: (metric) => table.means(e, metric, buckets),
			episodes: tracker ? [...tracker.episodes] : [],
			episodeCount: tracker?.episodeCount ?? 0,
			gaps: tracker ? {count: tracker.gaps, sum: tracker.gapSum, squares: tracker.gapSquares} : {count: 0, sum: 0, squares: 0},
		});
	}
	// Keys the links were made under also link paths back to their device.
	entities.sort(byViewThenWorst);
	const samples = builder.clock.count;
	const from = samples > 0 ? builder.first : null;
	const to = samples > 0 ? builder.last : null;
	const all = findCulprits(entities, statsOf, thresholds, {from, to, buckets, bucketStarts: Array.from(builder.clock.starts.subarray(0, buckets)), minIo, hosts: [...builder.hosts]});
	const limit = Math.max(0, top ?? all.length);
	const culprits = all.slice(0, limit);
	const hosts = [...builder.hosts];
	const lowIo = lowIoEntries(entities, minIo);
	const quiet = lowIo.filter((l) => l.view !== 'path' || !lowIo.some((d) => d.view === 'device' && links.get(statsKey(d.host, 'device', d.id))?.paths.some((p) => p.id === l.id)));
	const headline =
		all.length > 0
			? `${all[0]!.title}${all.length > 1 ? ` (+${all.length - 1} more)` : ''}`
			: quiet.length > 0
				? `healthy: nothing with enough I/O to judge reached warn (${formatThresholds(thresholds)}) in ${samples} ${samples === 1 ? 'sample' : 'samples'}; ${quiet.map((l) => l.id).slice(0, 3).join(', ')}${quiet.length > 3 ? ` and ${quiet.length - 3} more` : ''} went over with too little I/O to judge (under ${formatRate(minIo)} commands/s)`
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
		minIo,
		lowIo: quiet,
	};
}

/** Entities whose only samples at warn or above had too little I/O to judge. */
function lowIoEntries(entities: readonly EntitySummary[], minIo: number): LowIoEntry[] {
	return entities
		.filter((e) => e.lowIoSamples > 0 && e.stretch === null)
		.map((e) => {
			const mean = e.cmds?.mean ?? null;
			const what = e.local ? `${localKindText[e.local]}; ` : '';
			const davg = e.latency.davg?.max ?? e.latency.gavg?.max ?? null;
			return {
				view: e.view,
				id: e.id,
				host: e.host,
				cmds: mean,
				samples: e.lowIoSamples,
				why: `too little I/O to judge: ${what}${formatRate(mean)} commands/s on average (under ${formatRate(minIo)}), so its latency (max ${formatMs(davg)} ms) is an average over a handful of commands`,
			};
		});
}

/** A device's paths (and a path's device) as the report tells them, keyed like `builder.keys`. */
export interface EntityLinks {
	paths: Array<{id: string; adapter: string | null; basis: LinkBasis[]}>;
	adapters: string[];
	device: string | null;
}

/**
 * Device ↔ path ↔ adapter links from every header's topology (the same device may appear in
 * several concatenated captures; links found in any of them count).
 */
function linkTopology({topologies}: ReportBuilder): Map<string, EntityLinks> {
	const links = new Map<string, EntityLinks>();
	const entry = (key: string) => {
		let found = links.get(key);
		if (!found) links.set(key, (found = {paths: [], adapters: [], device: null}));
		return found;
	};
	for (const topology of topologies) {
		const {host} = topology.schema;
		topology.devices.forEach((device, d) => {
			const {paths, basis} = topology.links[d]!;
			const deviceLinks = entry(statsKey(host, 'device', device.id));
			for (const p of paths) {
				const id = topology.paths[p]!.id;
				const adapter = topology.adapterOfPath(p);
				let path = deviceLinks.paths.find((known) => known.id === id);
				if (!path) deviceLinks.paths.push((path = {id, adapter, basis: []}));
				for (const b of basis) if (!path.basis.includes(b)) path.basis.push(b);
				entry(statsKey(host, 'path', id)).device = device.id;
			}
			for (const adapter of topology.adaptersOf(d)) if (!deviceLinks.adapters.includes(adapter)) deviceLinks.adapters.push(adapter);
		});
	}
	return links;
}

function summarize(table: EntityTable, e: number, links: EntityLinks | null): EntitySummary {
	const {view, id, host} = table.info[e]!;
	const adapters = view === 'device' ? (links?.adapters ?? []) : table.info[e]!.adapter ? [table.info[e]!.adapter!] : [];
	const paths = view === 'device' ? (links?.paths ?? []) : null;
	const linked = view === 'device' ? (paths!.length === 1 ? paths![0]!.id : null) : view === 'path' ? (links?.device ?? null) : null;
	const overCount = table.overCount[e]!;
	const outside = table.cmdsCount[e]! - overCount;
	const dqlenMax = table.dqlenMax[e]!;
	const latency = Object.fromEntries(latencyMetrics.map((metric) => [metric, percentiles(table.sketch(e, metric))])) as EntitySummary['latency'];
	const tracker = table.trackers[e];
	const stretch = tracker?.best ?? null;
	const error = (c: number) => (table.errorPresent[e * errorCounters.length + c] ? table.errorTotals[e * errorCounters.length + c]! : null);
	const rated = table.rated[e]!;
	return {
		view,
		id,
		host,
		adapter: adapters.length === 1 ? adapters[0]! : null,
		linked,
		adapters,
		paths,
		local: view === 'device' ? localKind(id) : null,
		lost: table.lost[e]!,
		lowIoSamples: table.lowIoOver[e]!,
		showsThrough: [],
		baseline: outside > 0 ? (table.cmdsSum[e]! - table.overCmdsSum[e]!) / outside : null,
		dqlen: dqlenMax === dqlenMax ? {max: dqlenMax, min: table.dqlenMin[e]!, droppedAt: table.dqlenDropAt[e]! === table.dqlenDropAt[e]! ? table.dqlenDropAt[e]! : null} : null,
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
