import {CaptureFormatError} from './errors.js';
import {openCapture} from '../input/open-capture.js';
import {ReadAheadSource} from '../input/read-ahead.js';
import {CaptureParser, type ParseEvent, type ParseStats} from './capture-parser.js';
import {readCapture} from './read-capture.js';
import {ValuesPool} from './values-pool.js';
import {type ViewName, viewNames} from './storage-views.js';

/** A capture being parsed in one pass: event batches in stream order, and what was skipped so far. */
export interface CaptureStream {
	/** The path, or `stdin`. */
	readonly name: string;
	/** Counts so far; final once `batches()` is done. */
	readonly stats: ParseStats;
	batches(): AsyncGenerator<ParseEvent[]>;
	/** Stops reading (a closed pipe, an early exit). */
	close(): Promise<void>;
}

/**
 * Opens a capture (a path, plain or gzip, or `-` for stdin) for one pass. The next chunk is
 * read (or inflated) on libuv's pool while the current one is parsed and used.
 */
export async function openCaptureStream(path: string, views: Iterable<ViewName> = viewNames, options: StreamOptions = {}): Promise<CaptureStream> {
	const source = new ReadAheadSource(await openCapture(path));
	const pool = options.recycleValues ? new ValuesPool() : null;
	const parser = new CaptureParser({views, ...(pool ? {allocateValues: (n: number) => pool.take(n)} : {})});
	return {
		name: source.name,
		stats: parser.stats,
		batches: () => (pool ? recycling(readCapture(source, parser), pool) : readCapture(source, parser)),
		close: () => source.close(),
	};
}

export interface StreamOptions {
	/**
	 * The consumer is done with a batch's samples when it asks for the next batch (it keeps
	 * figures, never a Sample): their values arrays are reused for the rows after.
	 */
	recycleValues?: boolean;
}

async function* recycling(batches: AsyncGenerator<ParseEvent[]>, pool: ValuesPool): AsyncGenerator<ParseEvent[]> {
	for await (const events of batches) {
		yield events;
		for (const event of events) if (event.kind === 'sample') pool.give(event.sample.values);
	}
}

/** Input with no header at all (zero bytes, or blank lines only): the same words from every command. */
export function emptyCaptureError(name: string): CaptureFormatError {
	return new CaptureFormatError(`${name}: empty, not an esxtop capture`);
}
