import assert from 'node:assert/strict';
import {test} from 'node:test';
import {CaptureIndex} from '../source/model/capture-index.js';
import {seriesOf} from '../source/model/entity-stats.js';
import {parseSeekTarget} from '../source/model/feed.js';
import {defaultThresholds} from '../source/model/thresholds.js';
import {sparkline} from '../source/view/sparkline.js';
import {ReplayFeed, type Scheduler} from '../source/model/replay-feed.js';
import {viewNames} from '../source/parse/storage-views.js';
import {captureText, scratchDir, writeCapture} from './helpers/captures.js';

const dir = scratchDir();
const views = new Set(viewNames);

/** Timers that fire only when the test says so. */
function manualScheduler(): Scheduler & {fire(): boolean; pending: number} {
	const queue: Array<{callback: () => void; ms: number}> = [];
	return {
		setTimeout(callback, ms) {
			const entry = {callback, ms};
			queue.push(entry);
			return entry;
		},
		clearTimeout(handle) {
			const at = queue.indexOf(handle as {callback: () => void; ms: number});
			if (at !== -1) queue.splice(at, 1);
		},
		fire() {
			const entry = queue.shift();
			entry?.callback();
			return entry !== undefined;
		},
		get pending() {
			return queue.length;
		},
	};
}

async function settled(index: CaptureIndex): Promise<void> {
	while (!index.done) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Waits (polling) until `check` holds: reads finish asynchronously, on a busy machine too. */
async function until(check: () => boolean, what = 'condition'): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 2));
	}
}

for (const name of ['plain.csv', 'zipped.csv.gz']) {
	test(`index of a ${name.endsWith('.gz') ? 'gzip' : 'plain'} capture reads any sample back with the values of a sequential parse`, async () => {
		const text = captureText('demo', 40);
		const path = writeCapture(dir, name, text);
		const index = await CaptureIndex.open(path, views);
		await settled(index);
		assert.equal(index.count, 40);
		assert.equal(index.error, null);
		for (const i of [39, 0, 17, 1]) {
			const sample = await index.read(i);
			assert.equal(sample.index, i);
			assert.equal(sample.time, index.time(i));
			assert.equal(sample.schema, index.schemas[0]);
			const again = await index.read(i);
			assert.deepEqual([...again.values].map(String), [...sample.values].map(String));
		}
		const first = await index.read(0);
		const later = await index.read(20);
		assert.notDeepEqual([...first.values], [...later.values], 'different rows give different values');
		await index.close();
	});
}

test('a truncated last row and a concatenated capture leave gaps in the index', async () => {
	const one = captureText('healthy', 5);
	const two = captureText('healthy', 4, {start: Date.UTC(2026, 0, 5, 6, 0, 0)});
	const path = writeCapture(dir, 'joined.csv', `${one}${two}"01/05/2026 06:00:20","1.0`);
	const index = await CaptureIndex.open(path, views);
	await settled(index);
	assert.equal(index.count, 9);
	assert.equal(index.schemas.length, 2);
	assert.equal(index.skipped, 1);
	assert.equal(index.gapBefore(5), true, 'the second header starts after a gap');
	assert.equal(index.gapBefore(3), false);
	const second = await index.read(6);
	assert.equal(second.schema, index.schemas[1]);
	assert.equal(second.index, 1);
	await index.close();
});

test('a file that is not a capture is refused with one line', async () => {
	const path = writeCapture(dir, 'notes.txt', 'hello\nworld\n');
	await assert.rejects(CaptureIndex.open(path, views), /not an esxtop batch capture/);
});

test('replay plays on its timer, pauses, steps both ways and keeps the history in order', async () => {
	const path = writeCapture(dir, 'play.csv', captureText('demo', 30));
	const index = await CaptureIndex.open(path, views);
	await settled(index);
	const scheduler = manualScheduler();
	const feed = new ReplayFeed(index, {scheduler, historySize: 8});
	assert.equal(feed.snapshot().position?.index, 0);
	assert.equal(feed.snapshot().status.mode, 'playing');
	for (let i = 1; i <= 10; i++) {
		await until(() => scheduler.pending === 1, 'the next timer');
		assert.ok(scheduler.fire());
		await until(() => feed.snapshot().position?.index === i, `sample ${i}`);
	}
	assert.equal(feed.snapshot().position?.index, 10);
	assert.equal(feed.history.length, 8);
	assert.equal((feed.history.at(-1) as {sample: {index: number}}).sample.index, 10);
	feed.togglePause();
	assert.equal(feed.snapshot().status.mode, 'paused');
	assert.equal(scheduler.pending, 0);
	feed.step(-1);
	await until(() => feed.snapshot().position?.index === 9 && feed.history.length === 8, 'the step back and the refill');
	const indexes = Array.from({length: feed.history.length}, (_, i) => (feed.history.at(i) as {sample: {index: number}}).sample.index);
	assert.deepEqual(indexes, [2, 3, 4, 5, 6, 7, 8, 9]);
	feed.step(1);
	await until(() => feed.snapshot().position?.index === 10, 'the step forward');
	await feed.close();
});

