import {closeSync, ftruncateSync, openSync, rmSync, writeSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {describeFsError} from '../input/byte-source.js';

/** A recording that cannot be started or written: one line for the user. */
export class RecordingError extends Error {
	override name = 'RecordingError';
}

/** What the title bar and the progress line show about a recording. */
export interface RecordingState {
	/** The file rows go to now (a later segment after the header changed). */
	path: string;
	/** Every file of this recording, oldest first. */
	files: string[];
	/** Data rows written, over all segments. */
	rows: number;
	/** esxtop bytes written (before compression), headers included. */
	bytes: number;
	/** Why writing stopped on its own (disk full, …); null while all is well. */
	error: string | null;
}

/**
 * Writes esxtop's bytes exactly as received, one complete line at a time, so esxtop tools and
 * `esxlat replay` read the file. Rows after an identical header (a reconnect) continue the
 * same file, less the restarted esxtop's warm-up row; a different header starts the next segment, `NAME.2.csv`. A name ending `.gz` is
 * gzip, complete after every line so a killed process leaves a readable file. Writes are
 * synchronous (one row every few seconds), so a row handed over is in the file.
 */
export class Recorder {
	private segment: SegmentFile;
	private header: Uint8Array | null = null;
	/** Set by an identical header: the reconnected esxtop's first row is its warm-up. */
	private continued = false;
	private readonly current: RecordingState;

	/** Starts a recording at `path`; never overwrites an existing file. */
	constructor(
		path: string,
		private readonly onError: (state: RecordingState) => void = () => {},
	) {
		try {
			this.segment = openSegment(path);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			throw new RecordingError(code === 'EEXIST' ? `${path} exists: choose another name (esxlat never overwrites a recording)` : `cannot create ${path}: ${describeFsError(error)}`);
		}
		this.current = {path, files: [path], rows: 0, bytes: 0, error: null};
	}

	get state(): RecordingState {
		return {...this.current, files: [...this.current.files]};
	}

	/** A header line: written once per segment; a different one starts a new segment. */
	writeHeader(raw: Uint8Array): void {
		if (this.current.error) return;
		if (this.header && Buffer.compare(this.header, raw) === 0) {
			this.continued = true;
			return;
		}
		this.continued = false;
		if (this.header) {
			void this.segment.close();
			try {
				const next = openNextSegment(this.current.files[0]!, this.current.files.length + 1);
				this.segment = next.file;
				this.current.path = next.path;
				this.current.files.push(next.path);
			} catch (error) {
				this.fail(error);
				return;
			}
		}
		this.header = raw;
		this.write(raw);
	}

	/**
	 * One complete data row (terminator included); dropped until a header was written.
	 * `warmup`: esxtop's first row after starting, all rates zero. In a file that continues
	 * after a reconnect it would read as seconds of no I/O in mid-capture, so it is left out
	 * there (the segment's first warm-up row stays: every tool knows that one).
	 */
	writeRow(raw: Uint8Array, warmup = false): void {
		if (this.current.error || !this.header) return;
		const skip = warmup && this.continued;
		this.continued = false;
		if (skip) return;
		if (this.write(raw)) this.current.rows++;
	}

	/** Finishes the file (the gzip trailer); one that never got a header is removed. Idempotent. */
	async close(): Promise<void> {
		await this.segment.close();
		if (this.current.bytes === 0) rmSync(this.current.path, {force: true});
	}

	private write(raw: Uint8Array): boolean {
		try {
			this.segment.write(raw);
		} catch (error) {
			this.fail(error);
			return false;
		}
		this.current.bytes += raw.length;
		return true;
	}

	/** A write failed: the recording stops (the live view goes on) and says why, once. */
	private fail(error: unknown): void {
		const code = (error as NodeJS.ErrnoException).code;
		const rows = `${this.current.rows} ${this.current.rows === 1 ? 'sample' : 'samples'}`;
		this.current.error =
			code === 'ENOSPC' || code === 'EDQUOT'
				? `disk full: recording stopped at ${rows} (${this.current.path})`
				: `recording stopped at ${rows}: cannot write ${this.current.path}: ${describeFsError(error)}`;
		void this.segment.close();
		this.onError(this.state);
	}
}

interface SegmentFile {
	write(bytes: Uint8Array): void;
	close(): Promise<void>;
}

/** `NAME.csv` → `NAME.2.csv`, `NAME.csv.gz` → `NAME.2.csv.gz`, `NAME` → `NAME.2`. */
export function segmentPath(path: string, number: number): string {
	const name = basename(path);
	const match = /^(.+?)((?:\.[^.]+)?(?:\.gz)?)$/.exec(name)!;
	return join(dirname(path), `${match[1]}.${number}${match[2]}`);
}

function openNextSegment(first: string, from: number): {file: SegmentFile; path: string} {
	for (let number = from; ; number++) {
		const path = segmentPath(first, number);
		try {
			return {file: openSegment(path), path};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
	}
}

/**
 * A plain file, or gzip written as one gzip member per line: each write is complete on disk
 * as it returns (a killed process leaves a readable file), and gunzip/zcat read the members as
 * one stream. Rows are larger than deflate's 32 KB window, so a shared stream would not
 * compress them better.
 */
function openSegment(path: string): SegmentFile {
	const fd = openSync(path, 'wx', 0o644);
	const compress = path.endsWith('.gz');
	let closed = false;
	let size = 0;
	return {
		write(bytes) {
			const data = compress ? gzipSync(bytes) : bytes;
			try {
				writeAll(fd, data);
			} catch (error) {
				// A short write (a full disk) leaves part of a row or of a gzip member: cut it off,
				// so the file ends with the last complete row.
				try {
					ftruncateSync(fd, size);
				} catch {}
				throw error;
			}
			size += data.length;
		},
		async close() {
			if (!closed) closeSync(fd);
			closed = true;
		},
	};
}

function writeAll(fd: number, bytes: Uint8Array): void {
	for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}
