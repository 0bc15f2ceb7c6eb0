import type {ViewName} from '../../parse/storage-views.js';
import {type Band, type Thresholds, thresholdsFor} from '../../model/thresholds.js';
import {gathered, stride} from './gather.js';
import {type LogSketch, SketchColumns} from './sketch.js';
import {StretchTracker} from './stretch-tracker.js';
import {mergeSeries, timelineBuckets} from './timeline.js';

export const latencyMetrics = ['davg', 'kavg', 'gavg', 'qavg'] as const;
export type LatencyMetric = (typeof latencyMetrics)[number];
/** Metrics with a timeline (the ones a verdict is about), in timeline order. */
export const timelineMetrics = ['davg', 'kavg', 'gavg'] as const;
export type TimelineMetric = (typeof timelineMetrics)[number];
export const errorCounters = ['failed', 'aborts', 'resets'] as const;

export interface EntityInfo {
	view: ViewName;
	id: string;
	host: string;
	/** The adapter the entity sits on, where known. */
	adapter: string | null;
}

/** How the report keys an entity: host, view and id (concatenated captures may mix hosts). */
export function statsKey(host: string, view: ViewName, id: string): string {
	return `${host}\u0000${view}\u0000${id}`;
}

/** A band as a rank: 0 ok, 1 warn, 2 crit (classify.ts's bands, as numbers for the hot loop). */
function rankOf(value: number, band: Band): number {
	return value >= band.crit ? 2 : value >= band.warn ? 1 : 0;
}

/**
 * What the report keeps about every device, adapter, path and NFS volume, as columns (one
 * typed array per figure, indexed by entity): each sample is a few tight loops over the bound
 * entities instead of a method call per entity, which matters for a capture of thousands of
 * samples × hundreds of entities. Memory grows with entities, never with samples.
 */
export class EntityTable {
	readonly info: EntityInfo[] = [];
	samples: Uint32Array = new Uint32Array(0);
	/** Samples with a severity (all of KAVG, DAVG, GAVG present; GAVG for NFS), and those at warn, at crit. */
	rated: Uint32Array = new Uint32Array(0);
	warn: Uint32Array = new Uint32Array(0);
	crit: Uint32Array = new Uint32Array(0);
	cmdsSum: Float64Array = new Float64Array(0);
	cmdsCount: Float64Array = new Float64Array(0);
	cmdsPeak: Float64Array = new Float64Array(0);
	cmdsPeakAt: Float64Array = new Float64Array(0);
	mbSum: Float64Array = new Float64Array(0);
	mbCount: Float64Array = new Float64Array(0);
	mbPeak: Float64Array = new Float64Array(0);
	mbPeakAt: Float64Array = new Float64Array(0);
	/** Per entity, Σ rate × interval for failed/aborts/resets, and whether the capture has them. */
	errorTotals: Float64Array = new Float64Array(0);
	errorPresent: Uint8Array = new Uint8Array(0);
	/** Per entity, one max per timeline bucket for DAVG, KAVG, GAVG. */
	timeline: Float32Array = new Float32Array(0);
	/** The same buckets' sums and counts: means for trends. */
	timelineSum: Float32Array = new Float32Array(0);
	timelineCount: Uint32Array = new Uint32Array(0);
	/**
	 * What guests lost: Σ over samples at warn or above of commands/s × the largest excess of
	 * KAVG, DAVG or GAVG over its warn threshold × the interval, in seconds of waiting.
	 */
	lost: Float64Array = new Float64Array(0);
	/** Samples at warn or above with too little I/O to judge (under --min-io commands/s). */
	lowIoOver: Uint32Array = new Uint32Array(0);
	/** Σ commands/s over the samples counted as trouble, and how many: the rest is the entity's baseline load. */
	overCmdsSum: Float64Array = new Float64Array(0);
	overCount: Uint32Array = new Uint32Array(0);
	/** DQLEN: the largest seen, the smallest, and when it first fell below the largest before it (adaptive queue depth). */
	dqlenMax: Float64Array = new Float64Array(0);
	dqlenMin: Float64Array = new Float64Array(0);
	dqlenDropAt: Float64Array = new Float64Array(0);
	private nfs: Uint8Array = new Uint8Array(0);
	/** DAVG, KAVG, GAVG and QAVG of entity e are sketches e × 4 + 0…3. */
	readonly sketches = new SketchColumns();
	readonly trackers: Array<StretchTracker | null> = [];

	get size(): number {
		return this.info.length;
	}

