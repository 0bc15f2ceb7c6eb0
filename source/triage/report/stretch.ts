import type {Severity} from '../classify.js';
import {LogSketch} from './sketch.js';

/** The bottleneck classes a stretch can have, in `classCounts` order. */
export const stretchClasses = ['host', 'storage', 'both'] as const;
export type StretchClass = (typeof stretchClasses)[number];

/** Fields averaged per class over a stretch: what `diagnose` needs to tell the story. */
export const stretchFields = ['davg', 'kavg', 'gavg', 'qavg', 'cmds', 'failed', 'aborts', 'resets', 'actv', 'dqlen', 'qued', 'queueFull'] as const;
export type StretchField = (typeof stretchFields)[number];
const S = Object.fromEntries(stretchFields.map((name, index) => [name, index])) as Record<StretchField, number>;
const fieldCount = stretchFields.length;

/** One stretch at warn or above, as every episode of a culprit is listed. */
export interface Episode {
	from: number;
	to: number;
	seconds: number;
	samples: number;
	severity: Severity;
	lost: number;
	peak: {davg: number | null; kavg: number | null; gavg: number | null};
}

/** Severity weights for ranking: a crit sample counts three times a warn sample. */
export const severityWeight = {ok: 0, warn: 1, crit: 3} as const;

/**
 * A run of samples at warn or above (a single healthy sample in between does not end it):
 * when, how long, how bad, what class, and per-class sums of the counters over it.
 */
export class Stretch {
	start = Number.NaN;
	end = Number.NaN;
	/** Samples at warn or above, and all samples from the first to the last of them. */
	over = 0;
	span = 0;
	/** Seconds the stretch's samples cover (each sample is the average over its interval). */
	seconds = 0;
	/** Σ weight × seconds over its samples: severity × duration. */
	score = 0;
	critSamples = 0;
	readonly classCounts = new Uint32Array(stretchClasses.length);
	/** Per class: sum then count of each field. */
	private readonly sums = new Float64Array(stretchClasses.length * fieldCount * 2);
	readonly davg = new LogSketch();
	readonly kavg = new LogSketch();
	readonly gavg = new LogSketch();
	/** Σ over its samples of the busy paths on the entity's adapter, and of those with DAVG at warn. */
	memberBusy = 0;
	memberSlow = 0;
	/** Seconds of guest waiting above the thresholds (see EntityTable.lost). */
	lost = 0;
	/**
	 * A multipathed device's paths by adapter, over its samples: Σ commands/s × DAVG and Σ
	 * commands/s of its paths through each adapter (empty unless its paths use several adapters).
	 */
	readonly sides = new Map<string, {weighted: number; cmds: number}>();

	get open(): boolean {
		return this.over > 0;
	}

	get severity(): Severity {
		return this.critSamples > 0 ? 'crit' : 'warn';
	}

	/** The class most of its samples had (ties: both, then storage, then host). */
	get bottleneck(): StretchClass {
		let best = 2;
		for (let c = 1; c >= 0; c--) if (this.classCounts[c]! > this.classCounts[best]!) best = c;
		return stretchClasses[best]!;
	}

	begin(time: number): void {
		this.start = time;
	}

	addSample(time: number, seconds: number, severity: 'warn' | 'crit', klass: number): void {
		this.end = time;
		this.over++;
		this.seconds += seconds;
		this.score += severityWeight[severity] * seconds;
		if (severity === 'crit') this.critSamples++;
		this.classCounts[klass]!++;
	}

	/** Adds a field's value for a sample of class `klass` (NaN values are left out). */
	addField(klass: number, field: StretchField, value: number): void {
		if (value !== value) return;
		const at = (klass * fieldCount + S[field]) * 2;
		this.sums[at] += value;
		this.sums[at + 1]!++;
	}

	/** A field's mean over the samples of one class; null when none had it. */
	mean(klass: StretchClass, field: StretchField): number | null {
		const at = (stretchClasses.indexOf(klass) * fieldCount + S[field]) * 2;
		const count = this.sums[at + 1]!;
		return count > 0 ? this.sums[at]! / count : null;
	}

	/** A field's sum and count over every sample of the stretch, whatever its class. */
	total(field: StretchField): {sum: number; count: number} {
		let sum = 0;
		let count = 0;
		for (let c = 0; c < stretchClasses.length; c++) {
			const at = (c * fieldCount + S[field]) * 2;
			sum += this.sums[at]!;
			count += this.sums[at + 1]!;
		}
		return {sum, count};
	}

	reset(): void {
		this.start = Number.NaN;
		this.end = Number.NaN;
		this.over = 0;
		this.span = 0;
		this.seconds = 0;
		this.score = 0;
		this.critSamples = 0;
		this.classCounts.fill(0);
		this.sums.fill(0);
		this.davg.clear();
		this.kavg.clear();
		this.gavg.clear();
		this.memberBusy = 0;
		this.memberSlow = 0;
		this.lost = 0;
		this.sides.clear();
	}

	/** The worse of two stretches: more guest waiting lost; then longer; then higher severity × duration. */
	beats(other: Stretch): boolean {
		if (this.lost !== other.lost) return this.lost > other.lost;
		return this.seconds > other.seconds || (this.seconds === other.seconds && this.score > other.score);
	}

	/** What an episode keeps once it is over. */
	summary(): Episode {
		const peak = (sketch: LogSketch) => (sketch.count > 0 ? sketch.max : null);
		return {from: this.start, to: this.end, seconds: this.seconds, samples: this.over, severity: this.severity, lost: this.lost, peak: {davg: peak(this.davg), kavg: peak(this.kavg), gavg: peak(this.gavg)}};
	}
}
