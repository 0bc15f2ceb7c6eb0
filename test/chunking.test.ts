import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {byteByByte, digest, encoder, generatedCapture, parseChunks, randomSplits, whole} from './helpers/captures.js';
import {samplePath, samples, skipWithoutSample} from './helpers/shared-samples.js';

/** Feeding the same bytes in any chunks must give the same events. */
function assertChunkIndependent(bytes: Uint8Array, splits: Array<(length: number) => number[]>): void {
	const reference = digest(parseChunks(bytes, whole).events);
	assert.ok(reference.some((event) => (event as {kind: string}).kind === 'sample'), 'the reference parse found samples');
	for (const split of splits) assert.deepEqual(digest(parseChunks(bytes, split).events), reference);
}

test('real default-counters capture: whole, byte by byte and random splits agree', {skip: skipWithoutSample(samples.defaultCounters)}, () => {
	const bytes = readFileSync(samplePath(samples.defaultCounters)!);
	assertChunkIndependent(bytes, [byteByByte, randomSplits(1, 7), randomSplits(2, 70_000)]);
});

test('real -a capture (glued PCPU cells, 17,428 cells a line): random splits agree', {skip: skipWithoutSample(samples.allCounters)}, () => {
	const bytes = readFileSync(samplePath(samples.allCounters)!);
	assertChunkIndependent(bytes, [randomSplits(3, 13), randomSplits(4, 3000), randomSplits(5, 200_000)]);
});

test('generated captures, default and -a: whole, byte by byte and random splits agree', () => {
	for (const all of [false, true]) {
		const bytes = encoder.encode(generatedCapture(6, {devices: 5, vms: 3, nfs: 1, pcpus: 3, fillerColumns: 300, episodes: {0: [{kind: 'array-slow', from: 2, to: 5}]}}, {all}));
		assertChunkIndependent(bytes, [byteByByte, randomSplits(6, 5), randomSplits(7, 1000), randomSplits(8, 100_000)]);
	}
});

test('splits inside a multi-byte UTF-8 character and between \\r and \\n change nothing', () => {
	// A VM named with non-ASCII characters, CRLF line ends and a BOM, as a spreadsheet writes them.
	const text = generatedCapture(4, {vms: 2, devices: 2})
		.replaceAll('vm-01', 'vm-ü€𝄞-01')
		.replaceAll('\n', '\r\n');
	const bytes = encoder.encode(`\uFEFF${text}`);
	const reference = parseChunks(bytes, whole).events;
	const header = reference[0];
	assert.ok(header?.kind === 'header');
	assert.ok(header.schema.byView.vm.some((entity) => entity.id === 'vm-ü€𝄞-01:scsi0:0'));
	const multiByte = bytes.indexOf(0xe2); // the first byte of '€'
	const crlf = bytes.indexOf(0x0d);
	const cuts = [multiByte + 1, multiByte + 2, crlf + 1, bytes.indexOf(0x0d, crlf + 1) + 1];
	for (const cut of cuts) {
		assert.deepEqual(digest(parseChunks(bytes, () => [cut]).events), digest(reference), `cut at ${cut}`);
	}
	assert.deepEqual(digest(parseChunks(bytes, byteByByte).events), digest(reference));
});

test('a split inside a quoted cell is just another split', () => {
	const bytes = encoder.encode(generatedCapture(3, {devices: 2}));
	const text = new TextDecoder().decode(bytes);
	const insideCell = text.indexOf('Average Driver MilliSec') + 7;
	const insideValue = text.indexOf('\n') + 5;
	for (const cut of [insideCell, insideValue]) {
		assert.deepEqual(digest(parseChunks(bytes, () => [cut]).events), digest(parseChunks(bytes, whole).events));
	}
});
