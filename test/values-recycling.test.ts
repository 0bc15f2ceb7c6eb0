import assert from 'node:assert/strict';
import {test} from 'node:test';
import {CaptureIndex} from '../source/model/capture-index.js';
import {ReplayFeed, type Scheduler} from '../source/model/replay-feed.js';
import {CaptureParser, type Sample} from '../source/parse/capture-parser.js';
import {openCaptureStream} from '../source/parse/capture-stream.js';
import {viewNames} from '../source/parse/storage-views.js';
import {encoder, generatedCapture, scratchDir, writeCapture} from './helpers/captures.js';

// Values arrays are reused once their reader is done with them (a report's batch, a sample that
// fell out of the replay history). These tests catch an array reused while something still reads it.

const dir = scratchDir();
const views = new Set(viewNames);

/** Every row's values from one plain sequential parse, as text (NaN compares equal that way). */
function reference(text: string): string[][] {
	const parser = new CaptureParser({views});
	const rows: string[][] = [];
	for (const event of [...parser.feed(encoder.encode(text)), ...parser.end()]) {
		if (event.kind === 'sample') rows.push(Array.from(event.sample.values, String));
	}
	return rows;
}

const valuesOf = (sample: Sample) => Array.from(sample.values, String);

test('parser.adopt reads rows under a header parsed elsewhere, with the values a full parse gives', () => {
	const text = generatedCapture(6, {devices: 4, adapters: 2, pathsPerLun: {min: 2, max: 3}, vms: 3}, {all: true});
	const header = text.slice(0, text.indexOf('\n') + 1);
	const rows = text.slice(header.length).split('\n').filter(Boolean);
	const full = new CaptureParser({views});
	const [headerEvent] = full.feed(encoder.encode(header));
	assert.equal(headerEvent?.kind, 'header');
	const schema = headerEvent.kind === 'header' ? headerEvent.schema : null;
	const adopted = new CaptureParser({views});
	adopted.adopt(schema!);
	const expected = reference(text);
	for (const [i, row] of rows.entries()) {
		const events = adopted.feed(encoder.encode(`${row}\n`));
		assert.equal(events.length, 1);
		assert.equal(events[0]!.kind, 'sample');
		if (events[0]!.kind === 'sample') assert.deepEqual(valuesOf(events[0]!.sample), expected[i], `row ${i}`);
	}
	assert.throws(() => adopted.adopt(schema!), /adopt\(\) before any input/);
});

test('a report stream reuses a batch’s values arrays only after the batch, never inside it', async () => {
	// About 70 KB a row: the stream's 4 MB chunks hold several rows each, and there are many chunks.
	const text = generatedCapture(400, {devices: 60, adapters: 4, pathsPerLun: {min: 2, max: 4}, vms: 20, fillerColumns: 2_000}, {all: true});
	const path = writeCapture(dir, 'wide.csv', text);
	const expected = reference(text);
	const capture = await openCaptureStream(path, viewNames, {recycleValues: true});
	const seen = new Set<Float64Array>();
	let batches = 0;
	let n = 0;
	for await (const events of capture.batches()) {
		batches++;
		const inBatch = new Set<Float64Array>();
		for (const event of events) {
			if (event.kind !== 'sample') continue;
			assert.ok(!inBatch.has(event.sample.values), 'two samples of one batch share an array');
			inBatch.add(event.sample.values);
			seen.add(event.sample.values);
			assert.deepEqual(valuesOf(event.sample), expected[n], `sample ${n}`);
			n++;
		}
		// Read them all again at the end of the batch: nothing overwrote them meanwhile.
		let k = n - inBatch.size;
		for (const event of events) if (event.kind === 'sample') assert.deepEqual(valuesOf(event.sample), expected[k++]);
	}
	await capture.close();
	assert.equal(n, 400);
	assert.ok(batches > 4, `several batches (${batches})`);
	assert.ok(seen.size < n / 2, `arrays were reused (${seen.size} arrays for ${n} samples)`);
});

