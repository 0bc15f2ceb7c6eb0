import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {LiveFeed} from '../source/live/live-feed.js';
import {capture, type ScriptedRun, scriptedHost, session} from './helpers/scripted-host.js';
import {withTempDir} from './helpers/temp-dir.js';

const writer = capture();
/** Row i is stamped 2026-01-05 02:00:00 UTC + i s. */
const rows = (from: number, to: number) => Array.from({length: to - from}, (_, i) => writer.row(from + i)).join('');
const historyTimes = (feed: LiveFeed) => Array.from({length: feed.history.length}, (_, i) => feed.history.at(i)!).map((point) => (point.kind === 'gap' ? 'gap' : point.sample.time / 1000 - 1_767_578_400));

/** Resolves on the feed's next change that satisfies `check`. */
function changed(feed: LiveFeed, check: () => boolean): Promise<void> {
	return new Promise((resolve) => {
		if (check()) return resolve();
		const stop = feed.subscribe(() => {
			if (!check()) return;
			stop();
			resolve();
		});
	});
}

test('live: the newest sample on screen; space freezes while samples keep coming, "N s behind live"', async () => {
	let run!: ScriptedRun;
	const host = scriptedHost([(r) => ((run = r), r.print(writer.header + rows(0, 3)))]);
	const {live} = session(host.openStream, {interval: 60});
	const feed = new LiveFeed(live);
	assert.deepEqual(feed.snapshot().status, {mode: 'loading', detail: 'connecting'});
	await live.start();
	await changed(feed, () => feed.snapshot().position?.count === 3);
	assert.deepEqual(feed.snapshot().status, {mode: 'live'});
	assert.deepEqual(feed.snapshot().position, {index: 2, count: 3, final: false});
	assert.equal(feed.source, 'root@esx01');

	feed.togglePause();
	run.print(rows(3, 15));
	const frozen = feed.snapshot();
	assert.deepEqual(frozen.status, {mode: 'frozen', detail: '12 s behind live'});
	assert.equal(frozen.sample!.index, 2, 'the frozen sample stays on screen');
	assert.deepEqual(frozen.position, {index: 2, count: 15, final: false});
	assert.deepEqual(historyTimes(feed), [0, 1, 2], 'history ends at the sample on screen');

	feed.step(-1);
	assert.equal(feed.snapshot().sample!.index, 1);
	assert.equal(feed.seek({kind: 'sample', number: 10}), null);
	assert.equal(feed.snapshot().sample!.index, 9);
	assert.equal(feed.seek({kind: 'time', secondsOfDay: 2 * 3600 + 5}), null, '02:00:05 UTC');
	assert.equal(feed.snapshot().sample!.index, 5);
	assert.match(feed.seek({kind: 'time', secondsOfDay: 3600})!, /01:00:00 UTC is before the oldest sample kept \(02:00:00\)/);
	assert.match(feed.seek({kind: 'sample', number: 99})!, /out of range: 1 to 15/);
	assert.equal(feed.seek({kind: 'last'}), null);
	assert.deepEqual(feed.snapshot().status, {mode: 'live'});
	assert.equal(feed.snapshot().sample!.index, 14);
	await feed.close();
	assert.ok(run.closed, 'closing the feed ends esxtop');
});

test('a drop: "reconnecting in 4 s, attempt 1" with the reason while it waits', async () => {
	let run!: ScriptedRun;
	const host = scriptedHost([(r) => ((run = r), r.print(writer.header + rows(0, 2)))]);
	const {live} = session(host.openStream, {interval: 60, reconnectDelay: () => 4_000});
	const feed = new LiveFeed(live);
	await live.start();
	await changed(feed, () => feed.snapshot().position?.count === 2);
	run.drop('connection reset');
	await changed(feed, () => feed.snapshot().status.mode === 'reconnecting');
	assert.deepEqual(feed.snapshot().status, {mode: 'reconnecting', detail: 'in 4 s, attempt 1'});
	assert.equal(feed.snapshot().error, 'connection reset');
	await feed.close();
	assert.equal(feed.snapshot().status.mode, 'reconnecting', 'no updates after close');
	assert.equal(live.status.state, 'ended');
});

test('after the reconnect: live again, the gap in the history between the two runs', async () => {
	let first!: ScriptedRun;
	const host = scriptedHost([(r) => ((first = r), r.print(writer.header + rows(0, 2))), (r) => r.print(writer.header + rows(30, 32))]);
	const {live} = session(host.openStream, {interval: 60});
	const feed = new LiveFeed(live);
	await live.start();
	await changed(feed, () => feed.snapshot().position?.count === 2);
	first.drop('connection reset');
	await changed(feed, () => feed.snapshot().position?.count === 4);
	assert.deepEqual(feed.snapshot().status, {mode: 'live'});
	assert.equal(feed.snapshot().error, null);
	assert.deepEqual(historyTimes(feed), [0, 1, 'gap', 30, 31]);
	await feed.close();
});

test('R: recording starts to the default name and stops, confirming the file and its row count; the title bar shows it', withTempDir(async (dir) => {
	let run!: ScriptedRun;
	const host = scriptedHost([(r) => ((run = r), r.print(writer.header + rows(0, 1)))]);
	const path = join(dir, 'esx01-20260105-020000.csv');
	const {live} = session(host.openStream, {interval: 60, defaultRecordingPath: () => path});
	const feed = new LiveFeed(live);
	await live.start();
	assert.equal(await feed.toggleRecording(), `recording to ${path} (R stops)`);
	run.print(rows(1, 3));
	assert.equal(feed.snapshot().progress, 'REC esx01-20260105-020000.csv (2 samples)');
	// Stopping confirms where the rows went and how many.
	assert.equal(await feed.toggleRecording(), `recording stopped: ${path}, 2 samples`);
	assert.equal(feed.snapshot().progress, null);
	assert.ok(existsSync(path));
	assert.match((await feed.toggleRecording())!, /exists: choose another name/, 'the default name is taken now');
	await feed.close();
}));
