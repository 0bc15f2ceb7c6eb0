import type {ByteSource} from '../input/byte-source.js';
import {ValuesPool} from '../parse/values-pool.js';
import {FileRange, SpillFile} from '../input/file-range.js';
import {FileSource, openCapture} from '../input/open-capture.js';
import {CaptureParser, type ParseEvent, type ParseStats, type Sample} from '../parse/capture-parser.js';
import {CaptureFormatError} from '../parse/errors.js';
import {emptyCaptureError} from '../parse/capture-stream.js';
import {readCapture} from '../parse/read-capture.js';
import type {Schema} from '../parse/schema.js';
import type {ViewName} from '../parse/storage-views.js';

/** Bytes read per step of the background pass: small, so a key press never waits long. */
const chunkBytes = 1 << 20;

/** A typed array that doubles when full: the index keeps a few numbers per sample, no more. */
class Column<T extends Float64Array | Uint32Array | Uint8Array> {
	length = 0;
	constructor(
		private data: T,
		private readonly make: (n: number) => T,
	) {}

	push(value: number): void {
		if (this.length === this.data.length) {
			const bigger = this.make(this.data.length * 2);
			bigger.set(this.data);
			this.data = bigger;
		}
		this.data[this.length++] = value;
	}

	get(i: number): number {
		return this.data[i]!;
	}
}

const floats = (n: number) => new Float64Array(n);
const uints = (n: number) => new Uint32Array(n);
const bytes = (n: number) => new Uint8Array(n);

interface PendingRecord {
	sample: Sample;
	gap: boolean;
}

/**
 * Where each sample of a capture is, built by one sequential pass in the background, so any
 * sample can be read again without holding the capture in memory:
 * - a plain file: the byte offset and length of each row; reading re-parses that one row;
 * - gzip or stdin (no random access): each sample's parsed values go to an anonymous scratch
 *   file (only the storage columns, a few percent of the row), read back by offset.
 * Memory stays at a few numbers per sample whatever the capture's size.
 */
export class CaptureIndex {
	readonly schemas: Schema[] = [];
	private readonly offsets = new Column(floats(1024), floats);
	private readonly lengths = new Column(uints(1024), uints);
	private readonly times = new Column(floats(1024), floats);
	private readonly segments = new Column(uints(1024), uints);
	private readonly lines = new Column(uints(1024), uints);
	private readonly rowIndexes = new Column(uints(1024), uints);
	private readonly gaps = new Column(bytes(1024), bytes);
	private readonly listeners = new Set<() => void>();
	private readonly primed = new Map<number, CaptureParser>();
	private rereads: Promise<unknown> = Promise.resolve();
	private firstSample: Sample | null = null;
	private readonly pool = new ValuesPool();
	private spillBatch = new Uint8Array(0);
	private finished = false;
	private closed = false;
	private failure: string | null = null;
	private skippedRows = 0;
	private parseStats: ParseStats | null = null;
	private readonly ready: Promise<void>;
	private markReady!: () => void;

	private constructor(
		readonly name: string,
		private readonly source: ByteSource,
		private readonly views: ReadonlySet<ViewName>,
		private readonly file: FileRange | null,
		private readonly spill: SpillFile | null,
	) {
		this.ready = new Promise((resolve) => {
			this.markReady = resolve;
		});
	}

	/**
	 * Opens a capture and starts indexing it; resolves once the first sample is known (or the
	 * capture turned out empty or broken, which `error` then says).
	 */
	static async open(path: string, views: ReadonlySet<ViewName>, name = path === '-' ? 'stdin' : path): Promise<CaptureIndex> {
		const source = await openCapture(path);
		const plain = source instanceof FileSource;
		let index: CaptureIndex;
		try {
			index = new CaptureIndex(name, source, views, plain ? await FileRange.open(path) : null, plain ? null : await SpillFile.create());
		} catch (error) {
			await source.close();
			throw error;
		}
		void index.run();
		await index.ready;
		if (index.count === 0 && index.failure) {
			await index.close();
			throw new CaptureFormatError(index.failure);
		}
		return index;
	}

	/** Samples indexed so far. */
	get count(): number {
		return this.times.length;
	}

	get done(): boolean {
		return this.finished;
	}

	/** Why the pass stopped early (a corrupt file), or null. */
	get error(): string | null {
		return this.failure;
	}

	/** Rows skipped so far (schema drift, a truncated last row, no timestamp). */
	get skipped(): number {
		return this.skippedRows;
	}

	/** Rows whose time went back (each starts a new segment) and cells read as missing as out of range, so far. */
	get oddities(): Pick<ParseStats, 'rewound' | 'outOfRange'> {
		return {rewound: this.parseStats?.rewound ?? 0, outOfRange: this.parseStats?.outOfRange ?? 0};
	}

	/** How far the pass is, 0..1, when the input's size is known. */
	get fraction(): number | null {
		if (this.finished) return 1;
		const {size, position} = this.source;
		return size ? Math.min(1, position / size) : null;
	}

	/** The first sample, straight from the pass (no re-read). */
	get first(): Sample | null {
		return this.firstSample;
	}

	time(i: number): number {
		return this.times.get(i);
	}

	/** True when samples are missing just before sample `i` (skipped rows, a new header, a jump in time). */
	gapBefore(i: number): boolean {
		return this.gaps.get(i) !== 0;
	}