/** Timers that fire only when the test says so. */
function manualScheduler(): Scheduler & {fire(): boolean; pending: number} {
	const queue: Array<() => void> = [];
	return {
		setTimeout(callback) {
			queue.push(callback);
			return callback;
		},
		clearTimeout(handle) {
			const at = queue.indexOf(handle as () => void);
			if (at !== -1) queue.splice(at, 1);
		},
		fire() {
			const callback = queue.shift();
			callback?.();
			return callback !== undefined;
		},
		get pending() {
			return queue.length;
		},
	};
}

async function until(check: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 20_000;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 2));
	}
}

for (const name of ['played.csv', 'played.csv.gz']) {
	test(`replay (${name.endsWith('.gz') ? 'gzip' : 'plain'}): samples falling out of the history lend their arrays to later reads; the history and the first sample stay intact`, async () => {
		const text = generatedCapture(40, {devices: 5, adapters: 2, pathsPerLun: {min: 2, max: 3}, vms: 4}, {all: true});
		const expected = reference(text);
		const index = await CaptureIndex.open(writeCapture(dir, name, text), views);
		while (!index.done) await new Promise((resolve) => setTimeout(resolve, 5));
		const scheduler = manualScheduler();
		const feed = new ReplayFeed(index, {scheduler, historySize: 4, recycleAfterMs: 0});
		const arrays = new Set<Float64Array>();
		for (let i = 1; i < 40; i++) {
			await until(() => scheduler.pending === 1, 'the next timer');
			scheduler.fire();
			await until(() => feed.snapshot().position?.index === i, `sample ${i}`);
			for (let h = 0; h < feed.history.length; h++) {
				const point = feed.history.at(h)!;
				if (point.kind !== 'sample') continue;
				arrays.add(point.sample.values);
				assert.deepEqual(valuesOf(point.sample), expected[point.sample.index], `sample ${point.sample.index} in the history at step ${i}`);
			}
			assert.deepEqual(valuesOf(feed.snapshot().sample!), expected[i], `the sample shown at step ${i}`);
		}
		assert.ok(arrays.size < 20, `arrays were reused (${arrays.size} for 40 samples)`);
		// The first sample fell out of the history long ago; the index still holds it as it was.
		assert.deepEqual(valuesOf(index.first!), expected[0]);
		assert.deepEqual(valuesOf(await index.read(0)), expected[0]);
		await feed.close();
	});
}

test('a sample the screen still draws keeps its values while the replay runs far past the history', async () => {
	// The screen repaints from the snapshot it took at its last repaint; in between, at max speed,
	// many more samples than the history holds can go by. Their arrays wait before they are reused.
	const text = generatedCapture(60, {devices: 5, adapters: 2, vms: 4}, {all: true});
	const expected = reference(text);
	const index = await CaptureIndex.open(writeCapture(dir, 'held.csv', text), views);
	while (!index.done) await new Promise((resolve) => setTimeout(resolve, 5));
	const scheduler = manualScheduler();
	const feed = new ReplayFeed(index, {scheduler, historySize: 3});
	// Where the replay is, read from the history: the screen here takes no snapshot after its first.
	const newest = () => {
		const point = feed.history.at(-1);
		return point?.kind === 'sample' ? point.sample.index : -1;
	};
	await until(() => scheduler.pending === 1, 'the first timer');
	scheduler.fire();
	await until(() => newest() === 1, 'sample 1');
	const held = feed.snapshot().sample!;
	assert.equal(held.index, 1);
	for (let i = 2; i < 60; i++) {
		await until(() => scheduler.pending === 1, 'the next timer');
		scheduler.fire();
		await until(() => newest() === i, `sample ${i}`);
		assert.deepEqual(valuesOf(held), expected[1], `the held sample 1, ${i - 1} samples later`);
		if (i === 30) await new Promise((resolve) => setTimeout(resolve, 300)); // past recycleAfterMs: time alone frees nothing
	}
	for (let h = 0; h < feed.history.length; h++) {
		const point = feed.history.at(h)!;
		if (point.kind === 'sample') assert.deepEqual(valuesOf(point.sample), expected[point.sample.index]);
	}
	await feed.close();
});
