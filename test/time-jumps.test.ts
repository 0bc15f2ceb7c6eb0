import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseSeekTarget} from '../source/model/feed.js';
import {CaptureIndex} from '../source/model/capture-index.js';
import {ReplayFeed} from '../source/model/replay-feed.js';
import {viewNames} from '../source/parse/storage-views.js';
import {parseTimeArg, TimeArgError, TimeWindow} from '../source/triage/report/time-window.js';
import {captureText, scratchDir, writeCapture} from './helpers/captures.js';
import {esxlat} from './helpers/run-cli.js';
import {stillScheduler, until} from './helpers/screen.js';

const dir = scratchDir();
// 60 samples every 5 s from 2026-01-05 02:00:00 UTC.
const path = writeCapture(dir, 'demo.csv', captureText('demo', 60));

test('b takes the title bar time, H:M, HH:MM:SS, +10m / -30s, a sample number', () => {
	assert.deepEqual(parseSeekTarget('2026-01-05 02:05:00'), {kind: 'instant', ms: Date.UTC(2026, 0, 5, 2, 5)});
	assert.deepEqual(parseSeekTarget('2026-01-05T02:05:00Z'), {kind: 'instant', ms: Date.UTC(2026, 0, 5, 2, 5)});
	assert.deepEqual(parseSeekTarget('01/05/2026 02:05:00'), {kind: 'instant', ms: Date.UTC(2026, 0, 5, 2, 5)});
	assert.deepEqual(parseSeekTarget('2:5'), {kind: 'time', secondsOfDay: 2 * 3600 + 5 * 60});
	assert.deepEqual(parseSeekTarget('02:05:30'), {kind: 'time', secondsOfDay: 2 * 3600 + 5 * 60 + 30});
	assert.deepEqual(parseSeekTarget('+10m'), {kind: 'offset', seconds: 600});
	assert.deepEqual(parseSeekTarget('-30s'), {kind: 'offset', seconds: -30});
	assert.deepEqual(parseSeekTarget('+1h30m'), {kind: 'offset', seconds: 5400});
	assert.deepEqual(parseSeekTarget('12'), {kind: 'sample', number: 12});
	assert.match(parseSeekTarget('+10') as string, /give a unit, e\.g\. \+10s or \+10m/);
	assert.equal(typeof parseSeekTarget('2026-13-05 02:05'), 'string');
});

test('a replay jumps to an instant and by +/- from the sample on screen, and says when it cannot', async () => {
	const index = await CaptureIndex.open(path, new Set(viewNames));
	await until(() => index.done, 'the index');
	const feed = new ReplayFeed(index, {paused: true, scheduler: stillScheduler});
	try {
		const at = () => feed.snapshot().position?.index;
		assert.equal(feed.seek({kind: 'instant', ms: Date.UTC(2026, 0, 5, 2, 2)}), null);
		await until(() => at() === 24, 'sample 25 (02:02:00)');
		assert.equal(feed.seek({kind: 'offset', seconds: -30}), null);
		await until(() => at() === 18, '30 s back');
		assert.equal(feed.seek({kind: 'offset', seconds: 60}), null);
		await until(() => at() === 30, 'a minute on');
		assert.match(feed.seek({kind: 'offset', seconds: 3600})!, /^no sample at 2026-01-05 03:02:30 UTC: the capture runs from 2026-01-05 02:00:00 to 2026-01-05 02:04:55$/);
		assert.match(feed.seek({kind: 'instant', ms: Date.UTC(2026, 0, 4)})!, /^no sample at 2026-01-04 00:00:00 UTC/);
	} finally {
		await feed.close();
	}
});

test('--from / --to take +D from the start (--to: from --from); -D is refused with the reason', async () => {
	const window = new TimeWindow(parseTimeArg('--from', '+1m'), parseTimeArg('--to', '+30s'));
	const first = Date.UTC(2026, 0, 5, 2, 0);
	assert.equal(window.contains(first), false);
	assert.deepEqual(window.bounds, {from: first + 60_000, to: first + 90_000});
	assert.throws(() => parseTimeArg('--to', '-30s'), (error: Error) => error instanceof TimeArgError && /cannot count back from the end; use \+D/.test(error.message));
	const {stdout, code} = await esxlat(['report', path, '--json', '--from', '+1m', '--to', '+30s']);
	assert.equal(code, 0);
	const report = JSON.parse(stdout) as {from: string; to: string; samples: number};
	assert.equal(report.from, '2026-01-05T02:01:00.000Z');
	assert.equal(report.to, '2026-01-05T02:01:30.000Z');
	assert.equal(report.samples, 7);
	const title = await esxlat(['report', path, '--json', '--from', '2026-01-05 02:04:00']);
	assert.equal((JSON.parse(title.stdout) as {from: string}).from, '2026-01-05T02:04:00.000Z', "the title bar's own format");
	const refused = await esxlat(['report', path, '--to', '-30s']);
	assert.equal(refused.code, 2);
	assert.match(refused.stderr, /^esxlat: --to "-30s": a report reads the capture once/);
});
