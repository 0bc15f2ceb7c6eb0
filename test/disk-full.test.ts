import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {gunzipSync} from 'node:zlib';
import {collect, makeHome, runEsxlat, spawnEsxlat, type TestHome, waitFor} from './helpers/cli.js';
import {startKnownHost} from './helpers/known-host.js';
import {skipWithoutSshd, type Sshd} from './helpers/sshd.js';

/** A 1 MB tmpfs of the test's own (root only): a full disk without filling the real one. */
function mountSmallDisk(): {dir: string; unmount(): void} | string {
	if (process.getuid?.() !== 0) return 'mounting a small tmpfs needs root';
	const dir = mkdtempSync(join(tmpdir(), 'esxlat-full-'));
	try {
		execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], {stdio: 'pipe'});
	} catch (error) {
		rmSync(dir, {recursive: true, force: true});
		return `mount -t tmpfs is not permitted here (${String((error as Error).message).split('\n')[0]})`;
	}
	return {
		dir,
		unmount() {
			execFileSync('umount', [dir]);
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

const disk = skipWithoutSshd() === false ? mountSmallDisk() : null;
const skip = skipWithoutSshd() || (typeof disk === 'string' ? disk : false);

/** Leaves `free` bytes on the disk. */
function fillTo(dir: string, free: number): void {
	rmSync(join(dir, 'filler'), {force: true});
	const {bavail, bsize} = statfsSync(dir);
	writeFileSync(join(dir, 'filler'), Buffer.alloc(Math.max(0, bavail * bsize - free)));
}

describe('a full disk while recording', {skip}, () => {
	let sshd: Sshd;
	let home: TestHome;
	let target: string;
	const small = disk as {dir: string; unmount(): void};

	before(async () => {
		home = makeHome();
		({sshd, target} = await startKnownHost(home));
	});

	after(async () => {
		await sshd?.stop();
		home?.cleanup();
		small?.unmount();
	});

	for (const name of ['full.csv', 'full.csv.gz']) {
		test(`record -o ${name}: complete rows only, "disk full: recording stopped at N samples", exit 1`, async () => {
			const sub = join(small.dir, name.replace(/\W/g, '-'));
			mkdirSync(sub);
			fillTo(small.dir, name.endsWith('.gz') ? 12 * 1024 : 40 * 1024);
			const file = join(sub, name);
			const {code, stderr} = await runEsxlat(['record', target, '--interval', '0.1', '-o', file], home.home, {timeoutMs: 60_000});
			assert.equal(code, 1, stderr);
			const match = new RegExp(`esxlat: disk full: recording stopped at (\\d+) samples \\(${file.replace(/[.]/g, '\\.')}\\)`).exec(stderr);
			assert.ok(match, stderr);
			const rows = Number(match[1]);
			assert.ok(rows >= 2, `${rows} rows before the disk filled`);
			const bytes = readFileSync(file);
			const text = name.endsWith('.gz') ? gunzipSync(bytes).toString() : bytes.toString();
			assert.ok(text.endsWith('\n'), 'the file ends with a complete row');
			assert.equal(text.split('\n').length - 2, rows, 'header + N rows, nothing partial');
			const replay = await runEsxlat(['replay', file, '--json'], home.home);
			assert.equal(replay.code, 0, replay.stderr);
			assert.match(replay.stderr, new RegExp(`${rows} samples; no rows skipped`));
			rmSync(sub, {recursive: true, force: true});
		});
	}

	test('live --json --record: the feed keeps running after the disk filled', async () => {
		const sub = join(small.dir, 'live');
		mkdirSync(sub);
		fillTo(small.dir, 80 * 1024);
		const child = spawnEsxlat(['live', target, '--json', '--interval', '0.1', `--record=${join(sub, 'live.csv')}`], home.home);
		const result = collect(child, 60_000);
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		child.stderr!.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		await waitFor(() => /disk full: recording stopped at \d+ samples/.test(stderr), () => `the disk-full message; stderr: ${stderr}`, 30_000);
		const linesAtFull = stdout.split('\n').length;
		await waitFor(() => stdout.split('\n').length >= linesAtFull + 5, 'samples after the disk filled');
		child.kill('SIGINT');
		const {code} = await result;
		assert.equal(code, 0, stderr);
		const text = readFileSync(join(sub, 'live.csv'), 'utf8');
		assert.ok(text.endsWith('\n'));
	});
});
