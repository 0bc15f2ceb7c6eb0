import assert from 'node:assert/strict';
import {readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server, type Socket} from 'node:net';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {collect, makeHome, runEsxlat, spawnEsxlat, type TestHome, waitFor} from './helpers/cli.js';
import {startKnownHost} from './helpers/known-host.js';
import {hasRawControl} from './helpers/hostile-capture.js';
import {childrenOf, isRunning, skipWithoutSshd, type Sshd} from './helpers/sshd.js';

/** TCP sockets of process `pid` connected to `port` on 127.0.0.1 (from /proc: its fds, the kernel's table). */
function tcpSockets(pid: number, port: number): number {
	const inodes = new Set<string>();
	try {
		for (const fd of readdirSync(`/proc/${pid}/fd`)) {
			const link = (() => {
				try {
					return readlinkSync(`/proc/${pid}/fd/${fd}`);
				} catch {
					return '';
				}
			})();
			const match = /^socket:\[(\d+)\]$/.exec(link);
			if (match) inodes.add(match[1]!);
		}
	} catch {
		return 0; // the process is gone
	}
	const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
	let count = 0;
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
			const cells = line.trim().split(/\s+/);
			if (cells.length < 10) continue;
			if (cells[2]!.endsWith(`:${hexPort}`) && inodes.has(cells[9]!)) count++;
		}
	}
	return count;
}

/** Every process below `pid`. */
function descendants(pid: number): number[] {
	return childrenOf(pid).flatMap((child) => [child, ...descendants(child)]);
}

/** Freezes the sshd processes of every connection open now (TCP stays open, nothing is sent, no FIN). */
function freezeSessions(sshd: Sshd): number[] {
	const comm = (pid: number) => {
		try {
			return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
		} catch {
			return '';
		}
	};
	const frozen = sshd.sessionPids().flatMap((pid) => [pid, ...descendants(pid)]).filter((pid) => comm(pid).startsWith('sshd'));
	for (const pid of frozen) process.kill(pid, 'SIGSTOP');
	return frozen;
}

function thaw(pids: number[]): void {
	for (const pid of pids) {
		try {
			process.kill(pid, 'SIGCONT');
		} catch {}
	}
}

