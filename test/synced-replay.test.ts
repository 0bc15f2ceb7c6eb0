import assert from 'node:assert/strict';
import {test} from 'node:test';
import {SyncedReplay} from '../source/fleet/synced-replay.js';
import {CaptureIndex} from '../source/model/capture-index.js';
import {viewNames} from '../source/parse/storage-views.js';
import {CaptureWriter} from '../source/generate/capture-writer.js';
import {scenarioSpec} from '../source/generate/scenarios.js';
import {scratchDir, writeCapture} from './helpers/captures.js';
import {stillScheduler, until} from './helpers/screen.js';

const start = Date.parse('2026-01-05T02:00:00Z');

function capture(host: string, offsetSeconds: number, samples: number, interval = 5): string {
	const writer = new CaptureWriter({spec: scenarioSpec('healthy', samples, {host, devices: 2}), start: start + offsetSeconds * 1000, interval});
	return [...writer.lines(samples)].join('');
}

const clockOf = (time: number | null) => (time === null ? null : new Date(time).toISOString().slice(11, 19));

test('one clock over recordings that start at different times: hosts without a sample then say so; steps and jumps move all', async () => {
	const dir = scratchDir();
	// esx01 from 02:00:00 every 5 s (10 samples); esx02 from 02:00:22 every 5 s, offset by 2 s (6 samples, until 02:00:47).
	const files = [writeCapture(dir, 'esx01.csv', capture('esx01', 0, 10)), writeCapture(dir, 'esx02.csv.gz', capture('esx02', 22, 6))];
	const opened = await Promise.all(files.map(async (file, i) => ({label: `host${i}`, index: await CaptureIndex.open(file, new Set(viewNames))})));
	await until(() => opened.every(({index}) => index.done), 'the indexes');
	const replay = new SyncedReplay(opened, {paused: true, scheduler: stillScheduler});
	const shown = () => replay.hosts.map((host) => clockOf(host.feed.snapshot().sample?.time ?? null));
	const settle = (expected: Array<string | null>) => until(() => JSON.stringify(shown()) === JSON.stringify(expected), `hosts at ${JSON.stringify(expected)}, not ${JSON.stringify(shown())}`);
	try {
		assert.equal(clockOf(replay.time), '02:00:00');
		await settle(['02:00:00', null]);
		assert.match(replay.hosts[1]!.feed.snapshot().status.detail ?? '', /no sample at 02:00:00 UTC/);
		assert.equal(replay.seek({kind: 'time', secondsOfDay: 2 * 3600 + 23}), null);
		assert.equal(clockOf(replay.time), '02:00:23');
		await settle(['02:00:20', '02:00:22']);
		replay.step(1); // the next moment any host has a sample: esx01's 02:00:25
		assert.equal(clockOf(replay.time), '02:00:25');
		await settle(['02:00:25', '02:00:22']);
		replay.step(1);
		assert.equal(clockOf(replay.time), '02:00:27');
		await settle(['02:00:25', '02:00:27']);
		replay.step(-2); // back over 02:00:25 to esx02's 02:00:22
		assert.equal(clockOf(replay.time), '02:00:22');
		replay.seek({kind: 'last'}); // esx02's last, 02:00:47; esx01 ended at 02:00:45, within 1.5 intervals
		await settle(['02:00:45', '02:00:47']);
		assert.match(replay.seek({kind: 'sample', number: 3}) ?? '', /jump to a time/);
		assert.match(replay.seek({kind: 'time', secondsOfDay: 5 * 3600}) ?? '', /no recording covers 05:00:00 UTC: they run from 02:00:00 to 02:00:47/);
		// Controls of one host's own screen act on the clock.
		replay.hosts[0]!.feed.seek!({kind: 'first'});
		assert.equal(clockOf(replay.time), '02:00:00');
		replay.hosts[1]!.feed.togglePause!();
		assert.equal(replay.snapshot.status.mode, 'playing');
	} finally {
		await replay.close();
	}
});
