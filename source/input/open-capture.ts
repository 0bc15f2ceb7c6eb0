import {createReadStream} from 'node:fs';
import {type FileHandle, open} from 'node:fs/promises';
import {pipeline, Readable} from 'node:stream';
import {createGunzip, constants as zlib} from 'node:zlib';
import {type ByteSource, describeFsError, InputError} from './byte-source.js';
import {ChunkSource} from './chunk-source.js';

const gzipMagic = [0x1f, 0x8b];

/** A plain file read in place: the parser hands its own buffer to `read`. */
export class FileSource implements ByteSource {
	position = 0;
	constructor(
		readonly name: string,
		private readonly handle: FileHandle,
		readonly size: number,
	) {}

	async read(into: Uint8Array): Promise<number> {
		try {
			const {bytesRead} = await this.handle.read(into, 0, into.length, null);
			this.position += bytesRead;
			return bytesRead;
		} catch (error) {
			throw new InputError(`${this.name}: ${describeFsError(error)}`);
		}
	}

	async close(): Promise<void> {
		await this.handle.close();
	}
}

/**
 * Opens a capture: a path (plain or gzip, told by its first bytes, whatever its name) or `-`
 * for stdin. A path that is no regular file (a FIFO, `<(…)`, /dev/stdin, a character device)
 * cannot seek, so it is read as a stream, like stdin. Throws InputError with a one-line
 * reason when it cannot be opened.
 */
export async function openCapture(path: string): Promise<ByteSource> {
	if (path === '-') return openStream('stdin', process.stdin);
	let handle: FileHandle;
	try {
		handle = await open(path, 'r');
	} catch (error) {
		throw new InputError(`${path}: ${describeFsError(error)}`);
	}
	try {
		const stats = await handle.stat();
		if (stats.isDirectory()) throw new InputError(`${path}: is a directory, not a capture file`);
		if (!stats.isFile()) return openStream(path, handle.createReadStream({highWaterMark: 1 << 20}));
		const head = new Uint8Array(2);
		const {bytesRead} = await handle.read(head, 0, 2, 0);
		if (bytesRead === 2 && head[0] === gzipMagic[0] && head[1] === gzipMagic[1]) {
			await handle.close();
			return openGzipFile(path, stats.size);
		}
		return new FileSource(path, handle, stats.size);
	} catch (error) {
		await handle.close().catch(() => {});
		if (error instanceof InputError) throw error;
		throw new InputError(`${path}: ${describeFsError(error)}`);
	}
}

/**
 * A truncated gzip file (a recorder killed mid-write) still yields everything that was
 * flushed: SYNC_FLUSH at the end instead of an "unexpected end of file" error.
 */
function gunzip() {
	return createGunzip({finishFlush: zlib.Z_SYNC_FLUSH, chunkSize: 1 << 20});
}

function openGzipFile(path: string, size: number): ByteSource {
	const file = createReadStream(path, {highWaterMark: 1 << 20});
	const inflated = pipeline(file, gunzip(), () => {});
	return new ChunkSource(path, gzipErrors(path, inflated), () => file.bytesRead, size, () => {
		inflated.destroy();
	});
}

async function* gzipErrors(name: string, chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
	try {
		yield* chunks;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? '';
		if (code.startsWith('Z_') || code.startsWith('ERR_ZLIB')) {
			throw new InputError(`${name}: the gzip data is corrupt (${(error as Error).message})`);
		}
		throw new InputError(`${name}: ${describeFsError(error)}`);
	}
}

/**
 * A stream that cannot seek (stdin, a pipe), gzip or not: told by its first two bytes, which
 * may come in separate chunks (a pipe hands over what it has, one byte or more).
 */
async function openStream(name: string, input: AsyncIterable<Buffer> & {destroy?(): void}): Promise<ByteSource> {
	let consumed = 0;
	const iterator = input[Symbol.asyncIterator]();
	const head: Buffer[] = [];
	let headBytes = 0;
	let ended = false;
	try {
		while (headBytes < gzipMagic.length) {
			const next = await iterator.next();
			if (next.done) {
				ended = true;
				break;
			}
			head.push(next.value);
			headBytes += next.value.length;
		}
	} catch (error) {
		throw new InputError(`${name}: ${describeFsError(error)}`);
	}
	const first = Buffer.concat(head);
	const chunks = async function* () {
		if (first.length > 0) {
			consumed += first.length;
			yield first;
		}
		if (ended) return;
		try {
			for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
				consumed += next.value.length;
				yield next.value;
			}
		} catch (error) {
			throw new InputError(`${name}: ${describeFsError(error)}`);
		}
	};
	const close = () => {
		if (input !== process.stdin) input.destroy?.();
	};
	if (first[0] === gzipMagic[0] && first[1] === gzipMagic[1]) {
		const inflated = pipeline(Readable.from(chunks()), gunzip(), () => {});
		return new ChunkSource(name, gzipErrors(name, inflated), () => consumed, null, () => {
			inflated.destroy();
			close();
		});
	}
	return new ChunkSource(name, chunks(), () => consumed, null, close);
}