describe('a silent peer: TCP accepted, never a word of SSH', () => {
	let server: Server;
	let port: number;
	const peers: Socket[] = [];
	const closed: Socket[] = [];
	let home: TestHome;

	before(async () => {
		home = makeHome();
		server = createServer((socket) => {
			peers.push(socket);
			socket.resume(); // read what the client says, so its end is seen
			socket.on('close', () => closed.push(socket));
			socket.on('error', () => {});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		port = (server.address() as {port: number}).port;
		writeFileSync(join(home.home, '.ssh', 'config'), 'Host *\n  ConnectTimeout 2\n');
	});

	after(() => {
		for (const socket of peers) socket.destroy();
		server?.close();
		home?.cleanup();
	});

	test('record gives up after ConnectTimeout, closes its socket and exits 1', async () => {
		const started = Date.now();
		const {code, stderr} = await runEsxlat(['record', `127.0.0.1:${port}`, '--count', '1', '-o', 'never.csv'], home.home, {timeoutMs: 20_000});
		assert.equal(code, 1, stderr);
		assert.match(stderr, /no answer within 2 s/);
		assert.ok(Date.now() - started < 10_000, `exited after ${Date.now() - started} ms`);
		await waitFor(() => closed.length === peers.length && peers.length > 0, 'the peer to see its socket closed', 15_000);
	});

	test('live --json likewise', async () => {
		const {code, stderr} = await runEsxlat(['live', `127.0.0.1:${port}`, '--json'], home.home, {timeoutMs: 20_000});
		assert.equal(code, 1, stderr);
		assert.match(stderr, /no answer within 2 s/);
	});
});

describe('frozen peers, hostile key files and esxtop complaints against a real sshd', {skip: skipWithoutSshd()}, () => {
	let sshd: Sshd;
	let home: TestHome;
	let target: string;
	const frozen: number[] = [];

	before(async () => {
		home = makeHome();
		({sshd, target} = await startKnownHost(home));
	});

	after(async () => {
		thaw(frozen);
		await sshd?.stop();
		home?.cleanup();
	});

	/** Rows in a recording so far. */
	const rowsIn = (name: string) => {
		try {
			return readFileSync(join(home.work, name), 'utf8').split('\n').length - 2;
		} catch {
			return 0;
		}
	};

	/** Waits for rows to flow on a connection that is not frozen, then freezes it. */
	async function freezeOnceFlowing(pid: number, file: string): Promise<void> {
		const before = rowsIn(file);
		await waitFor(() => sshd.sessionPids().some((session) => !frozen.includes(session)) && tcpSockets(pid, sshd.port) === 1, 'a working connection');
		await waitFor(() => rowsIn(file) >= before + 2, 'two more rows', 30_000);
		frozen.push(...freezeSessions(sshd));
	}

	test('a frozen session is torn down (socket destroyed), then Ctrl-C ends record at once', async () => {
		const child = spawnEsxlat(['record', target, '--interval', '0.3', '-o', 'frozen.csv'], home.home);
		const result = collect(child, 150_000);
		let stderr = '';
		child.stderr!.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		for (let freeze = 1; freeze <= 3; freeze++) {
			await freezeOnceFlowing(child.pid!, 'frozen.csv');
			await waitFor(() => stderr.split('stalled').length > freeze, () => `stall ${freeze} to be noticed; stderr: ${stderr}`, 30_000);
			// The stalled connection's socket goes after a short grace; at most the new one stays.
			await waitFor(() => tcpSockets(child.pid!, sshd.port) <= 1, () => `the stalled socket to close (${tcpSockets(child.pid!, sshd.port)} open)`, 20_000);
		}
		await waitFor(() => tcpSockets(child.pid!, sshd.port) === 1, 'a working connection again', 30_000);
		await new Promise((resolve) => setTimeout(resolve, 3000));
		assert.equal(tcpSockets(child.pid!, sshd.port), 1, `three freezes later, one socket: the working one; stderr: ${stderr}`);
		const interrupted = Date.now();
		child.kill('SIGINT');
		const {code} = await result;
		assert.equal(code, 0, stderr);
		assert.ok(Date.now() - interrupted < 5000, `exited ${Date.now() - interrupted} ms after Ctrl-C`);
		assert.match(stderr, /recorded \d+ samples/);
	});

	test('record --count N exits by itself after a frozen connection was replaced', async () => {
		const child = spawnEsxlat(['record', target, '--interval', '0.3', '--count', '12', '-o', 'counted.csv'], home.home);
		const result = collect(child, 120_000);
		let stderr = '';
		child.stderr!.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		await freezeOnceFlowing(child.pid!, 'counted.csv');
		const {code} = await result;
		assert.equal(code, 0, stderr);
		assert.match(stderr, /stalled/);
		assert.match(stderr, /recorded 12 samples/);
		assert.ok(!isRunning(child.pid!));
	});

	test('IdentityFile /dev/zero: a clear error at once, not gigabytes of zeros', async () => {
		const config = join(home.home, '.ssh', 'config');
		writeFileSync(config, 'Host *\n  IdentityFile /dev/zero\n');
		try {
			const started = Date.now();
			const {code, stderr} = await runEsxlat(['record', target, '--count', '1', '-o', 'zero.csv'], home.home, {timeoutMs: 15_000});
			assert.equal(code, 1, stderr);
			assert.match(stderr, /identity file \/dev\/zero: not a key file \(not a regular file\)/);
			assert.ok(Date.now() - started < 10_000);
		} finally {
			rmSync(config);
		}
		const big = join(home.home, 'huge-key');
		writeFileSync(big, Buffer.alloc(10 * 1024 * 1024, 'A'));
		const {code, stderr} = await runEsxlat(['record', target, '-i', big, '--count', '1', '-o', 'big.csv'], home.home, {timeoutMs: 15_000});
		assert.equal(code, 1, stderr);
		assert.match(stderr, /huge-key: not a key file \(over 64 kB; a key is a few kB\)/);
	});

	test("esxtop's stderr from the host is echoed escaped", async () => {
		const complaint = join(sshd.stateDir, 'stderr');
		writeFileSync(complaint, 'esxtop: \u001B]0;PWNED\u0007 \u001B]52;c;UFdORUQ=\u0007 \u001B[2J cannot open \r\u202Edevice\n');
		try {
			const {code, stderr} = await runEsxlat(['record', target, '--count', '1', '-o', 'complaint.csv'], home.home);
			assert.equal(code, 1);
			assert.match(stderr, /esxtop ended before sending its header \(exit status 1\): esxtop: \\x1b\]0;PWNED\\x07 \\x1b\]52;c;UFdORUQ=\\x07 \\x1b\[2J cannot open \\r\\u202edevice/);
			assert.ok(!hasRawControl(stderr), JSON.stringify(stderr));
		} finally {
			rmSync(complaint);
		}
	});
});
