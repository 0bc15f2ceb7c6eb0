import {CaptureFormatError} from './errors.js';
import {RowScanner} from './row-scanner.js';
import {readHeaderCells} from './header-cells.js';
import {type Schema, schemaFromHeader} from './schema.js';
import {type ViewName, viewNames} from './storage-views.js';
import {parseSampleTime} from './timestamp.js';

/** One data row: the selected columns of the schema, NaN where a cell is empty or absent. */
export interface Sample {
	schema: Schema;
	/** Epoch milliseconds (UTC). */
	time: number;
	/** Values by schema slot; slot 0 (the timestamp) is NaN. */
	values: Float64Array;
	/** 0 for the first row after a header: esxtop's warm-up row, where every rate is 0. */
	index: number;
	/** 1-based line number in the stream. */
	line: number;
	/** Byte offset of the row's first byte in the stream, and its length with the terminator (for offset indexes). */
	offset?: number;
	bytes?: number;
	/** The row's bytes as received, terminator included (only with `keepRaw`). */
	raw?: Uint8Array;
	/**
	 * Set when this row's time is before the previous row's (a clock stepped back, files merged
	 * by hand): a new segment starts here, as after a header, but the row has rates (no warm-up).
	 */
	rewound?: true;
}

export type SkipReason = 'drift' | 'truncated' | 'time';

export type ParseEvent =
	| {kind: 'header'; schema: Schema; line: number; raw?: Uint8Array; offset?: number; bytes?: number}
	| {kind: 'sample'; sample: Sample}
	| {kind: 'skip'; reason: SkipReason; line: number; detail: string};

export interface ParserOptions {
	/** Views whose columns are read (default: all). */
	views?: Iterable<ViewName>;
	/** Attach each line's raw bytes to its event, for recorders. */
	keepRaw?: boolean;
	/** Longest line accepted before the input is declared corrupt (default 64 MiB). */
	maxLineBytes?: number;
	/** Where a row's values array comes from (default: a new one); e.g. a pool of arrays that fell out of a history window. */
	allocateValues?: (length: number) => Float64Array;
}

export interface ParseStats {
	lines: number;
	samples: number;
	headers: number;
	/** Rows whose cell count differs from their header's (never mapped by position). */
	drift: number;
	/** A last row cut short (Ctrl-C, dropped connection). */
	truncated: number;
	/** Rows whose first cell is not a timestamp. */
	badTime: number;
	/** Cells read as missing because they were negative, infinite or above `maxPlausible`. */
	outOfRange: number;
	/** Rows whose time is before the previous row's (each starts a new segment). */
	rewound: number;
}

export {maxPlausible} from './row-scanner.js';

export const defaultMaxLineBytes = 64 * 1024 * 1024;
/** Scanner memory past which a header's growth is given back (see shrinkAfterHeader). */
const shrinkAbove = 8 * 1024 * 1024;

/**
 * Incremental parser for `esxtop -b` output. Bytes go in through `feed(chunk)` (copied) or
 * `reserve()`/`commit()` (read straight into the parser's buffer); chunks may split anywhere.
 * Emits a header event per header line, then one sample per complete row.
 */
export class CaptureParser {
	readonly stats: ParseStats = {lines: 0, samples: 0, headers: 0, drift: 0, truncated: 0, badTime: 0, outOfRange: 0, rewound: 0};
	private scanner = new RowScanner();
	private readonly views: ReadonlySet<ViewName>;
	private readonly keepRaw: boolean;
	private readonly maxLineBytes: number;
	private readonly allocateValues: (length: number) => Float64Array;
	private schema: Schema | null = null;
	private index = 0;
	/** Time of the last row of the current header's rows (NaN before one). */
	private lastTime = Number.NaN;
	/** Bytes buffered at scanner.dataBase; none of [0, searched) is a line feed. */
	private used = 0;
	private searched = 0;
	/** Stream bytes dropped from the front of the buffer so far: the stream offset of scanner.dataBase. */
	private consumed = 0;
	private ended = false;

	constructor(options: ParserOptions = {}) {
		this.views = new Set(options.views ?? viewNames);
		this.keepRaw = options.keepRaw ?? false;
		this.maxLineBytes = options.maxLineBytes ?? defaultMaxLineBytes;
		this.allocateValues = options.allocateValues ?? ((length) => new Float64Array(length));
	}

