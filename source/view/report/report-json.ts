import {sketchRelativeError} from '../../triage/report/sketch.js';
import type {Culprit, EntitySummary, Percentiles, RateSummary, Report} from '../../triage/report/types.js';
import type {VmShare} from '../../triage/report/vm-ledger.js';

/** The worlds behind a device: exact names (JSON keeps them), shares 0–1, commands/s, ms. */
const vmJson = (vm: VmShare) => ({name: vm.name, world: vm.world, share: round(vm.share, 4), cmds: round(vm.cmds), latency: round(vm.latency)});

/** The culprits' ranking: seconds of guest waiting above the thresholds (commands/s × excess latency × time). */
export const rankingMeasure = 'guestWaitSeconds';

/**
 * `esxlat report --json`: the report for tooling. Key order and names are a contract (the readme
 * documents them); times are ISO 8601 UTC, latencies ms, rates per second, shares 0–1.
 */
export function reportJson(report: Report): string {
	const iso = (ms: number | null) => (ms === null || Number.isNaN(ms) ? null : new Date(ms).toISOString());
	const culprit = (c: Culprit) => ({
		rank: c.rank,
		view: c.view,
		id: c.id,
		bottleneck: c.bottleneck,
		cause: c.cause,
		severity: c.severity,
		from: iso(c.from),
		to: iso(c.to),
		seconds: round(c.seconds),
		samples: c.samples,
		score: round(c.score),
		timeouts: c.timeouts,
		title: c.title,
		summary: c.summary,
		evidence: c.evidence,
		next: c.next,
		members: c.members,
		timeline: {metric: c.metric, p95: round(c.p95), max: round(c.peak), values: c.timeline.map((v) => round(v))},
		episodes: c.episodes.map((e) => ({
			from: iso(e.from),
			to: iso(e.to),
			seconds: round(e.seconds),
			samples: e.samples,
			severity: e.severity,
			peak: {davg: round(e.peak.davg), kavg: round(e.peak.kavg), gavg: round(e.peak.gavg)},
			lostSeconds: round(e.lost),
		})),
		recurrence: c.recurrence ? {episodes: c.recurrence.episodes, everySeconds: round(c.recurrence.every), text: c.recurrence.text} : null,
		trend: c.trend ? {metric: c.trend.metric, from: round(c.trend.from), to: round(c.trend.to), since: iso(c.trend.since), text: c.trend.text} : null,
		confidence: c.confidence,
		confidenceWhy: c.confidenceWhy,
		ranking: {measure: rankingMeasure, value: round(c.lost)},
		...(c.view === 'device' ? {vms: (c.vms ?? []).map(vmJson)} : {}),
	});
	const rate = (r: RateSummary | null) => (r ? {mean: round(r.mean), peak: round(r.peak), peakAt: iso(r.peakAt)} : null);
	const entity = (e: EntitySummary) => ({
		view: e.view,
		id: e.id,
		...(report.hosts.length > 1 ? {host: e.host} : {}),
		adapter: e.adapter,
		linked: e.linked,
		samples: e.samples,
		davg: pct(e.latency.davg),
		kavg: pct(e.latency.kavg),
		gavg: pct(e.latency.gavg),
		qavg: pct(e.latency.qavg),
		cmds: rate(e.cmds),
		mbps: rate(e.mbps),
		failed: round(e.failed),
		aborts: round(e.aborts),
		resets: round(e.resets),
		warnShare: round(e.warnShare, 4),
		critShare: round(e.critShare, 4),
		stretch: e.stretch
			? {
					from: iso(e.stretch.from),
					to: iso(e.stretch.to),
					seconds: round(e.stretch.seconds),
					samples: e.stretch.samples,
					severity: e.stretch.severity,
					bottleneck: e.stretch.bottleneck,
				}
			: null,
		adapters: e.adapters,
		paths: e.paths,
		local: e.local,
		lostSeconds: round(e.lost),
		lowIoSamples: e.lowIoSamples,
		baselineCmds: round(e.baseline),
		dqlen: e.dqlen ? {max: e.dqlen.max, min: e.dqlen.min, droppedAt: iso(e.dqlen.droppedAt)} : null,
		showsThrough: e.view === 'adapter' ? e.showsThrough : null,
		...(e.view === 'device' ? {vms: (e.vms ?? []).map(vmJson)} : {}),
	});
	const {input} = report;
	return JSON.stringify(
		{
			host: report.hosts.join(', '),
			from: iso(report.from),
			to: iso(report.to),
			samples: report.samples,
			interval: report.interval,
			healthy: report.healthy,
			headline: report.headline,
			thresholds: report.thresholds,
			percentiles: {method: 'log-bucket sketch', relativeError: sketchRelativeError},
			input: {
				file: input.name,
				captures: input.headers,
				rows: input.rows,
				warmupRows: input.warmup,
				skipped: input.skipped,
				outOfRange: input.outOfRange,
				rewound: input.rewound,
				outsideWindow: input.outsideWindow,
				window: input.window ? {from: iso(input.window.from), to: iso(input.window.to)} : null,
			},
			culprits: report.culprits.map(culprit),
			moreCulprits: report.moreCulprits,
			entities: report.entities.map(entity),
			timeline: {bucketSeconds: round(report.timeline.bucketSeconds), starts: report.timeline.starts.map((ms) => iso(ms))},
			minIo: report.minIo,
			lowIo: report.lowIo.map((l) => ({view: l.view, id: l.id, ...(report.hosts.length > 1 ? {host: l.host} : {}), cmds: round(l.cmds), samples: l.samples, why: l.why})),
		},
		null,
		2,
	);
}

function pct(p: Percentiles | null) {
	return p ? {p50: round(p.p50), p95: round(p.p95), p99: round(p.p99), max: round(p.max)} : null;
}

/** Two decimals, as esxtop writes them (more would only show the sketch's arithmetic). */
function round(value: number | null, digits = 2): number | null {
	if (value === null || !Number.isFinite(value)) return null;
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}
