import {CaptureFormatError} from './errors.js';
import {openCapture} from '../input/open-capture.js';
import {ReadAheadSource} from '../input/read-ahead.js';
import {CaptureParser, type ParseEvent, type ParseStats} from './capture-parser.js';
import {readCapture} from './read-capture.js';
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
export async function openCaptureStream(path: string, views: Iterable<ViewName> = viewNames): Promise<CaptureStream> {
	const source = new ReadAheadSource(await openCapture(path));
	const parser = new CaptureParser({views});
	return {
		name: source.name,
		stats: parser.stats,
		batches: () => readCapture(source, parser),
		close: () => source.close(),
	};
}

/** Input with no header at all (zero bytes, or blank lines only): the same words from every command. */
export function emptyCaptureError(name: string): CaptureFormatError {
	return new CaptureFormatError(`${name}: empty, not an esxtop capture`);
}
