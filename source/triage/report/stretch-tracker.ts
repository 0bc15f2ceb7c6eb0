import type {Thresholds} from '../../model/thresholds.js';
import {bottleneckOf} from '../classify.js';
import {gathered, type GatheredField} from './gather.js';
import {type Episode, severityWeight, Stretch, stretchFields} from './stretch.js';

/** Episodes kept per entity (the worst, when there are more): enough for any verdict. */
export const maxEpisodes = 200;

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
	/** Every finished stretch (the worst `maxEpisodes` of them), in time order once sorted. */
	readonly episodes: Episode[] = [];
	/** All episodes and the gaps between their starts (seconds): recurrence without keeping them all. */
	episodeCount = 0;
	private lastStart = Number.NaN;
	gapSum = 0;
	gapSquares = 0;
	gaps = 0;
	private current: Stretch | null = null;
	private lastOver = Number.NEGATIVE_INFINITY;
	private gapSeconds = 0;
	private gapSamples = 0;

	constructor(private readonly nfs: boolean) {}

	get open(): boolean {
		return this.current?.open ?? false;
	}

	/** A sample at warn (rank 1) or crit (2); its fields at `row[at + gathered.field]`. */
	over(row: Float64Array, at: number, rank: number, time: number, seconds: number, sampleNo: number, t: Thresholds, lost: number): void {
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
		stretch.lost += lost;
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

	/** One of a multipathed device's paths in the sample just added by `over`. */
	side(adapter: string, cmds: number, davg: number): void {
		const stretch = this.current;
		if (!stretch || !(cmds > 0) || davg !== davg) return;
		let side = stretch.sides.get(adapter);
		if (!side) stretch.sides.set(adapter, (side = {weighted: 0, cmds: 0}));
		side.weighted += cmds * davg;
		side.cmds += cmds;
	}

	/** Ends the stretch in progress (at the end of a capture, a segment or the time window). */
	close(): void {
		const current = this.current;
		if (!current?.open) return;
		this.keep(current.summary());
		if (!this.best || current.beats(this.best)) {
			this.current = this.best;
			this.best = current;
		}
		this.current?.reset();
		this.gapSeconds = 0;
		this.gapSamples = 0;
	}

	private keep(episode: Episode): void {
		this.episodeCount++;
		if (this.lastStart === this.lastStart) {
			const gap = (episode.from - this.lastStart) / 1000;
			this.gapSum += gap;
			this.gapSquares += gap * gap;
			this.gaps++;
		}
		this.lastStart = episode.from;
		if (this.episodes.length < maxEpisodes) {
			this.episodes.push(episode);
			return;
		}
		let least = 0;
		for (let i = 1; i < this.episodes.length; i++) if (this.episodes[i]!.lost < this.episodes[least]!.lost) least = i;
		if (episode.lost > this.episodes[least]!.lost) this.episodes[least] = episode;
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
