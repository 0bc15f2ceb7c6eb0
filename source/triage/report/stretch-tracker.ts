import type {Thresholds} from '../../model/thresholds.js';
import {bottleneckOf} from '../classify.js';
import {gathered, type GatheredField} from './gather.js';
import {severityWeight, Stretch, stretchFields} from './stretch.js';

/**
 * A single healthy sample inside a run of bad ones does not end the stretch: latency is noisy,
 * and an admin reads "02:10–02:52" as one problem, not two.
 */
export const stretchGapTolerance = 1;

const classIndex = {host: 0, storage: 1, both: 2} as const;
const orNull = (value: number) => (value === value ? value : null);

/**
 * One entity's stretches at warn or above: the one in progress and the longest so far (the
 * two swap, never copy). Made for an entity the first time it goes over a threshold, so
 * healthy entities cost nothing here.
 */
export class StretchTracker {
	best: Stretch | null = null;
	/** Σ severity weight × seconds over every sample at warn or above: the ranking's severity × duration. */
	score = 0;
	/** Samples at warn or above, all stretches together. */
	overSamples = 0;
	private current: Stretch | null = null;
	private lastOver = Number.NEGATIVE_INFINITY;
	private gapSeconds = 0;
	private gapSamples = 0;

	constructor(private readonly nfs: boolean) {}

	get open(): boolean {
		return this.current?.open ?? false;
	}

	/** A sample at warn (rank 1) or crit (2); its fields at `row[at + gathered.field]`. */
	over(row: Float64Array, at: number, rank: number, time: number, seconds: number, sampleNo: number, t: Thresholds): void {
		const severity = rank >= 2 ? 'crit' : 'warn';
		const davg = row[at + gathered.davg]!;
		const kavg = row[at + gathered.kavg]!;
		const gavg = row[at + gathered.gavg]!;
		const bottleneck = this.nfs ? 'storage' : bottleneckOf(orNull(kavg), orNull(davg), orNull(gavg), t);
		const klass = classIndex[bottleneck === 'host' || bottleneck === 'both' ? bottleneck : 'storage'];
		const stretch = this.extend(time, sampleNo);
		stretch.addSample(time, seconds, severity, klass);
		this.score += severityWeight[severity] * seconds;
		this.overSamples++;
		if (davg === davg) stretch.davg.add(davg);
		if (kavg === kavg) stretch.kavg.add(kavg);
		if (gavg === gavg) stretch.gavg.add(gavg);
		for (const field of stretchFields) {
			if (field !== 'queueFull') stretch.addField(klass, field, row[at + gathered[field as GatheredField]]!);
		}
		const actv = row[at + gathered.actv]!;
		const dqlen = row[at + gathered.dqlen]!;
		if (actv === actv && dqlen === dqlen) stretch.addField(klass, 'queueFull', dqlen > 0 && actv >= dqlen ? 1 : 0);
	}

	/** A sample below warn: a short dip stays inside the stretch, a longer one ends it. */
	below(seconds: number, sampleNo: number): void {
		if (!this.open) return;
		if (sampleNo - this.lastOver > stretchGapTolerance) this.close();
		else {
			this.gapSeconds += seconds;
			this.gapSamples++;
		}
	}

	/**
	 * How many of the busy paths on the entity's adapter (its own, for an adapter) were slow in
	 * sample `sampleNo`: tells adapter-wide trouble from one LUN's, sample by sample.
	 */
	noteMembers(sampleNo: number, busy: number, slow: number): void {
		if (this.lastOver !== sampleNo || !this.current) return;
		this.current.memberBusy += busy;
		this.current.memberSlow += slow;
	}

	/** Ends the stretch in progress (at the end of a capture, a segment or the time window). */
	close(): void {
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

	/** The stretch an over-threshold sample belongs to: the open one, or a new one. */
	private extend(time: number, sampleNo: number): Stretch {
		let stretch = this.current;
		if (stretch?.open && sampleNo - this.lastOver <= stretchGapTolerance + 1) {
			stretch.seconds += this.gapSeconds;
			stretch.span += this.gapSamples + 1;
		} else {
			if (stretch?.open) this.close();
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
