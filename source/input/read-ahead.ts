import type {ByteSource} from './byte-source.js';

type Filled = {bytes: number; error?: undefined} | {bytes: 0; error: unknown};

/**
 * Wraps a source so that the next chunk is read while the current one is parsed: the file
 * read (on libuv's thread pool, or gunzip) overlaps the parser's work instead of alternating
 * with it. Costs one copy per chunk and two buffers of `chunkSize`.
 */
export class ReadAheadSource implements ByteSource {
	private readonly buffers: [Uint8Array, Uint8Array];
	private current = 0;
	private offset = 0;
	private filled = 0;
	private pending: Promise<Filled> | null;
	private ended = false;

	constructor(
		private readonly inner: ByteSource,
		chunkSize = 4 * 1024 * 1024,
	) {
		this.buffers = [new Uint8Array(chunkSize), new Uint8Array(chunkSize)];
		this.pending = this.fill(1);
	}

	get name(): string {
		return this.inner.name;
	}

	get size(): number | null {
		return this.inner.size;
	}

	get position(): number {
		return this.inner.position;
	}

	async read(into: Uint8Array): Promise<number> {
		if (this.offset >= this.filled) {
			if (this.ended || !this.pending) return 0;
			const result = await this.pending;
			this.pending = null;
			if (result.error !== undefined) throw result.error;
			if (result.bytes === 0) {
				this.ended = true;
				return 0;
			}
			this.current ^= 1;
			this.offset = 0;
			this.filled = result.bytes;
			this.pending = this.fill(this.current ^ 1);
		}
		const count = Math.min(into.length, this.filled - this.offset);
		into.set(this.buffers[this.current].subarray(this.offset, this.offset + count));
		this.offset += count;
		return count;
	}

	async close(): Promise<void> {
		this.ended = true;
		await this.pending;
		await this.inner.close();
	}

	/** Starts reading into a buffer; failures are kept for the `read` that needs the bytes (never unhandled). */
	private fill(buffer: number): Promise<Filled> {
		return this.inner.read(this.buffers[buffer]).then(
			(bytes) => ({bytes}),
			(error: unknown) => ({bytes: 0, error}),
		);
	}
}
