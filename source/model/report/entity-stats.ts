import type {Entity} from '../../parse/schema.js';
import {F, type ViewName} from '../../parse/storage-views.js';
import {bottleneckOf, guestSeverity, latencySeverity} from '../classify.js';
import type {Thresholds} from '../thresholds.js';
import {LogSketch} from './sketch.js';
import {severityWeight, Stretch} from './stretch.js';
import {mergeSeries, newSeries, recordMax} from './timeline.js';

export const latencyMetrics = ['davg', 'kavg', 'gavg', 'qavg'] as const;
export type LatencyMetric = (typeof latencyMetrics)[number];
/** Metrics with a timeline (the ones a verdict is about). */
export const timelineMetrics = ['davg', 'kavg', 'gavg'] as const;
export type TimelineMetric = (typeof timelineMetrics)[number];

/**
 * A single healthy sample inside a run of bad ones does not end the stretch: latency is noisy,
 * and an admin reads "02:10–02:52" as one problem, not two.
 */
export const stretchGapTolerance = 1;

/** Mean and peak of a rate over the samples that had it. */
export class RateStat {
	sum = 0;
	count = 0;
	peak = Number.NEGATIVE_INFINITY;
	peakTime = Number.NaN;

	add(value: number, time: number): void {
		this.sum += value;
		this.count++;
		if (value > this.peak) {
			this.peak = value;
			this.peakTime = time;
		}
	}

	get mean(): number | null {
		return this.count > 0 ? this.sum / this.count : null;
	}
}

/** A per-second error counter turned into an approximate total: Σ rate × interval. */
export class CounterTotal {
	total = 0;
	present = false;
	samplesNonZero = 0;

	add(rate: number, seconds: number): void {
		this.present = true;
		if (rate > 0) {
			this.total += rate * seconds;
			this.samplesNonZero++;
		}
	}
}

/** How the report keys an entity: host, view and id (concatenated captures may mix hosts). */
export function statsKey(host: string, view: ViewName, id: string): string {
	return `${host}\u0000${view}\u0000${id}`;
}

const classIndex = {host: 0, storage: 1, both: 2} as const;

/** What `update` returns, as bits, for the builder's per-adapter path counts: the entity carried commands, */
export const sampleBusy = 1;
/** and its DAVG was at warn or above. */
export const sampleSlowDavg = 2;

function read(values: Float64Array, slots: Int32Array, field: number): number {
	const slot = slots[field]!;
	return slot < 0 ? Number.NaN : values[slot]!;
}

const orNull = (value: number) => (value === value ? value : null);

/**
 * Everything the report keeps about one device, adapter, path or NFS volume, updated once per
 * sample in constant memory: latency sketches, rate means and peaks, error totals, severity
 * counts, the longest stretch at warn or above, and a fixed-size timeline.
 */
export class EntityStats {
	readonly latency: Record<LatencyMetric, LogSketch> = {davg: new LogSketch(), kavg: new LogSketch(), gavg: new LogSketch(), qavg: new LogSketch()};
	readonly cmds = new RateStat();
	readonly mbps = new RateStat();
	readonly failed = new CounterTotal();
	readonly aborts = new CounterTotal();
	readonly resets = new CounterTotal();
	/** Samples the entity was in; of those, how many had a severity, and how many at warn/crit. */
	samples = 0;
	rated = 0;
	warn = 0;
	crit = 0;
	/** Σ severity weight × seconds over every sample at warn or above: the ranking's severity × duration. */
	score = 0;
	/** The longest stretch so far, and the one in progress (swapped, never copied). */
	best: Stretch | null = null;
	private current: Stretch | null = null;
	private lastOver = Number.NEGATIVE_INFINITY;
	private gapSeconds = 0;
	private gapSamples = 0;
	readonly timeline: Record<TimelineMetric, Float32Array> = {davg: newSeries(), kavg: newSeries(), gavg: newSeries()};
	/** The adapter the entity sits on, where known (set by the builder). */
	adapter: string | null = null;

	constructor(
		readonly view: ViewName,
		readonly id: string,
		readonly host: string,
	) {}