	/** Adds an entity; returns its index. */
	add(info: EntityInfo): number {
		const index = this.info.length;
		if (index >= this.samples.length) this.grow(Math.max(64, index * 2));
		this.info.push(info);
		this.nfs[index] = info.view === 'nfs' ? 1 : 0;
		this.sketches.addSketches(latencyMetrics.length);
		this.trackers.push(null);
		return index;
	}

	/**
	 * One sample. `row` holds the bound entities' gathered fields, binding by binding; `index`
	 * maps a binding to its entity. Writes each binding's severity rank into `ranks` (-1 none,
	 * 0 ok, 1 warn, 2 crit).
	 */
	take(row: Float64Array, index: Int32Array, time: number, seconds: number, bucket: number, thresholds: Thresholds, ranks: Int8Array, minIo: number, lost: Float64Array): void {
		const n = index.length;
		for (let i = 0; i < n; i++) {
			const e = index[i]!;
			const at = i * stride;
			this.samples[e]!++;
			for (let m = 0; m < latencyMetrics.length; m++) {
				const value = row[at + m]!;
				if (value !== value) continue;
				this.sketches.add(e * latencyMetrics.length + m, value);
				if (m < timelineMetrics.length) {
					const cell = (e * timelineMetrics.length + m) * timelineBuckets + bucket;
					if (!(this.timeline[cell]! >= value)) this.timeline[cell] = value;
					this.timelineSum[cell] += value;
					this.timelineCount[cell]!++;
				}
			}
		}
		this.sketches.endSample();
		for (let i = 0; i < n; i++) {
			const e = index[i]!;
			const at = i * stride;
			const cmds = row[at + gathered.cmds]!;
			if (cmds === cmds) {
				this.cmdsSum[e] += cmds;
				this.cmdsCount[e]!++;
				if (!(cmds <= this.cmdsPeak[e]!)) {
					this.cmdsPeak[e] = cmds;
					this.cmdsPeakAt[e] = time;
				}
			}
			const mbRead = row[at + gathered.mbRead]!;
			const mbWritten = row[at + gathered.mbWritten]!;
			if (mbRead === mbRead || mbWritten === mbWritten) {
				const mb = (mbRead || 0) + (mbWritten || 0);
				this.mbSum[e] += mb;
				this.mbCount[e]!++;
				if (!(mb <= this.mbPeak[e]!)) {
					this.mbPeak[e] = mb;
					this.mbPeakAt[e] = time;
				}
			}
			for (let c = 0; c < errorCounters.length; c++) {
				const rate = row[at + gathered.failed + c]!;
				if (rate !== rate) continue;
				this.errorPresent[e * errorCounters.length + c] = 1;
				// Branch-free: the first failed command, hours in, must not cost a deoptimization.
				this.errorTotals[e * errorCounters.length + c] += Math.max(rate, 0) * seconds;
			}
		}
		for (let i = 0; i < n; i++) {
			const e = index[i]!;
			const at = i * stride;
			const gavg = row[at + gathered.gavg]!;
			// A per-device rule's bands (thresholdsFor caches them by id); without rules, t itself.
			const t = thresholds.devices ? thresholdsFor(thresholds, this.info[e]!.id) : thresholds;
			let rank = -1;
			if (this.nfs[e]) {
				if (gavg === gavg) rank = rankOf(gavg, t.gavg);
			} else {
				const davg = row[at + gathered.davg]!;
				const kavg = row[at + gathered.kavg]!;
				if (davg === davg && kavg === kavg && gavg === gavg) rank = Math.max(rankOf(kavg, t.kavg), rankOf(davg, t.davg), rankOf(gavg, t.gavg));
			}
			this.rated[e] += rank >= 0 ? 1 : 0;
			this.warn[e] += rank === 1 ? 1 : 0;
			this.crit[e] += rank === 2 ? 1 : 0;
			// Too little I/O to judge: an average over a handful of commands is noise, not a finding.
			const cmds = row[at + gathered.cmds]!;
			let loss = 0;
			if (rank >= 1) {
				if (cmds < minIo) {
					this.lowIoOver[e]!++;
					rank = 0;
				} else {
					const kavg = row[at + gathered.kavg]!;
					const davg = row[at + gathered.davg]!;
					const excess = Math.max(0, (gavg || 0) - t.gavg.warn, this.nfs[e] ? 0 : Math.max((kavg || 0) - t.kavg.warn, (davg || 0) - t.davg.warn));
					loss = ((cmds || 0) * excess * seconds) / 1000;
					this.lost[e] += loss;
					this.overCmdsSum[e] += cmds || 0;
					this.overCount[e]!++;
				}
			}
			ranks[i] = rank;
			lost[i] = loss;
			const dqlen = row[at + gathered.dqlen]!;
			if (dqlen === dqlen) {
				if (dqlen < this.dqlenMax[e]! && this.dqlenDropAt[e] !== this.dqlenDropAt[e]) this.dqlenDropAt[e] = time;
				if (!(dqlen <= this.dqlenMax[e]!)) this.dqlenMax[e] = dqlen;
				if (!(dqlen >= this.dqlenMin[e]!)) this.dqlenMin[e] = dqlen;
			}
		}
	}

