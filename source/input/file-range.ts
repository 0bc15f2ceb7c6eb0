import {type FileHandle, open, unlink} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describeFsError, InputError} from './byte-source.js';

/** Reads byte ranges of a file that does not change while it is open (a capture being replayed). */
export class FileRange {
	private constructor(
		readonly name: string,
		private readonly handle: FileHandle,
	) {}

	static async open(path: string): Promise<FileRange> {
		try {
			return new FileRange(path, await open(path, 'r'));
		} catch (error) {
			throw new InputError(`${path}: ${describeFsError(error)}`);
		}
	}

	/** Exactly `length` bytes from `offset`; an InputError when the file got shorter. */
	async read(offset: number, length: number): Promise<Buffer> {
		const into = Buffer.allocUnsafe(length);
		await this.readInto(offset, into);
		return into;
	}

	/** Fills `into` with the bytes from `offset` on. */
	async readInto(offset: number, into: Uint8Array): Promise<void> {
		const length = into.length;
		let done = 0;
		try {
			while (done < length) {
				const {bytesRead} = await this.handle.read(into, done, length - done, offset + done);
				if (bytesRead === 0) throw new InputError(`${this.name}: the file got shorter while it was being replayed`);
				done += bytesRead;
			}
		} catch (error) {
			if (error instanceof InputError) throw error;
			throw new InputError(`${this.name}: ${describeFsError(error)}`);
		}
	}

	async close(): Promise<void> {
		await this.handle.close().catch(() => {});
	}
}

/**
 * An anonymous scratch file: written sequentially, read back at any offset. It is unlinked as
 * soon as it is created, so nothing is left behind whatever way the program ends.
 */
export class SpillFile {
	private size = 0;
	private constructor(private readonly handle: FileHandle) {}

	static async create(directory = tmpdir()): Promise<SpillFile> {
		const path = join(directory, `esxlat-spill-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`);
		let handle: FileHandle;
		try {
			handle = await open(path, 'wx+', 0o600);
		} catch (error) {
			throw new InputError(`cannot create a scratch file in ${directory}: ${describeFsError(error)}`);
		}
		await unlink(path).catch(() => {});
		return new SpillFile(handle);
	}

	/** Bytes written so far. */
	get length(): number {
		return this.size;
	}

	/** Appends `bytes`; resolves with the offset they were written at. */
	async append(bytes: Uint8Array): Promise<number> {
		const offset = this.size;
		this.size += bytes.length;
		let done = 0;
		try {
			while (done < bytes.length) {
				const {bytesWritten} = await this.handle.write(bytes, done, bytes.length - done, offset + done);
				done += bytesWritten;
			}
		} catch (error) {
			throw new InputError(`scratch file: ${describeFsError(error)} (is the temporary directory full?)`);
		}
		return offset;
	}

	async read(offset: number, length: number): Promise<Buffer> {
		const into = Buffer.allocUnsafe(length);
		await this.readInto(offset, into);
		return into;
	}

	/** Fills `into` (a values array's bytes, say) from `offset` on: no buffer of its own to throw away. */
	async readInto(offset: number, into: Uint8Array): Promise<void> {
		let done = 0;
		while (done < into.length) {
			const {bytesRead} = await this.handle.read(into, done, into.length - done, offset + done);
			if (bytesRead === 0) throw new InputError('scratch file: read past its end');
			done += bytesRead;
		}
	}

	async close(): Promise<void> {
		await this.handle.close().catch(() => {});
	}
}
