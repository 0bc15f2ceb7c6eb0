/**
 * Quantiles of a stream in bounded memory: a log-bucket sketch (as DDSketch). Every estimate
 * is within `sketchRelativeError` of the true value at that rank, whatever the stream's length;
 * min and max are exact. A report on a week of samples costs the same memory as on an hour.
 */
export const sketchRelativeError = 0.01;
/** Values below this (ms) count as 0: esxtop writes two decimals, so they are 0.00 anyway. */
export const sketchZeroBelow = 0.001;

const gamma = (1 + sketchRelativeError) / (1 - sketchRelativeError);
const logGamma = Math.log(gamma);
const minBuckets = 64;

/**
 * esxtop writes two decimals, so almost every value is a whole number of hundredths below
 * 100 ms: their buckets are looked up instead of computed (a logarithm per value adds up to
 * tens of milliseconds on a big capture). Same buckets either way.
 */
const tabled = 10_000;
const bucketOfHundredths = new Int16Array(tabled);
for (let h = 1; h < tabled; h++) bucketOfHundredths[h] = Math.ceil(Math.log(h / 100) / logGamma);

function bucketOf(value: number): number {
	const hundredths = Math.round(value * 100);
	if (hundredths < tabled && hundredths / 100 === value) return bucketOfHundredths[hundredths]!;
	return Math.ceil(Math.log(value) / logGamma);
}

export class LogSketch {
	count = 0;
	min = Number.POSITIVE_INFINITY;
	max = Number.NEGATIVE_INFINITY;
	private zeros = 0;
	/** Counts of buckets [offset, offset + counts.length): bucket i holds (γ^(i-1), γ^i]. */
	private counts = new Uint32Array(0);
	private offset = 0;

	add(value: number): void {
		this.count++;
		if (value < this.min) this.min = value;
		if (value > this.max) this.max = value;
		if (!(value >= sketchZeroBelow)) {
			this.zeros++;
			return;
		}
		const bucket = bucketOf(value);
		let slot = bucket - this.offset;
		if (slot < 0 || slot >= this.counts.length) slot = this.grow(bucket);
		this.counts[slot]!++;
	}

	/**
	 * The q-quantile by nearest rank (the ⌈q·n⌉-th smallest value), within the relative error;
	 * null when empty.
	 */
	quantile(q: number): number | null {
		if (this.count === 0) return null;
		const rank = Math.max(0, Math.ceil(Math.min(1, Math.max(0, q)) * this.count) - 1);
		if (rank < this.zeros) return Math.max(this.min, 0);
		let seen = this.zeros;
		for (let slot = 0; slot < this.counts.length; slot++) {
			seen += this.counts[slot]!;
			if (seen > rank) {
				const estimate = (2 * gamma ** (slot + this.offset)) / (gamma + 1);
				return Math.min(this.max, Math.max(this.min, estimate));
			}
		}
		return this.max;
	}

	/** Buckets allocated: bounded by the value range, never by the stream's length. */
	get bucketCount(): number {
		return this.counts.length;
	}

	/** Empties the sketch, keeping its buckets for reuse. */
	clear(): void {
		this.counts.fill(0);
		this.count = 0;
		this.zeros = 0;
		this.min = Number.POSITIVE_INFINITY;
		this.max = Number.NEGATIVE_INFINITY;
	}

	/** Widens the bucket window to take `bucket` (at least doubling), returns its slot. */
	private grow(bucket: number): number {
		if (this.counts.length === 0) {
			this.counts = new Uint32Array(minBuckets);
			this.offset = bucket - minBuckets / 2;
			return bucket - this.offset;
		}
		const low = Math.min(this.offset, bucket);
		const high = Math.max(this.offset + this.counts.length - 1, bucket);
		const length = Math.max(high - low + 1, this.counts.length * 2);
		// Leave the spare room on the side the stream is heading.
		const start = bucket < this.offset ? high - length + 1 : low;
		const counts = new Uint32Array(length);
		counts.set(this.counts, this.offset - start);
		this.counts = counts;
		this.offset = start;
		return bucket - start;
	}
}
