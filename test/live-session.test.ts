import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {gunzipSync} from 'node:zlib';
import {SshError} from '../source/input/ssh/ssh-error.js';
import type {LiveSessionOptions} from '../source/live/session.js';
import {capture, type ScriptedRun, scriptedHost, session} from './helpers/scripted-host.js';
import {withTempDir} from './helpers/temp-dir.js';

test('schema drift restarts esxtop; the gap is marked and the recording continues after the identical header', withTempDir(async (dir) => {
	const writer = capture();
	const drifted = `${writer.row(2).slice(0, -3)}\n`; // a row with one cell less
	// The header's cells: every quoted one, and the empty one after the trailing comma.
	const cells = writer.header.split('","').length + 1;
	const drift = `schema drift (${cells - 1} cells where the header has ${cells}): restarting esxtop for a fresh header`;
	const host = scriptedHost([
		(run) => run.print(writer.header + writer.row(0) + writer.row(1) + drifted + writer.row(3)),
		(run) => run.print(writer.header + writer.row(10) + writer.row(11)),
	]);
	const {live, statuses} = session(host.openStream, {count: 4});
	const path = join(dir, 'rec.csv');
	live.startRecording(path);
	await live.start();
	await live.done;
	await live.close();
	assert.ok(host.runs[0]!.closed, 'the drifting esxtop was stopped');
	assert.equal(readFileSync(path, 'utf8'), writer.header + writer.row(0) + writer.row(1) + writer.row(10) + writer.row(11));
	const history = live.timeline!.history(10).map((entry) => (entry.kind === 'gap' ? `gap: ${entry.reason}` : entry.sample.index));
	assert.deepEqual(history, [0, 1, `gap: ${drift}`, 0, 1]);
	assert.ok(statuses().includes(`${drift}; reconnecting in 0 s, attempt 1`), statuses().join('\n'));
	assert.deepEqual(statuses().at(-1), 'ended: 4 samples recorded');
}));

test('--count: esxtop is asked for what is left (-n), rows past the count are not taken, a reconnect\'s warm-up row is left out', withTempDir(async (dir) => {
	const writer = capture();
	const host = scriptedHost([
		(run) => run.print(writer.header + writer.row(0) + writer.row(1).slice(0, 50)),
		(run) => {
			run.print(writer.header + writer.row(0) + writer.row(1) + writer.row(2) + writer.row(3) + writer.row(4));
		},
	]);
	// The first run drops mid-row: its half row is never recorded.
	const {live} = session(host.openStream, {count: 3});
	const path = join(dir, 'rec.csv.gz');
	live.startRecording(path);
	const started = live.start();
	await started;
	host.runs[0]!.drop();
	await live.done;
	await live.close();
	// What is left (2), plus the warm-up row the restarted esxtop begins with.
	assert.deepEqual(host.runs.map((run) => run.command), [
		{interval: 0.05, all: false, count: 3},
		{interval: 0.05, all: false, count: 3},
	]);
	assert.equal(live.sampleCount, 3);
	const recorded = gunzipSync(readFileSync(path)).toString();
	assert.equal(recorded, writer.header + writer.row(0) + writer.row(1) + writer.row(2), 'no half row, and no second warm-up row in mid-file');
	assert.ok(host.runs[1]!.closed, 'esxtop is stopped once the count is reached');
}));

