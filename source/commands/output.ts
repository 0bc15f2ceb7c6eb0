import type {Writable} from 'node:stream';
import {describeFsError} from '../input/byte-source.js';

/** Output that cannot be written (a full disk, a missing directory): one line for the user. */
export class OutputError extends Error {
	override name = 'OutputError';
}

/**
 * Writes to a stream with backpressure. A closed pipe (`esxlat … | head`) ends the output
 * quietly instead of throwing EPIPE; any other write error rejects the next write with a
 * one-line OutputError.
 */
export class LineWriter {
	private closed = false;
	private failure: OutputError | null = null;

	constructor(
		private readonly stream: Writable = process.stdout,
		private readonly name = 'stdout',
	) {
		stream.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EPIPE') this.closed = true;
			else this.failure = new OutputError(`${this.name}: ${describeFsError(error)}`);
			this.stream.emit('drain'); // wake a writer waiting for room
		});
	}

	get isClosed(): boolean {
		return this.closed;
	}

	async write(text: string | Uint8Array): Promise<void> {
		if (this.failure) throw this.failure;
		if (this.closed) return;
		if (!this.stream.write(text)) {
			await new Promise<void>((resolve) => {
				const done = () => {
					this.stream.off('drain', done);
					this.stream.off('close', done);
					resolve();
				};
				this.stream.on('drain', done);
				this.stream.on('close', done);
			});
		}
		if (this.failure) throw this.failure;
	}
}