	onChange(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Sample `i` (0-based), read back from the file or the scratch file. */
	async read(i: number): Promise<Sample> {
		if (i < 0 || i >= this.count) throw new RangeError(`sample ${i} is not indexed (${this.count} are)`);
		if (i === 0 && this.firstSample) return this.firstSample;
		const segment = this.segments.get(i);
		const schema = this.schemas[segment]!;
		const base = {schema, time: this.times.get(i), index: this.rowIndexes.get(i), line: this.lines.get(i), ...(this.gaps.get(i) === 2 ? {rewound: true as const} : {})};
		if (this.spill) {
			const values = this.pool.take(this.lengths.get(i) / 8);
			await this.spill.readInto(this.offsets.get(i), new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
			return {...base, values};
		}
		const events = await this.reread(segment, this.offsets.get(i), this.lengths.get(i));
		const event = events.find((e) => e.kind === 'sample');
		if (!event || event.kind !== 'sample') throw new CaptureFormatError(`${this.name}: line ${base.line} changed since it was indexed`);
		return {...base, values: event.sample.values, offset: this.offsets.get(i), bytes: this.lengths.get(i)};
	}

	/**
	 * Takes back the values of a sample read with `read` that its reader no longer holds (it fell
	 * out of a history window), for the next read. The first sample is kept by the index itself.
	 */
	recycle(sample: Sample): void {
		if (sample.values === this.firstSample?.values) return;
		this.pool.give(sample.values);
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.listeners.clear();
		await this.source.close().catch(() => {});
		await this.file?.close();
		await this.spill?.close();
	}

	/**
	 * Parses a row of the file again, read straight into the parser's buffer: at full speed a
	 * 650 KB row a frame would otherwise be a Buffer of garbage each. One read at a time, so no
	 * read lands in a parser buffer that another one moved.
	 */
	private reread(segment: number, offset: number, length: number): Promise<ParseEvent[]> {
		const read = this.rereads.then(async () => {
			const parser = this.parserFor(segment);
			const into = parser.reserve(length);
			await this.file!.readInto(offset, into);
			return parser.commit(length);
		});
		this.rereads = read.catch(() => {});
		return read;
	}

	/** A parser under the segment's schema (its header is not read again), ready to parse single rows of it. */
	private parserFor(segment: number): CaptureParser {
		let parser = this.primed.get(segment);
		if (parser) return parser;
		parser = new CaptureParser({views: this.views, allocateValues: (n) => this.pool.take(n)});
		parser.adopt(this.schemas[segment]!);
		if (this.primed.size >= 2) this.primed.delete(this.primed.keys().next().value!);
		this.primed.set(segment, parser);
		return parser;
	}

	private emit(): void {
		for (const listener of this.listeners) listener();
	}

	private async run(): Promise<void> {
		// The index keeps offsets (a plain file's rows are parsed again when read) or a copy in the
		// spill file: once a batch is committed its values arrays serve the next rows.
		const parser = new CaptureParser({views: this.views, allocateValues: (n) => this.pool.take(n)});
		this.parseStats = parser.stats;
		let lastTime = Number.NaN;
		let interval = 0;
		let gap = false;
		try {
			for await (const events of readCapture(this.source, parser, chunkBytes)) {
				if (this.closed) return;
				const pending: PendingRecord[] = [];
				for (const event of events) {
					if (event.kind === 'header') {
						this.schemas.push(event.schema);
						if (this.schemas.length > 1) gap = true;
						interval = 0;
					} else if (event.kind === 'skip') {
						this.skippedRows++;
						gap = true;
					} else {
						const {time} = event.sample;
						if (event.sample.rewound) {
							gap = true;
							interval = 0;
						}
						const delta = time - lastTime;
						if (interval === 0 && delta > 0) interval = delta;
						else if (interval > 0 && delta > 3 * interval) gap = true;
						lastTime = time;
						pending.push({sample: event.sample, gap});
						gap = false;
					}
				}
				await this.commit(pending);
				for (const {sample} of pending) this.recycle(sample);
				if (this.count > 0) this.markReady();
				this.emit();
				// Let key presses and repaints in between chunks.
				await new Promise((resolve) => setImmediate(resolve));
			}
		} catch (error) {
			this.failure = error instanceof Error ? error.message : String(error);
		}
		if (this.closed) return;
		if (this.count === 0 && !this.failure) this.failure = this.schemas.length === 0 ? emptyCaptureError(this.name).message : `${this.name}: no samples (the capture has a header but no complete data row)`;
		this.finished = true;
		this.markReady();
		this.emit();
	}

	private async commit(records: PendingRecord[]): Promise<void> {
		if (records.length === 0) return;
		let spillAt = 0;
		if (this.spill) {
			const total = records.reduce((sum, {sample}) => sum + sample.values.byteLength, 0);
			// One buffer for every batch (the append is awaited before the next): no MB of garbage a chunk.
			if (this.spillBatch.length < total) this.spillBatch = new Uint8Array(Math.max(total, 2 * this.spillBatch.length));
			const batch = this.spillBatch.subarray(0, total);
			let at = 0;
			for (const {sample} of records) {
				batch.set(new Uint8Array(sample.values.buffer, sample.values.byteOffset, sample.values.byteLength), at);
				at += sample.values.byteLength;
			}
			spillAt = await this.spill.append(batch);
		}
		for (const {sample, gap} of records) {
			if (this.firstSample === null) this.firstSample = sample;
			if (this.spill) {
				this.offsets.push(spillAt);
				this.lengths.push(sample.values.byteLength);
				spillAt += sample.values.byteLength;
			} else {
				this.offsets.push(sample.offset ?? 0);
				this.lengths.push(sample.bytes ?? 0);
			}
			this.times.push(sample.time);
			this.segments.push(this.schemas.indexOf(sample.schema));
			this.lines.push(sample.line);
			this.rowIndexes.push(sample.index);
			// 2: the gap is time going back (the sample read back again says so).
			this.gaps.push(sample.rewound ? 2 : gap ? 1 : 0);
		}
	}
}
