import type {Writable} from 'node:stream';

/**
 * Writes to stdout with backpressure; a closed pipe (`esxlat … | head`) ends the program
 * quietly instead of throwing EPIPE.
 */
export class LineWriter {
	private closed = false;
	constructor(private readonly stream: Writable = process.stdout) {
		stream.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EPIPE') {
				this.closed = true;
				return;
			}
			throw error;
		});
	}

	get isClosed(): boolean {
		return this.closed;
	}

	async write(text: string): Promise<void> {
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
	}
}