	/** The schema of the rows being read, once a header was seen. */
	get currentSchema(): Schema | null {
		return this.schema;
	}

	/**
	 * Reads rows under a header already parsed with the same views, instead of a header line:
	 * the replay index parses single rows again, and a SAN host's header is 25 MB (its scanner
	 * memory and the CPU to judge 290,000 cells, once more for nothing).
	 */
	adopt(schema: Schema): void {
		this.assertOpen();
		if (this.schema || this.used > 0) throw new Error('CaptureParser: adopt() before any input');
		this.schema = schema;
		this.stats.headers++;
		this.scanner.select(schema.columns, 0);
	}

	/** Bytes held back waiting for the end of their line. */
	get pendingBytes(): number {
		return this.used;
	}

	feed(chunk: Uint8Array): ParseEvent[] {
		this.reserve(chunk.length).set(chunk);
		return this.commit(chunk.length);
	}

	/** A writable region of `length` bytes; hand what was written to `commit`. */
	reserve(length: number): Uint8Array {
		this.assertOpen();
		return this.scanner.reserve(this.used, length);
	}

	commit(length: number): ParseEvent[] {
		this.assertOpen();
		this.used += length;
		const events: ParseEvent[] = [];
		for (;;) {
			const base = this.scanner.dataBase;
			const bytes = this.scanner.bytes.subarray(0, base + this.used);
			let lineStart = base;
			let from = base + this.searched;
			let schema: Schema | null = null;
			while (!schema) {
				const lf = bytes.indexOf(0x0a, from);
				if (lf === -1) break;
				schema = this.line(lineStart, lf, lf + 1, events);
				lineStart = lf + 1;
				from = lineStart;
			}
			this.consume(lineStart - base);
			if (!schema) break;
			// A new header selects other columns, which moves the buffer: carry the rest along.
			this.scanner.select(schema.columns, this.used);
			this.shrinkAfterHeader();
		}
		if (this.used > this.maxLineBytes) {
			throw new CaptureFormatError(`line ${this.stats.lines + 1} runs past ${formatBytes(this.maxLineBytes)} without a line break: not an esxtop capture, or a corrupt one`);
		}
		this.searched = this.used;
		return events;
	}

	/** Ends the stream: a last line without its terminator is taken only if it is complete. */
	end(): ParseEvent[] {
		this.assertOpen();
		const events: ParseEvent[] = [];
		if (this.used > 0) {
			const start = this.scanner.dataBase;
			this.line(start, start + this.used, start + this.used, events, true);
		}
		this.used = 0;
		this.searched = 0;
		this.ended = true;
		return events;
	}

	/**
	 * A header line is read whole, so the scanner's memory grew to hold it (13 MB on a
	 * 149,000-column SAN host), and WebAssembly memory never shrinks. Data rows are a twentieth
	 * of that: when the memory is much larger than what is buffered, move to a fresh scanner and
	 * let the old one go, instead of carrying the header's memory for the whole capture.
	 */
	private shrinkAfterHeader(): void {
		const old = this.scanner;
		if (old.memoryBytes < shrinkAbove || old.memoryBytes < 4 * (old.dataBase + this.used)) return;
		const fresh = new RowScanner();
		fresh.select(old.selection, 0);
		fresh.reserve(0, this.used).set(old.bytes.subarray(old.dataBase, old.dataBase + this.used));
		this.scanner = fresh;
	}

	/** Drops `count` handled bytes from the front of the buffer. */
	private consume(count: number): void {
		if (count === 0) return;
		const base = this.scanner.dataBase;
		if (count < this.used) this.scanner.bytes.copyWithin(base, base + count, base + this.used);
		this.used -= count;
		this.consumed += count;
		this.searched = 0;
	}