test('seek: first, last, sample number, time of day, and clear refusals', async () => {
	const path = writeCapture(dir, 'seek.csv.gz', captureText('demo', 50));
	const index = await CaptureIndex.open(path, views);
	await settled(index);
	const feed = new ReplayFeed(index, {scheduler: manualScheduler(), paused: true});
	assert.equal(feed.seek({kind: 'last'}), null);
	await until(() => feed.snapshot().position?.index === 49, 'the last sample');
	assert.equal(feed.snapshot().status.mode, 'ended');
	assert.equal(feed.seek(parseSeekTarget('12') as never), null);
	await until(() => feed.snapshot().position?.index === 11, 'sample 12');
	// The generator starts at 02:00:00 UTC with 5 s rows: 02:01:00 is sample 12 (0-based).
	assert.equal(feed.seek(parseSeekTarget('02:01:00') as never), null);
	await until(() => feed.snapshot().position?.index === 12, '02:01:00');
	assert.match(feed.seek(parseSeekTarget('05:00') as never)!, /no sample at 05:00:00 UTC: the capture runs from 02:00:00 to 02:04:05/);
	assert.match(feed.seek({kind: 'sample', number: 51})!, /out of range: 1 to 50/);
	assert.equal(typeof parseSeekTarget('25:00'), 'string');
	assert.equal(typeof parseSeekTarget('soon'), 'string');
	feed.seek({kind: 'first'});
	await until(() => feed.snapshot().position?.index === 0, 'the first sample');
	await feed.close();
});

test('speed moves along the ladder from 0.5× to as fast as possible', async () => {
	const path = writeCapture(dir, 'speed.csv', captureText('healthy', 3));
	const index = await CaptureIndex.open(path, views);
	await settled(index);
	const feed = new ReplayFeed(index, {scheduler: manualScheduler(), paused: true, speed: 1});
	feed.changeSpeed(-1);
	assert.equal(feed.snapshot().speed, 0.5);
	feed.changeSpeed(-1);
	assert.equal(feed.snapshot().speed, 0.5);
	for (let i = 0; i < 12; i++) feed.changeSpeed(1);
	assert.equal(feed.snapshot().speed, Number.POSITIVE_INFINITY);
	await feed.close();
});

test('a gap in the capture becomes a gap point in the history and a blank in the sparkline', async () => {
	const one = captureText('healthy', 4);
	const two = captureText('healthy', 4, {start: Date.UTC(2026, 0, 5, 6, 0, 0)});
	const path = writeCapture(dir, 'gap.csv', `${one}${two}`);
	const index = await CaptureIndex.open(path, views);
	await settled(index);
	const feed = new ReplayFeed(index, {scheduler: manualScheduler(), paused: true, historySize: 16});
	feed.seek({kind: 'last'});
	await until(() => feed.snapshot().position?.index === 7 && feed.history.length === 9, 'the history refill');
	const kinds = Array.from({length: feed.history.length}, (_, i) => feed.history.at(i)!.kind);
	assert.deepEqual(kinds, ['sample', 'sample', 'sample', 'sample', 'gap', 'sample', 'sample', 'sample', 'sample']);
	const device = index.schemas[0]!.byView.device[1]!;
	const series = seriesOf(feed.history, 'device', device.id, 'gavg', 20);
	assert.equal(series[4], 'gap');
	assert.equal(series[0], null, 'the warm-up row has no value');
	const text = sparkline(series, defaultThresholds.gavg).map((segment) => segment.text).join('');
	assert.match(text, /^ [▁-█]{3} {2}[▁-█]{3}$/);
	await feed.close();
});
