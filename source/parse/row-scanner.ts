import {scannerWasmBase64} from './scanner-wasm.js';

/**
 * No storage counter (ms, commands/s, MB/s, queue depths) is negative or anywhere near 10^12;
 * such a cell is a corrupt or hand-edited one, and treated as missing, never as a number that
 * percent maths and sketches would choke on (`1e309` is Infinity, `-1e308` a negative latency).
 * scanner.wat's parse holds the same bound.
 */
export const maxPlausible = 1e12;

interface ScannerExports {
	memory: WebAssembly.Memory;
	scan(p: number, length: number, sel: number, selN: number, out: number): number;
	parse(out: number, n: number, values: number, fallback: number): number;
	dropped: WebAssembly.Global;
}

const wasmModule = new WebAssembly.Module(Buffer.from(scannerWasmBase64, 'base64'));

const page = 65_536;
const selectionBase = 256; // below: 10^0..10^22 written by the module's start function
const slack = 64; // the scanner reads whole 64-byte blocks past a row's end

/**
 * Owns one scanner instance and its linear memory: the selection table, a span (u32 start,
 * u32 end) and an f64 value per selected column, the list of cells left to JS, and a byte
 * buffer that input is read or copied into. Rows are scanned in place: no copy, no per-cell strings.
 */
export class RowScanner {
	private readonly exports: ScannerExports;
	private selectionCount = 0;
	private selected: Uint32Array = new Uint32Array([0]);
	private outBase = selectionBase;
	private valuesBase = selectionBase;
	private fallbackBase = selectionBase;
	/** Start of the byte buffer in linear memory. */
	dataBase = selectionBase;
	/** Views over linear memory, rebuilt whenever it grows. */
	bytes!: Buffer;
	private f64!: Float64Array;
	private u32!: Uint32Array;

	constructor() {
		this.exports = new WebAssembly.Instance(wasmModule).exports as unknown as ScannerExports;
		this.refreshViews();
		this.select(new Uint32Array([0]), 0);
	}

	/**
	 * Sets the (ascending) field indices to read from each row. `keep` bytes at the start of the
	 * buffer survive the move (the rest of a chunk after a header line).
	 */
	select(columns: Uint32Array, keep: number): void {
		this.selected = columns;
		const oldData = this.dataBase;
		this.selectionCount = columns.length;
		this.outBase = align(selectionBase + columns.length * 4, 8);
		this.valuesBase = this.outBase + columns.length * 8;
		this.fallbackBase = this.valuesBase + columns.length * 8;
		const newData = align(this.fallbackBase + columns.length * 4, 64);
		this.ensure(newData, keep);
		if (keep > 0 && newData !== oldData) this.bytes.copyWithin(newData, oldData, oldData + keep);
		this.dataBase = newData;
		this.u32.set(columns, selectionBase >> 2);
	}

	/** The field indices `select` was given. */
	get selection(): Uint32Array {
		return this.selected;
	}

	/** Size of the linear memory (input buffer, selection, scratch). */
	get memoryBytes(): number {
		return this.exports.memory.buffer.byteLength;
	}

	/** Makes room for `length` bytes after `used` bytes of buffered input; returns that region. */
	reserve(used: number, length: number): Uint8Array {
		this.ensure(this.dataBase, used + length);
		return this.bytes.subarray(this.dataBase + used, this.dataBase + used + length);
	}

	/** Scans the row at [start, end) of linear memory; returns its field count. */
	scan(start: number, end: number): number {
		return this.exports.scan(start, end - start, selectionBase, this.selectionCount, this.outBase);
	}

	/** Cells the last `read` set to NaN because no counter can hold them (negative, infinite, above `maxPlausible`). */
	droppedCells = 0;

	/**
	 * Writes the selected cells of the last scanned row into `values` (NaN for empty,
	 * non-numeric or implausible cells) and returns the raw text of cell 0 (the timestamp).
	 */
	read(values: Float64Array): string {
		const n = this.selectionCount;
		const declined = this.exports.parse(this.outBase, n, this.valuesBase, this.fallbackBase);
		let dropped = this.exports.dropped.value as number;
		values.set(this.f64.subarray(this.valuesBase >> 3, (this.valuesBase >> 3) + n));
		for (let k = 0; k < declined; k++) {
			const i = this.u32[(this.fallbackBase >> 2) + k]!;
			let value = this.slowNumber(...this.span(i));
			if (value < 0 || value > maxPlausible) {
				value = Number.NaN;
				dropped++;
			}
			values[i] = value;
		}
		this.droppedCells = dropped;
		return this.cellText(...this.span(0));
	}

	/**
	 * The span of every field of the line at [start, end), as [start0, end0, start1, end1, …],
	 * using scratch memory from `free` on (past the buffered input) and leaving the selection alone.
	 */
	allSpans(start: number, end: number, free: number): Uint32Array {
		const count = this.exports.scan(start, end - start, 0, 0, 0);
		const sel = align(free + slack, 8);
		const out = sel + count * 4;
		this.ensure(out, count * 8);
		const u32 = this.u32;
		for (let i = 0; i < count; i++) u32[(sel >> 2) + i] = i;
		this.exports.scan(start, end - start, sel, count, out);
		return u32.slice(out >> 2, (out >> 2) + 2 * count);
	}

	/** Where selected column `i` of the last scanned row starts and ends in linear memory. */
	span(i: number): [start: number, end: number] {
		const slot = (this.outBase >> 2) + 2 * i;
		return [this.u32[slot]!, this.u32[slot + 1]!];
	}

	/** A cell's text as tokenize.ts's fieldText gives it: quotes removed and `""` unescaped, or padding trimmed. */
	cellText(start: number, end: number): string {
		let s = start;
		let e = end;
		if (e > s && this.bytes[s] === 0x22) {
			s++;
			if (e > s && this.bytes[e - 1] === 0x22) e--;
			const text = this.bytes.toString('utf8', s, e);
			return text.includes('""') ? text.replaceAll('""', '"') : text;
		}
		return this.bytes.toString('utf8', s, e).trim();
	}

	/** Cells the fast path declined: padding, exponents, long mantissas, text. */
	private slowNumber(start: number, end: number): number {
		const text = this.cellText(start, end).trim();
		return decimalPattern.test(text) ? Number(text) : Number.NaN;
	}

	private ensure(base: number, length: number): void {
		const have = this.exports.memory.buffer.byteLength;
		const needed = base + length + slack;
		if (needed > have) {
			// Grow by at least half again so a stream of long rows does not grow page by page.
			this.exports.memory.grow(Math.ceil(Math.max(needed - have, have / 2) / page));
			this.refreshViews();
		}
	}

	private refreshViews(): void {
		const {buffer} = this.exports.memory;
		this.bytes = Buffer.from(buffer);
		this.f64 = new Float64Array(buffer);
		this.u32 = new Uint32Array(buffer);
	}
}

const decimalPattern = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

function align(value: number, to: number): number {
	return Math.ceil(value / to) * to;
}
