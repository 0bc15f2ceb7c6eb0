import {createReadStream} from 'node:fs';
import {parse as csvParse} from 'csv-parse';
import type {ByteSource} from '../input/byte-source.js';
import {ChunkSource} from '../input/chunk-source.js';
import {openCapture} from '../input/open-capture.js';
import {CaptureParser} from '../parse/capture-parser.js';
import {readCapture} from '../parse/read-capture.js';
import {buildSchema} from '../parse/schema.js';
import {viewNames} from '../parse/storage-views.js';
import type {Task} from './tasks.js';

/** esxlat's parser: every storage view, the values of every selected cell. */
export const parseTask: Task = async ([path]) => parseAll(await openCapture(path!));

/** The capture N times over, as concatenated captures on one stream: memory must not grow. */
export const parseRepeatTask: Task = async ([path, times]) => {
	const chunks = async function* () {
		for (let i = 0; i < Number(times); i++) yield* createReadStream(path!, {highWaterMark: 1 << 20}) as AsyncIterable<Buffer>;
	};
	return parseAll(new ChunkSource(`${path} ×${times}`, chunks()));
};

async function parseAll(source: ByteSource): Promise<Record<string, number>> {
	const parser = new CaptureParser();
	let checksum = 0;
	let fields = 0;
	for await (const events of readCapture(source, parser)) {
		for (const event of events) {
			if (event.kind === 'sample') checksum += event.sample.values[1]! || 0;
			else if (event.kind === 'header') fields = event.schema.fieldCount;
		}
	}
	await source.close();
	return {samples: parser.stats.samples, headers: parser.stats.headers, fields, checksum: Math.round(checksum)};
}

/**
 * What a Node developer would reach for: csv-parse, streaming, relaxed enough for esxtop's
 * unquoted PCPU cells, reading the same storage cells by index.
 */
export const csvParseTask: Task = async ([path]) => {
	let columns: Uint32Array | null = null;
	let samples = 0;
	let checksum = 0;
	const records = createReadStream(path!, {highWaterMark: 1 << 20}).pipe(csvParse({relax_quotes: true, relax_column_count: true, skip_empty_lines: true}));
	for await (const record of records as AsyncIterable<string[]>) {
		if (!columns) {
			columns = buildSchema(record, new Set(viewNames)).columns;
			continue;
		}
		samples++;
		for (let i = 1; i < columns.length; i++) {
			const value = Number(record[columns[i]!]);
			if (i === 1) checksum += value || 0;
		}
	}
	return {samples, checksum: Math.round(checksum)};
};