	/**
	 * Takes one sample (`sampleNo` counts the report's samples; `seconds` is the interval the
	 * sample averages over). Returns `sampleBusy | sampleSlowDavg` bits.
	 */
	update(values: Float64Array, entity: Entity, time: number, seconds: number, sampleNo: number, bucket: number, t: Thresholds): number {
		// Hot path (entities × samples): NaN for "no value", no allocation.
		const slots = entity.slots;
		this.samples++;
		const davg = read(values, slots, F.davg);
		const kavg = read(values, slots, F.kavg);
		const gavg = read(values, slots, F.gavg);
		const qavg = read(values, slots, F.qavg);
		if (davg === davg) {
			this.latency.davg.add(davg);
			recordMax(this.timeline.davg, bucket, davg);
		}
		if (kavg === kavg) {
			this.latency.kavg.add(kavg);
			recordMax(this.timeline.kavg, bucket, kavg);
		}
		if (gavg === gavg) {
			this.latency.gavg.add(gavg);
			recordMax(this.timeline.gavg, bucket, gavg);
		}
		if (qavg === qavg) this.latency.qavg.add(qavg);

		const cmds = read(values, slots, F.cmds);
		if (cmds === cmds) this.cmds.add(cmds, time);
		const mbRead = read(values, slots, F.mbRead);
		const mbWritten = read(values, slots, F.mbWritten);
		if (mbRead === mbRead || mbWritten === mbWritten) this.mbps.add((mbRead || 0) + (mbWritten || 0), time);
		const failed = read(values, slots, F.failed);
		const aborts = read(values, slots, F.aborts);
		const resets = read(values, slots, F.resets);
		if (failed === failed) this.failed.add(failed, seconds);
		if (aborts === aborts) this.aborts.add(aborts, seconds);
		if (resets === resets) this.resets.add(resets, seconds);

		const nfs = this.view === 'nfs';
		const severity = nfs ? guestSeverity(orNull(gavg), t) : latencySeverity(orNull(kavg), orNull(davg), orNull(gavg), t);
		if (severity !== null) this.rated++;
		const over = severity === 'warn' || severity === 'crit';
		if (severity === 'warn') this.warn++;
		else if (severity === 'crit') this.crit++;

		if (over) {
			const bottleneck = nfs ? 'storage' : bottleneckOf(orNull(kavg), orNull(davg), orNull(gavg), t);
			const klass = classIndex[bottleneck === 'host' || bottleneck === 'both' ? bottleneck : 'storage'];
			const stretch = this.extend(time, sampleNo);
			stretch.addSample(time, seconds, severity, klass);
			this.score += severityWeight[severity] * seconds;
			if (davg === davg) stretch.davg.add(davg);
			if (kavg === kavg) stretch.kavg.add(kavg);
			if (gavg === gavg) stretch.gavg.add(gavg);
			stretch.addField(klass, 'davg', davg);
			stretch.addField(klass, 'kavg', kavg);
			stretch.addField(klass, 'gavg', gavg);
			stretch.addField(klass, 'qavg', qavg);
			stretch.addField(klass, 'cmds', cmds);
			stretch.addField(klass, 'failed', failed);
			stretch.addField(klass, 'aborts', aborts);
			stretch.addField(klass, 'resets', resets);
			const actv = read(values, slots, F.actv);
			const dqlen = read(values, slots, F.dqlen);
			stretch.addField(klass, 'actv', actv);
			stretch.addField(klass, 'dqlen', dqlen);
			stretch.addField(klass, 'qued', read(values, slots, F.qued));
			if (actv === actv && dqlen === dqlen) stretch.addField(klass, 'queueFull', dqlen > 0 && actv >= dqlen ? 1 : 0);
		} else if (this.current?.open) {
			if (sampleNo - this.lastOver > stretchGapTolerance) this.closeStretch();
			else {
				this.gapSeconds += seconds;
				this.gapSamples++;
			}
		}
		return (cmds > 0 ? sampleBusy : 0) | (davg >= t.davg.warn ? sampleSlowDavg : 0);
	}

	/**
	 * How many of the busy paths on the entity's adapter (its own, for an adapter) were slow in
	 * the sample just taken: tells adapter-wide trouble from one LUN's, sample by sample.
	 */
	noteMembers(sampleNo: number, busy: number, slow: number): void {
		if (this.lastOver !== sampleNo || !this.current) return;
		this.current.memberBusy += busy;
		this.current.memberSlow += slow;
	}

	/** Ends the stretch in progress (at the end of a capture, a segment or the time window). */
	closeStretch(): void {
		const current = this.current;
		if (!current?.open) return;
		if (!this.best || current.beats(this.best)) {
			this.current = this.best;
			this.best = current;
		}
		this.current?.reset();
		this.gapSeconds = 0;
		this.gapSamples = 0;
	}

	/** Follows the timeline clock when it halves its resolution. */
	mergeTimeline(): void {
		mergeSeries(this.timeline.davg);
		mergeSeries(this.timeline.kavg);
		mergeSeries(this.timeline.gavg);
	}

	/** The stretch an over-threshold sample belongs to: the open one, or a new one. */
	private extend(time: number, sampleNo: number): Stretch {
		let stretch = this.current;
		if (stretch?.open && sampleNo - this.lastOver <= stretchGapTolerance + 1) {
			stretch.seconds += this.gapSeconds;
			stretch.span += this.gapSamples + 1;
		} else {
			if (stretch?.open) this.closeStretch();
			stretch = this.current ??= new Stretch();
			stretch.begin(time);
			stretch.span = 1;
		}
		this.gapSeconds = 0;
		this.gapSamples = 0;
		this.lastOver = sampleNo;
		return stretch;
	}
}
