import {type ChildProcess, execFileSync, spawn} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, connect} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const sshdPath = '/usr/sbin/sshd';

/** For `test(name, {skip: skipWithoutSshd()}, …)`; CI installs openssh-server (.ci/run). */
export function skipWithoutSshd(): false | string {
	return existsSync(sshdPath) ? false : 'needs OpenSSH sshd at /usr/sbin/sshd (apt-get install openssh-server; .ci/run does it)';
}

export interface Sshd {
	port: number;
	pid: number;
	/** The host's public key line (`ssh-ed25519 AAAA…`). */
	hostKey: string;
	/** Where the fake esxtop leaves its traces (pids, partial). */
	stateDir: string;
	/** Per-connection sshd processes (children of the listener). */
	sessionPids(): number[];
	/** Pids of every fake esxtop run started so far. */
	esxtopPids(): number[];
	stop(): Promise<void>;
}

/**
 * A real OpenSSH sshd on 127.0.0.1 at a free port, owned by the test: its own host key, the
 * given authorized keys, and a fake esxtop first on PATH (or no esxtop at all). Stopped by
 * PID, with every process it started.
 */
export async function startSshd(options: {authorizedKeys: string[]; esxtop?: boolean; env?: Record<string, string>}): Promise<Sshd> {
	const dir = mkdtempSync(join(tmpdir(), 'esxlat-sshd-'));
	const stateDir = join(dir, 'state');
	const bin = join(dir, 'bin');
	mkdirSync(stateDir);
	mkdirSync(bin);
	execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
	writeFileSync(join(dir, 'authorized_keys'), options.authorizedKeys.join('\n') + '\n');
	if (options.esxtop !== false) {
		const fixture = fileURLToPath(new URL('../fixtures/fake-esxtop.mjs', import.meta.url));
		writeFileSync(join(bin, 'esxtop'), `#!/bin/sh\nexec ${process.execPath} ${fixture} "$@"\n`);
		chmodSync(join(bin, 'esxtop'), 0o755);
	}
	const port = await freePort();
	const config = join(dir, 'sshd_config');
	writeFileSync(
		config,
		[
			`Port ${port}`,
			'ListenAddress 127.0.0.1',
			`HostKey ${join(dir, 'host_key')}`,
			`PidFile ${join(dir, 'sshd.pid')}`,
			`AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
			'StrictModes no',
			'UsePAM no',
			'PasswordAuthentication no',
			'KbdInteractiveAuthentication no',
			'LogLevel VERBOSE',
			`SetEnv PATH=${bin}:/usr/bin:/bin FAKE_ESXTOP_STATE=${stateDir}${Object.entries(options.env ?? {}).map(([name, value]) => ` ${name}=${value}`).join('')}`,
			'',
		].join('\n'),
	);
	// sshd's privilege separation directory; as a non-root user it must already exist.
	if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', {recursive: true});
	const child = spawn(sshdPath, ['-D', '-e', '-f', config], {stdio: ['ignore', 'ignore', 'pipe']});
	let log = '';
	child.stderr!.on('data', (chunk: Buffer) => {
		log += chunk.toString();
	});
	await waitForPort(port, child, () => log);
	const pid = child.pid!;
	return {
		port,
		pid,
		hostKey: readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' '),
		stateDir,
		sessionPids: () => childrenOf(pid),
		esxtopPids: () => readPids(join(stateDir, 'pids')),
		async stop() {
			const tree = descendantsOf(pid);
			await stopChild(child);
			for (const other of tree) killQuietly(other);
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as {port: number};
			server.close(() => resolve(port));
		});
	});
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
	// sshd reads its keys and config first: seconds on a loaded machine.
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`sshd exited: ${log()}`);
		const open = await new Promise<boolean>((resolve) => {
			const socket = connect(port, '127.0.0.1', () => {
				socket.destroy();
				resolve(true);
			});
			socket.on('error', () => resolve(false));
		});
		if (open) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error(`sshd did not listen on ${port}: ${log()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		child.once('exit', () => resolve());
		child.kill('SIGTERM');
	});
}

/** Direct children of `pid`, from /proc. */
export function childrenOf(pid: number): number[] {
	const children: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (parent === pid) children.push(Number(entry));
		} catch {
			// the process ended while we looked
		}
	}
	return children;
}

function descendantsOf(pid: number): number[] {
	const out: number[] = [];
	for (const child of childrenOf(pid)) out.push(child, ...descendantsOf(child));
	return out;
}

export function isRunning(pid: number): boolean {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
	} catch {
		return false;
	}
}

function killQuietly(pid: number): void {
	try {
		process.kill(pid, 'SIGKILL');
	} catch {
		// already gone
	}
}

function readPids(path: string): number[] {
	if (!existsSync(path)) return [];
	return readFileSync(path, 'utf8').split('\n').filter(Boolean).map(Number);
}