	/**
	 * Handles the line at [start, end) of linear memory (`next` is just past its terminator).
	 * Returns the new schema when the line was a header.
	 */
	private line(start: number, end: number, next: number, events: ParseEvent[], unterminated = false): Schema | null {
		const bytes = this.scanner.bytes;
		this.stats.lines++;
		const lineNumber = this.stats.lines;
		let s = start;
		let e = end;
		if (e > s && bytes[e - 1] === 0x0d) e--;
		if (e - s >= 3 && bytes[s] === 0xef && bytes[s + 1] === 0xbb && bytes[s + 2] === 0xbf) s += 3; // UTF-8 BOM
		if (e === s) return null; // blank line: some esxtop builds end with one
		// A copy: the buffer is reused (Buffer#slice would share it).
		const raw = this.keepRaw ? new Uint8Array(bytes.subarray(start, next)) : undefined;
		const offset = this.consumed + (start - this.scanner.dataBase);
		const length = next - start;

		if (isHeaderStart(bytes, s, e)) {
			if (unterminated) {
				this.skip(events, 'truncated', lineNumber, 'the input ends inside a header line');
				return null;
			}
			const header = readHeaderCells(this.scanner, s, e, this.scanner.dataBase + this.used, this.views);
			const schema = schemaFromHeader(header, this.views, this.stats.headers);
			this.stats.headers++;
			this.schema = schema;
			this.index = 0;
			this.lastTime = Number.NaN;
			events.push(raw ? {kind: 'header', schema, line: lineNumber, raw, offset, bytes: length} : {kind: 'header', schema, line: lineNumber, offset, bytes: length});
			return schema;
		}
		const schema = this.schema;
		if (!schema) {
			throw new CaptureFormatError('not an esxtop batch capture: the first line should be a header starting with "(PDH-CSV 4.0)"');
		}
		const fields = this.scanner.scan(s, e);
		if (unterminated && (fields !== schema.fieldCount || !endsCleanly(bytes, s, e))) {
			this.skip(events, 'truncated', lineNumber, `the last line has no line break and stops after ${fields} of ${schema.fieldCount} cells`);
			return null;
		}
		if (fields !== schema.fieldCount) {
			this.skip(events, 'drift', lineNumber, `${fields} cells where the header has ${schema.fieldCount}`);
			return null;
		}
		const values = this.allocateValues(schema.columns.length);
		const timeText = this.scanner.read(values);
		const time = parseSampleTime(timeText, schema.marker.biasMinutes);
		if (Number.isNaN(time)) {
			this.skip(events, 'time', lineNumber, `"${timeText.slice(0, 40)}" is not a timestamp`);
			return null;
		}
		values[0] = Number.NaN;
		this.stats.outOfRange += this.scanner.droppedCells;
		this.stats.samples++;
		const sample: Sample = {schema, time, values, index: this.index++, line: lineNumber, offset, bytes: length};
		if (time < this.lastTime) {
			sample.rewound = true;
			this.stats.rewound++;
		}
		this.lastTime = time;
		if (raw) sample.raw = raw;
		events.push({kind: 'sample', sample});
		return null;
	}

	private skip(events: ParseEvent[], reason: SkipReason, line: number, detail: string): void {
		if (reason === 'drift') this.stats.drift++;
		else if (reason === 'truncated') this.stats.truncated++;
		else this.stats.badTime++;
		events.push({kind: 'skip', reason, line, detail});
	}

	private assertOpen(): void {
		if (this.ended) throw new Error('CaptureParser: input after end()');
	}
}


/** A header line's first cell is the PDH marker, quoted or (after a spreadsheet) not. */
function isHeaderStart(bytes: Uint8Array, s: number, e: number): boolean {
	let i = s;
	if (i < e && bytes[i] === 0x22) i++;
	if (i + 9 > e) return false;
	// "(PDH-CSV "
	return bytes[i] === 0x28 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x48 && bytes[i + 4] === 0x2d && bytes[i + 5] === 0x43 && bytes[i + 6] === 0x53 && bytes[i + 7] === 0x56;
}

/** esxtop ends every line with `",` (an empty last cell) or with `"`; anything else may be cut. */
function endsCleanly(bytes: Uint8Array, s: number, e: number): boolean {
	const last = bytes[e - 1];
	return e > s && (last === 0x2c || last === 0x22);
}

export function formatBytes(n: number): string {
	if (n >= 1024 * 1024 * 1024) return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GiB`;
	if (n >= 1024 * 1024) return `${Math.round(n / (1024 * 1024))} MiB`;
	if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
	return `${n} B`;
}
