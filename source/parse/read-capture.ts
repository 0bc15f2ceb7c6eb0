import type {ByteSource} from '../input/byte-source.js';
import type {CaptureParser, ParseEvent} from './capture-parser.js';
import {CaptureFormatError} from './errors.js';

const defaultChunk = 4 * 1024 * 1024;

/** Pulls a source through the parser; yields the events of each chunk, then those of the end. */
export async function* readCapture(source: ByteSource, parser: CaptureParser, chunkSize = defaultChunk): AsyncGenerator<ParseEvent[]> {
	try {
		for (;;) {
			const n = await source.read(parser.reserve(chunkSize));
			if (n === 0) break;
			const events = parser.commit(n);
			if (events.length > 0) yield events;
		}
		yield parser.end();
	} catch (error) {
		// Name the input in the one line the user sees.
		if (error instanceof CaptureFormatError) throw new CaptureFormatError(`${source.name}: ${error.message}`);
		throw error;
	}
}
