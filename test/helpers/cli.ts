import {type ChildProcess, execFileSync, spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

export const cliPath = new URL('../../dist/cli.js', import.meta.url).pathname;

/** A private $HOME with ~/.ssh/id_ed25519 (no passphrase): the real ~/.ssh is never touched. */
export interface TestHome {
	home: string;
	knownHosts: string;
	/** `ssh-ed25519 AAAA…` of ~/.ssh/id_ed25519, for authorized_keys. */
	publicKey: string;
	/** Another directory for outputs (recordings). */
	work: string;
	cleanup(): void;
}

export function makeHome(): TestHome {
	const home = mkdtempSync(join(tmpdir(), 'esxlat-home-'));
	const ssh = join(home, '.ssh');
	const work = join(home, 'work');
	mkdirSync(ssh, {mode: 0o700});
	mkdirSync(work);
	execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'esxlat-test', '-f', join(ssh, 'id_ed25519')]);
	return {
		home,
		knownHosts: join(ssh, 'known_hosts'),
		publicKey: readFileSync(join(ssh, 'id_ed25519.pub'), 'utf8').trim(),
		work,
		cleanup: () => rmSync(home, {recursive: true, force: true}),
	};
}

/**
 * Runs the built CLI with HOME pointed at a test home, no agent, in a session of its own:
 * without a controlling terminal nothing can prompt, so the tests see the non-interactive path.
 */
export function spawnEsxlat(args: string[], home: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
	return spawn(process.execPath, [cliPath, ...args], {
		cwd: join(home, 'work'),
		env: {PATH: process.env.PATH, HOME: home, ...env},
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
}

export interface RunResult {
	stdout: string;
	stderr: string;
	code: number | null;
}

/** Runs the CLI to its end; kills it (and fails) after `timeoutMs` (60 s: CI machines can be slow and loaded). */
export function runEsxlat(args: string[], home: string, options: {env?: NodeJS.ProcessEnv; timeoutMs?: number} = {}): Promise<RunResult> {
	const child = spawnEsxlat(args, home, options.env);
	return collect(child, options.timeoutMs ?? 60_000);
}

export function collect(child: ChildProcess, timeoutMs = 60_000): Promise<RunResult> {
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	child.stderr!.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`esxlat did not finish within ${timeoutMs} ms; stderr: ${stderr}`));
		}, timeoutMs);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({stdout, stderr, code});
		});
	});
}

/** Polls `check` until it returns a value (not undefined/false) or the deadline passes (30 s unless told). */
export async function waitFor<T>(check: () => T | undefined | false, what: string | (() => string), timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = check();
		if (value !== undefined && value !== false) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
