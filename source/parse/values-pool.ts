/**
 * Values arrays handed back by a reader that is done with them, for the next rows of the same
 * width. A SAN host's row is a few hundred KB of values: a report over it, or the screen at full
 * replay speed (where each falls out of the history window 120 frames later), makes that much
 * garbage a row. Left to the garbage collector, tens of MB of it wait for a full collection and
 * set the peak memory; recycled, it costs nothing.
 */
export class ValuesPool {
	private readonly free: Float64Array[] = [];
	private bytes = 0;

	/**
	 * Keeps at most `limitBytes` in at most `limitArrays` arrays: a batch of narrow rows is many
	 * small arrays, of wide rows a few big ones.
	 */
	constructor(
		private readonly limitBytes = 16 * 1024 * 1024,
		private readonly limitArrays = 256,
	) {}

	/** An array of `length` values: a recycled one when there is one, else a new one. Its contents are stale: the caller overwrites every cell. */
	take(length: number): Float64Array {
		// Rows of one header all have its width: the last array given back fits, but for a new header.
		const values = this.free.at(-1);
		if (values?.length !== length) {
			this.free.length = 0;
			this.bytes = 0;
			return new Float64Array(length);
		}
		this.free.pop();
		this.bytes -= values.byteLength;
		return values;
	}

	/** Hands an array back (or drops it when the pool is full). The caller guarantees nothing reads it any more. */
	give(values: Float64Array): void {
		if (this.bytes + values.byteLength > this.limitBytes || this.free.length >= this.limitArrays) return;
		this.free.push(values);
		this.bytes += values.byteLength;
	}
}