	/** The entity's stretch tracker, made on its first sample at warn or above. */
	tracker(e: number): StretchTracker {
		return (this.trackers[e] ??= new StretchTracker(this.nfs[e] === 1));
	}

	/** Follows the timeline clock when it halves its resolution. */
	mergeTimeline(): void {
		for (let s = 0; s < this.size * timelineMetrics.length; s++) {
			const at = s * timelineBuckets;
			mergeSeries(this.timeline.subarray(at, at + timelineBuckets));
			sumPairs(this.timelineSum.subarray(at, at + timelineBuckets));
			sumPairs(this.timelineCount.subarray(at, at + timelineBuckets));
		}
	}

	/** Per timeline bucket, the metric's mean (NaN where the bucket had no value). */
	means(e: number, metric: TimelineMetric, buckets: number): number[] {
		const s = (e * timelineMetrics.length + timelineMetrics.indexOf(metric)) * timelineBuckets;
		return Array.from({length: buckets}, (_, b) => (this.timelineCount[s + b]! > 0 ? this.timelineSum[s + b]! / this.timelineCount[s + b]! : Number.NaN));
	}

	series(e: number, metric: TimelineMetric): Float32Array {
		const s = e * timelineMetrics.length + timelineMetrics.indexOf(metric);
		return this.timeline.subarray(s * timelineBuckets, (s + 1) * timelineBuckets);
	}

	sketch(e: number, metric: LatencyMetric): LogSketch {
		return this.sketches.sketch(e * latencyMetrics.length + latencyMetrics.indexOf(metric));
	}

	private grow(capacity: number): void {
		const u32 = (old: Uint32Array) => copy(new Uint32Array(capacity), old);
		const f64 = (old: Float64Array, fill = 0) => copy(new Float64Array(capacity).fill(fill), old);
		this.samples = u32(this.samples);
		this.rated = u32(this.rated);
		this.warn = u32(this.warn);
		this.crit = u32(this.crit);
		this.cmdsSum = f64(this.cmdsSum);
		this.cmdsCount = f64(this.cmdsCount);
		this.cmdsPeak = f64(this.cmdsPeak, Number.NaN);
		this.cmdsPeakAt = f64(this.cmdsPeakAt, Number.NaN);
		this.mbSum = f64(this.mbSum);
		this.mbCount = f64(this.mbCount);
		this.mbPeak = f64(this.mbPeak, Number.NaN);
		this.mbPeakAt = f64(this.mbPeakAt, Number.NaN);
		this.errorTotals = copy(new Float64Array(capacity * errorCounters.length), this.errorTotals);
		this.errorPresent = copy(new Uint8Array(capacity * errorCounters.length), this.errorPresent);
		this.timeline = copy(new Float32Array(capacity * timelineMetrics.length * timelineBuckets).fill(Number.NaN), this.timeline);
		this.timelineSum = copy(new Float32Array(capacity * timelineMetrics.length * timelineBuckets), this.timelineSum);
		this.timelineCount = copy(new Uint32Array(capacity * timelineMetrics.length * timelineBuckets), this.timelineCount);
		this.lost = f64(this.lost);
		this.lowIoOver = u32(this.lowIoOver);
		this.overCmdsSum = f64(this.overCmdsSum);
		this.overCount = u32(this.overCount);
		this.dqlenMax = f64(this.dqlenMax, Number.NaN);
		this.dqlenMin = f64(this.dqlenMin, Number.NaN);
		this.dqlenDropAt = f64(this.dqlenDropAt, Number.NaN);
		this.nfs = copy(new Uint8Array(capacity), this.nfs);
	}
}

/** Halves a sum series' resolution: each pair of buckets becomes their sum. */
function sumPairs(series: Float32Array | Uint32Array): void {
	const half = timelineBuckets / 2;
	for (let i = 0; i < half; i++) series[i] = series[2 * i]! + series[2 * i + 1]!;
	series.fill(0, half);
}

function copy<T extends Uint8Array | Uint32Array | Float32Array | Float64Array>(into: T, from: T): T {
	into.set(from as never);
	return into;
}
