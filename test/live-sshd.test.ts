import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {userInfo} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {constants, gunzipSync} from 'node:zlib';
import {cliPath, collect, makeHome, runEsxlat, spawnEsxlat, type TestHome, waitFor} from './helpers/cli.js';
import {isRunning, skipWithoutSshd, type Sshd, startSshd} from './helpers/sshd.js';
import {hasTmux, TmuxSession} from './helpers/tmux.js';

/** sshd logs in the user running the tests (the default user, as with ssh). */
const user = userInfo().username;

/** Data lines of a capture (the header is the first line). */
const lines = (text: string) => text.split(/(?<=\n)/).filter(Boolean);

/** Rows one fake esxtop run finished sending (rows are seeded by pid: no two runs share one). */
function sentRows(sshd: Sshd, pid: number): string[] {
	const path = join(sshd.stateDir, `sent-${pid}`);
	return existsSync(path) ? lines(readFileSync(path, 'utf8')) : [];
}

function fingerprintOf(publicKeyLine: string): string {
	return execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', '-'], {input: publicKeyLine, encoding: 'utf8'}).split(' ')[1]!;
}

describe('live and record against a real OpenSSH sshd', {skip: skipWithoutSshd()}, () => {
	let sshd: Sshd;
	let home: TestHome;
	let target: string;

	before(async () => {
		home = makeHome();
		sshd = await startSshd({authorizedKeys: [home.publicKey]});
		target = `127.0.0.1:${sshd.port}`;
	});

	after(async () => {
		await sshd?.stop();
		home?.cleanup();
	});

	test('an unknown host key is refused without a terminal, with its fingerprint; known_hosts stays as it was', async () => {
		const {code, stderr, stdout} = await runEsxlat(['record', target, '--count', '1', '-o', 'never.csv'], home.home);
		assert.equal(code, 1);
		assert.equal(stdout, '');
		assert.ok(stderr.includes(`is not known (ED25519 key ${fingerprintOf(sshd.hostKey)})`), stderr);
		assert.match(stderr, /run again with --accept-new/);
		assert.ok(!existsSync(home.knownHosts));
		assert.ok(!existsSync(join(home.work, 'never.csv')), 'no empty recording left behind');
	});

	test('--accept-new files the key; key auth streams samples as NDJSON; Ctrl-C ends the remote esxtop', async () => {
		const pidsBefore = sshd.esxtopPids().length;
		const child = spawnEsxlat(['live', target, '--json', '--accept-new', '--interval', '0.3', '--view', 'device'], home.home);
		const result = collect(child);
		let stdout = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		await waitFor(() => stdout.split('\n').length > 3, 'three samples');
		child.kill('SIGINT');
		const {code, stderr} = await result;
		assert.equal(code, 0, stderr);
		const samples = stdout.trim().split('\n').map((line) => JSON.parse(line));
		assert.equal(samples[0].host, 'fake-esx.test');
		assert.equal(samples[0].warmup, true);
		assert.deepEqual([...new Set(samples.flatMap((sample) => sample.rows.map((row: {view: string}) => row.view)))], ['device']);
		assert.equal(readFileSync(home.knownHosts, 'utf8'), `[127.0.0.1]:${sshd.port} ${sshd.hostKey}\n`);
		assert.match(stderr, /added \[127\.0\.0\.1\]:\d+ \(ED25519 key SHA256:/);
		const esxtop = sshd.esxtopPids().slice(pidsBefore);
		assert.equal(esxtop.length, 1);
		await waitFor(() => !isRunning(esxtop[0]!), 'the remote esxtop to end');
	});

	test('record --count N writes a file that replay --json reads back to the same N samples', async () => {
		const {code, stderr} = await runEsxlat(['record', target, '--interval', '0.3', '--count', '4', '-o', 'four.csv'], home.home);
		assert.equal(code, 0, stderr);
		assert.match(stderr, new RegExp(`recorded 4 samples from ${user}@127\\.0\\.0\\.1:\\d+ to four\\.csv`));
		const replay = await runEsxlat(['replay', 'four.csv', '--json'], home.home);
		assert.equal(replay.stdout.trim().split('\n').length, 4);
		assert.match(replay.stderr, /four\.csv: 4 samples; no rows skipped/);
		const recorded = lines(readFileSync(join(home.work, 'four.csv'), 'utf8'));
		// esxtop notes a row as sent after writing it: esxlat can be done with it first. Compare once esxtop is gone.
		const esxtop = sshd.esxtopPids().at(-1)!;
		await waitFor(() => !isRunning(esxtop), 'the remote esxtop to end');
		assert.deepEqual(recorded.slice(1), sentRows(sshd, esxtop), 'the rows exactly as esxtop sent them');
	});

	test('the connection cut mid-row: reconnect, and the recording holds every complete row once and no partial row', async () => {
		const runsBefore = sshd.esxtopPids().length;
		const child = spawnEsxlat(['record', target, '--interval', '0.4', '--count', '7', '-o', 'cut.csv'], home.home);
		const result = collect(child, 60_000);
		const file = join(home.work, 'cut.csv');
		// Wait for esxtop to be half-way through a row, with rows already recorded.
		await waitFor(() => existsSync(file) && lines(readFileSync(file, 'utf8')).length >= 4 && existsSync(join(sshd.stateDir, 'partial')), 'a half-sent row');
		const sessions = sshd.sessionPids();
		assert.equal(sessions.length, 1, 'one connection');
		process.kill(sessions[0]!, 'SIGKILL');
		const {code, stderr} = await result;
		assert.equal(code, 0, stderr);
		assert.match(stderr, /reconnecting in \d+ s, attempt 1/);

		const recorded = lines(readFileSync(file, 'utf8'));
		const header = recorded[0]!;
		assert.ok(header.startsWith('"(PDH-CSV 4.0)'));
		assert.equal(recorded.filter((line) => line === header).length, 1, 'the identical header after the reconnect is not repeated');
		const rows = recorded.slice(1);
		assert.equal(rows.length, 7);
		// Each run's rows are the start of what it sent: nothing skipped, nothing twice, no half row.
		const runs = sshd.esxtopPids().slice(runsBefore);
		assert.equal(runs.length, 2, `esxtop ran again after the reconnect; stderr: ${stderr}`);
		// A run notes a row as sent after writing it: read what they sent once both are gone.
		await waitFor(() => runs.every((pid) => !isRunning(pid)), 'both esxtop runs to end');
		const [first, second] = runs.map((pid) => sentRows(sshd, pid));
		const cut = rows.findIndex((row) => !first!.includes(row));
		assert.ok(cut >= 3, `rows recorded before the cut: ${cut}`);
		assert.deepEqual(rows.slice(0, cut), first!.slice(0, cut));
		// The second run's first row is its warm-up (all zero): a continued file leaves it out.
		assert.deepEqual(rows.slice(cut), second!.slice(1, 1 + rows.length - cut));
		assert.ok(!rows.includes(second![0]!));
		const replay = await runEsxlat(['replay', 'cut.csv', '--json'], home.home);
		assert.match(replay.stderr, /7 samples; no rows skipped/);
	});

	test('.gz recording killed with SIGKILL is still readable to its last row', async () => {
		const child = spawnEsxlat(['record', target, '--interval', '0.3', '-o', 'killed.csv.gz'], home.home);
		const result = collect(child);
		const file = join(home.work, 'killed.csv.gz');
		const rowsIn = () => (existsSync(file) ? lines(gunzipSync(readFileSync(file), {finishFlush: constants.Z_SYNC_FLUSH}).toString()).length - 1 : 0);
		await waitFor(() => rowsIn() >= 3, 'three recorded rows');
		child.kill('SIGKILL');
		await result;
		const replay = await runEsxlat(['replay', 'killed.csv.gz', '--json'], home.home);
		assert.equal(replay.code, 0, replay.stderr);
		assert.match(replay.stderr, /killed\.csv\.gz: \d+ samples; no rows skipped/);
		assert.ok(replay.stdout.trim().split('\n').length >= 3);
	});

	test('the live screen in a terminal: LIVE, freeze and back (space, z), record (R), a gap after a cut, q ends esxtop', {skip: hasTmux() ? false : 'needs tmux (.ci/run installs it)'}, async () => {
		const pidsBefore = sshd.esxtopPids().length;
		const terminal = new TmuxSession(`cd ${home.work} && env -i HOME=${home.home} PATH=${process.env.PATH} TERM=xterm-256color ${process.execPath} ${cliPath} live ${target} --interval 0.3 --accept-new`, 140, 40);
		try {
			// LIVE comes with esxtop's header; the device rows with its first row (and a frame is drawn top to bottom).
			const first = await terminal.waitFor((screen) => /fake-esx\.test .*▶ LIVE/.test(screen) && /naa\.\S+ +32 /.test(screen), 'the live title bar and device rows');
			assert.match(first, /naa\.\S+ +32 /, 'device rows');
			terminal.send('Space');
			await terminal.waitFor(/‖ FROZEN \(\d+ s behind live\)/, 'frozen, with how far behind');
			await terminal.waitFor(/FROZEN \([1-9]\d* s behind live\)/, 'live keeps arriving while frozen');
			terminal.send('z');
			await terminal.waitFor(/▶ LIVE/, 'z follows live again');
			terminal.send('R');
			const recording = await terminal.waitFor(/REC (\S+\.csv) \([1-9]\d* samples?\)/, 'the recording in the title bar');
			const file = /REC (\S+\.csv)/.exec(recording)![1]!;
			assert.match(file, /^127\.0\.0\.1-\d{8}-\d{6}\.csv$/, 'the default name');
			await terminal.waitFor(/REC \S+ \([3-9] samples\)|REC \S+ \(\d\d+ samples\)/, 'rows being recorded');
			terminal.send('R');
			// The title drops REC when stopping starts; the notice comes once the file is complete.
			await terminal.waitFor((screen) => !screen.includes('REC ') && /recording stopped: /.test(screen), 'recording stopped');
			const replay = await runEsxlat(['replay', file, '--json'], home.home);
			assert.match(replay.stderr, /[3-9]\d* samples|\d\d+ samples/);
			assert.match(replay.stderr, /no rows skipped/);

			const sessions = sshd.sessionPids();
			assert.equal(sessions.length, 1);
			process.kill(sessions[0]!, 'SIGKILL');
			await terminal.waitFor(/RECONNECTING \(in \d+ s, attempt 1/, 'the reconnect countdown in the title bar');
			await terminal.waitFor(/▶ LIVE/, 'live again after the reconnect');
			terminal.send('q');
			await terminal.waitFor('EXIT=0', 'a clean exit');
			assert.doesNotMatch(terminal.screen(), /LIVE/, 'the alternate screen is gone');
			const runs = sshd.esxtopPids().slice(pidsBefore);
			assert.equal(runs.length, 2, `esxtop runs: ${runs.join(' ')}; screen:\n${terminal.screen()}`);
			await waitFor(() => runs.every((pid) => !isRunning(pid)), 'esxtop to end on the host');
		} finally {
			terminal.kill();
		}
	});

	test('a changed host key is refused, naming the known_hosts line', async () => {
		const other = makeHome(); // its user key stands in for the host's old key
		try {
			writeFileSync(other.knownHosts, `esx99 ${other.publicKey}\n[127.0.0.1]:${sshd.port} ${other.publicKey.split(' ').slice(0, 2).join(' ')}\n`);
			const {code, stderr} = await runEsxlat(['record', target, '--accept-new', '--count', '1'], other.home);
			assert.equal(code, 1);
			assert.ok(stderr.includes(`has CHANGED (now ED25519 key ${fingerprintOf(sshd.hostKey)}) and does not match ${other.knownHosts}:2`), stderr);
			assert.equal(stderr.trim().split('\n').length, 1, 'one line');
		} finally {
			other.cleanup();
		}
	});
});

describe('a host without esxtop', {skip: skipWithoutSshd()}, () => {
	test('says it may not be an ESXi host', async () => {
		const home = makeHome();
		const sshd = await startSshd({authorizedKeys: [home.publicKey], esxtop: false});
		try {
			const {code, stderr} = await runEsxlat(['record', `127.0.0.1:${sshd.port}`, '--accept-new', '--count', '1'], home.home);
			assert.equal(code, 1);
			assert.match(stderr, new RegExp(`esxlat: ${user}@127\\.0\\.0\\.1:\\d+: esxtop was not found on the host: is this an ESXi host\\?\n$`));
		} finally {
			await sshd.stop();
			home.cleanup();
		}
	});
});
