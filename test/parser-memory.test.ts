import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {CaptureParser} from '../source/parse/capture-parser.js';
import {splitFields} from '../source/parse/tokenize.js';
import {digest, encoder, generatedCapture, parseChunks, randomSplits, whole} from './helpers/captures.js';

/** The scanner's memory (private: what this test is about). */
const memoryOf = (parser: CaptureParser) => (parser as unknown as {scanner: {memoryBytes: number}}).scanner.memoryBytes;

test('after a header of many MB the parser gives its memory back, and the rows read the same', () => {
	// A SAN-sized -a header (about 11 MB, 130,000 storage cells), twice: a concatenated capture.
	const one = generatedCapture(3, {devices: 1000, adapters: 4, vms: 4, nfs: 0}, {all: true});
	const text = one + one;
	const bytes = encoder.encode(text);
	const headerBytes = text.indexOf('\n') + 1;
	assert.ok(headerBytes > 10 * 1024 * 1024, `the header is ${headerBytes} bytes`);
	const {events, parser} = parseChunks(bytes, whole);
	assert.ok(memoryOf(parser) < headerBytes / 2, `scanner memory ${memoryOf(parser)} bytes after a ${headerBytes}-byte header`);
	for (const split of [randomSplits(11, 3_000_000), randomSplits(12, 70_000)]) assert.deepEqual(digest(parseChunks(bytes, split).events), digest(events));

	// Every selected cell as the reference tokenizer reads it.
	const lines = text.split('\n');
	let samples = 0;
	for (const event of events) {
		if (event.kind !== 'sample') continue;
		samples++;
		const {sample} = event;
		const cells = splitFields(lines[sample.line - 1]!);
		const columns = sample.schema.columns;
		for (let j = 1; j < columns.length; j++) {
			const cell = cells[columns[j]!]!;
			const want = cell === '' ? Number.NaN : Number(cell);
			assert.ok(Object.is(sample.values[j], want) || sample.values[j] === want, `line ${sample.line} column ${columns[j]}: ${sample.values[j]} vs "${cell}"`);
		}
	}
	assert.equal(samples, 6);
});
