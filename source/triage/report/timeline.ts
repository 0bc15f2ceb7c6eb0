/**
 * A fixed number of time buckets over a capture whose length is unknown until it ends: each
 * bucket starts as one sample, and when they run out neighbours merge pairwise (each bucket
 * then spans twice as many samples). Every entity keeps its per-bucket maxima on this clock,
 * so all timelines line up and a one-sample spike survives the merging.
 */
export const timelineBuckets = 60;

export class TimelineClock {
	/** Samples per bucket. */
	span = 1;
	/** Samples placed so far. */
	count = 0;
	/** Time of the first sample of each bucket (NaN while empty). */
	readonly starts = new Float64Array(timelineBuckets).fill(Number.NaN);
	lastTime = Number.NaN;

	/**
	 * Places the next sample; returns its bucket, and whether the buckets were merged first
	 * (the caller then merges every series with `mergeSeries`).
	 */
	place(time: number): {bucket: number; merged: boolean} {
		let merged = false;
		if (Math.floor(this.count / this.span) >= timelineBuckets) {
			mergeStarts(this.starts);
			this.span *= 2;
			merged = true;
		}
		const bucket = Math.floor(this.count / this.span);
		if (Number.isNaN(this.starts[bucket]!)) this.starts[bucket] = time;
		this.count++;
		this.lastTime = time;
		return {bucket, merged};
	}

	/** Buckets in use. */
	get used(): number {
		return Math.min(timelineBuckets, Math.ceil(this.count / this.span));
	}
}

function mergeStarts(starts: Float64Array): void {
	const half = timelineBuckets / 2;
	for (let i = 0; i < half; i++) starts[i] = starts[2 * i]!;
	starts.fill(Number.NaN, half);
}

/** Halves a series' resolution to follow the clock: each pair of buckets becomes their max. */
export function mergeSeries(series: Float32Array): void {
	const half = timelineBuckets / 2;
	for (let i = 0; i < half; i++) {
		const a = series[2 * i]!;
		const b = series[2 * i + 1]!;
		series[i] = Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b);
	}
	series.fill(Number.NaN, half);
}
