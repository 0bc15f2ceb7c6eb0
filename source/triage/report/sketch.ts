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
	/** A sketch from its parts (SketchColumns keeps many as columns). */
	static of(count: number, zeros: number, min: number, max: number, offset: number, counts: Uint32Array<ArrayBuffer>): LogSketch {
		const sketch = new LogSketch();
		sketch.count = count;
		sketch.zeros = zeros;
		sketch.min = min;
		sketch.max = max;
		sketch.offset = offset;
		sketch.counts = counts;
		return sketch;
	}

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

/**
 * Many log-bucket sketches (one per entity and metric) kept as columns: their counts in one
 * arena, their min, max and counts in typed arrays indexed by sketch. A sketch per object made
 * each value cost three or four dependent cache misses (object, its array, the bucket): with
 * thousands of entities that was most of a report's time. Here a value's bucket is computed at
 * once and written to a per-sample column; every `batch` samples the buckets are counted sketch
 * by sketch, so each sketch's few busy buckets are touched while they are in the cache.
 * Same buckets and estimates as LogSketch (`sketch(s)` returns one).
 */
export class SketchColumns {
	private size = 0;
	private capacity = 0;
	private count = new Float64Array(0);
	private zeros = new Float64Array(0);
	private min = new Float64Array(0);
	private max = new Float64Array(0);
	/** Per sketch: first bucket held, buckets held, where they start in `arena`. */
	private offset = new Int32Array(0);
	private length = new Int32Array(0);
	private start = new Int32Array(0);
	private arena = new Uint32Array(1 << 16);
	private arenaUsed = 0;
	/** Buckets of the samples not counted yet: pending[k * capacity + s], `none` where sketch s had no value. */
	private pending = new Int16Array(0);
	private pendingSamples = 0;

	constructor(private readonly batch = 64) {}

	get sketches(): number {
		return this.size;
	}

	/** Adds `n` empty sketches; returns the index of the first. */
	addSketches(n: number): number {
		const first = this.size;
		if (first + n > this.capacity) this.grow(Math.max(64, 2 * (first + n)));
		this.size += n;
		return first;
	}

	/** A value for sketch `s` in the current sample (at most one per sketch and sample). */
	add(s: number, value: number): void {
		this.count[s]++;
		if (value < this.min[s]!) this.min[s] = value;
		if (value > this.max[s]!) this.max[s] = value;
		if (!(value >= sketchZeroBelow)) this.zeros[s]++;
		else this.pending[this.pendingSamples * this.capacity + s] = Math.max(-32_000, Math.min(32_000, bucketOf(value)));
	}

	/** Ends a sample: its values are counted with the batch. */
	endSample(): void {
		if (++this.pendingSamples === this.batch) this.flush();
	}

	/** Sketch `s` as a LogSketch (a copy: later values do not reach it). */
	sketch(s: number): LogSketch {
		this.flush();
		const at = this.start[s]!;
		return LogSketch.of(this.count[s]!, this.zeros[s]!, this.min[s]!, this.max[s]!, this.offset[s]!, this.arena.slice(at, at + this.length[s]!));
	}

	/** Counts the pending buckets, a block of sketches at a time (one cache line of `pending` each). */
	private flush(): void {
		const samples = this.pendingSamples;
		if (samples === 0) return;
		const {pending, capacity} = this;
		const block = 32;
		for (let from = 0; from < this.size; from += block) {
			const to = Math.min(this.size, from + block);
			for (let k = 0; k < samples; k++) {
				const row = k * capacity;
				for (let s = from; s < to; s++) {
					const bucket = pending[row + s]!;
					if (bucket === none) continue;
					pending[row + s] = none;
					let slot = bucket - this.offset[s]!;
					if (slot < 0 || slot >= this.length[s]!) slot = this.widen(s, bucket);
					this.arena[this.start[s]! + slot]!++;
				}
			}
		}
		this.pendingSamples = 0;
	}

	/** Moves sketch s to a wider stretch of the arena that takes `bucket` (at least doubling); returns its slot. */
	private widen(s: number, bucket: number): number {
		const oldLength = this.length[s]!;
		const oldOffset = this.offset[s]!;
		let low: number;
		let length: number;
		if (oldLength === 0) {
			length = minBuckets;
			low = bucket - minBuckets / 2;
		} else {
			const high = Math.max(oldOffset + oldLength - 1, bucket);
			low = Math.min(oldOffset, bucket);
			length = Math.max(high - low + 1, oldLength * 2);
			// Leave the spare room on the side the stream is heading.
			if (bucket < oldOffset) low = high - length + 1;
		}
		const at = this.allocate(length);
		// allocate() may have compacted the arena: read the old place after it.
		const from = this.start[s]!;
		if (oldLength > 0) this.arena.copyWithin(at + (oldOffset - low), from, from + oldLength);
		this.start[s] = at;
		this.offset[s] = low;
		this.length[s] = length;
		return bucket - low;
	}

	/** A zeroed stretch of `length` counts at the end of the arena, compacting or growing it when full. */
	private allocate(length: number): number {
		if (this.arenaUsed + length > this.arena.length) {
			let live = length;
			for (let s = 0; s < this.size; s++) live += this.length[s]!;
			const arena = new Uint32Array(Math.max(this.arena.length, 2 * live));
			let used = 0;
			for (let s = 0; s < this.size; s++) {
				const n = this.length[s]!;
				arena.set(this.arena.subarray(this.start[s]!, this.start[s]! + n), used);
				this.start[s] = used;
				used += n;
			}
			this.arena = arena;
			this.arenaUsed = used;
		}
		const at = this.arenaUsed;
		this.arenaUsed += length;
		return at;
	}

	private grow(capacity: number): void {
		this.flush();
		const f64 = (old: Float64Array, fill: number) => {
			const next = new Float64Array(capacity).fill(fill);
			next.set(old);
			return next;
		};
		const i32 = (old: Int32Array) => {
			const next = new Int32Array(capacity);
			next.set(old);
			return next;
		};
		this.count = f64(this.count, 0);
		this.zeros = f64(this.zeros, 0);
		this.min = f64(this.min, Number.POSITIVE_INFINITY);
		this.max = f64(this.max, Number.NEGATIVE_INFINITY);
		this.offset = i32(this.offset);
		this.length = i32(this.length);
		this.start = i32(this.start);
		this.pending = new Int16Array(this.batch * capacity).fill(none);
		this.capacity = capacity;
	}
}

const none = -32_768;
