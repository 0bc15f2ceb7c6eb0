import type {ByteSource} from './byte-source.js';

/**
 * Adapts a stream of chunks (stdin, gunzip, an SSH channel) to the pull interface, copying
 * each chunk into the reader's buffer and keeping what did not fit for the next read.
 */
export class ChunkSource implements ByteSource {
	readonly size: number | null;
	private readonly iterator: AsyncIterator<Uint8Array | string>;
	private pending: Uint8Array | null = null;
	private done = false;

	constructor(
		readonly name: string,
		chunks: AsyncIterable<Uint8Array | string>,
		private readonly positionOf: () => number = () => 0,
		size: number | null = null,
		private readonly onClose: () => Promise<void> | void = () => {},
	) {
		this.iterator = chunks[Symbol.asyncIterator]();
		this.size = size;
	}

	get position(): number {
		return this.positionOf();
	}

	async read(into: Uint8Array): Promise<number> {
		while (!this.pending || this.pending.length === 0) {
			if (this.done) return 0;
			const next = await this.iterator.next();
			if (next.done) {
				this.done = true;
				return 0;
			}
			this.pending = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
		}
		const count = Math.min(into.length, this.pending.length);
		into.set(count === this.pending.length ? this.pending : this.pending.subarray(0, count));
		this.pending = count === this.pending.length ? null : this.pending.subarray(count);
		return count;
	}

	async close(): Promise<void> {
		this.done = true;
		await this.iterator.return?.();
		await this.onClose();
	}
}