test('esxtop missing or failing before its header ends the session with its reason', async () => {
	const missing = scriptedHost([(run) => run.exit(127, 'sh: esxtop: not found')]);
	await assert.rejects(session(missing.openStream).live.start(), /root@esx01: esxtop was not found on the host: is this an ESXi host\?/);
	const failing = scriptedHost([(run) => run.exit(1, '\nesxtop: cannot open /dev/vsi: Permission denied\nmore')]);
	await assert.rejects(session(failing.openStream).live.start(), /esxtop ended before sending its header \(exit status 1\): esxtop: cannot open \/dev\/vsi: Permission denied$/);
	const garbage = scriptedHost([(run) => run.print('Welcome to the shell\nmore\n')]);
	await assert.rejects(session(garbage.openStream).live.start(), /esxtop's output is not a batch capture/);
});

test('after the start, a host that is down is retried with growing attempts; a refusal ends the session', async () => {
	const writer = capture();
	let opened = 0;
	const steps = [(run: ScriptedRun) => run.print(writer.header + writer.row(0)), (run: ScriptedRun) => run.drop()];
	const host = scriptedHost(steps);
	const openStream: LiveSessionOptions['openStream'] = async (command, onData) => {
		opened++;
		if (opened === 1) return host.openStream(command, onData);
		if (opened <= 3) throw new SshError('cannot connect to esx01 port 22: connection refused (is SSH enabled on the host?)', 'unreachable');
		throw new SshError('root@esx01: authentication refused (tried password; the host accepts publickey)', 'auth');
	};
	const {live, statuses} = session(openStream);
	await live.start();
	host.runs[0]!.drop('connection reset');
	await assert.rejects(live.done, /authentication refused/);
	assert.deepEqual(
		statuses().filter((text) => text.includes('reconnecting')).map((text) => text.replace(/in \d+ s/, 'in N s')),
		['connection reset; reconnecting in N s, attempt 1', 'cannot connect to esx01 port 22: connection refused (is SSH enabled on the host?); reconnecting in N s, attempt 2', 'cannot connect to esx01 port 22: connection refused (is SSH enabled on the host?); reconnecting in N s, attempt 3'],
	);
	assert.equal(live.status.state, 'failed');
});

test('a stall (no complete row within 3 intervals) restarts esxtop', async () => {
	const writer = capture();
	const host = scriptedHost([
		(run) => run.print(writer.header + writer.row(0) + writer.row(1) + writer.row(2)), // then silence
		(run) => run.print(writer.header + writer.row(0) + writer.row(3)), // a warm-up row, then the fourth sample
	]);
	const {live, statuses} = session(host.openStream, {count: 4});
	await live.start();
	await live.done;
	assert.ok(host.runs[0]!.closed);
	assert.equal(live.sampleCount, 4, "the restarted esxtop's warm-up row is not a sample");
	assert.match(statuses().find((text) => text.startsWith('stalled'))!, /^stalled: no complete row for 0\.2 s; reconnecting in 0 s, attempt 1$/);
});

test('close() stops esxtop and ends the session; R can start and stop recording mid-stream', withTempDir(async (dir) => {
	const writer = capture();
	const host = scriptedHost([(run) => run.print(writer.header + writer.row(0))]);
	const {live, events} = session(host.openStream, {interval: 60});
	await live.start();
	const path = join(dir, 'mid.csv');
	const started = live.startRecording(path);
	assert.deepEqual(started, {path, files: [path], rows: 0, bytes: Buffer.byteLength(writer.header), error: null}, 'the header is written at once');
	host.runs[0]!.print(writer.row(1));
	const stopped = await live.stopRecording();
	assert.equal(stopped!.rows, 1);
	host.runs[0]!.print(writer.row(2));
	await live.close();
	await live.done;
	assert.ok(host.runs[0]!.closed);
	assert.equal(readFileSync(path, 'utf8'), writer.header + writer.row(1));
	assert.deepEqual(
		events.filter((event) => event.kind === 'recording').map((event) => (event as {recording: unknown}).recording === null),
		[false, true],
	);
	assert.equal(live.status.state, 'ended');
}));

test('--history bounds what is kept for time travel: the oldest samples drop out', async () => {
	const writer = capture();
	const host = scriptedHost([(run) => run.print(writer.header + [0, 1, 2, 3, 4, 5].map((i) => writer.row(i)).join(''))]);
	const {live} = session(host.openStream, {count: 6, historySamples: 3});
	await live.start();
	await live.done;
	await live.close();
	assert.deepEqual(
		live.timeline!.history(10).map((entry) => (entry.kind === 'sample' ? entry.sample.index : entry.kind)),
		[3, 4, 5],
	);
});
