import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, describe, test} from 'node:test';
import {cliPath, collect, makeHome, runEsxlat, spawnEsxlat, type TestHome, waitFor} from './helpers/cli.js';
import {fakeCapture, finish, type FakeAuth, type FakeHost, startFakeHost, streamRows, type ExecHandler} from './helpers/fake-host.js';
import {hasTmux, TmuxSession} from './helpers/tmux.js';

const password = 'Sup3r-Secret!';
/** Rows every 0.3 s; --interval matches, so a stall is 0.9 s of silence. */
const intervalMs = 300;

/** The `-n` esxlat asked esxtop for. */
const countIn = (command: string) => Number(/-n (\d+)/.exec(command)?.[1] ?? 1000);

const keyAuth = (home: TestHome): FakeAuth => ({publicKeys: [home.publicKey]});

const healthy: ExecHandler = (channel, command) => streamRows(channel, fakeCapture(), countIn(command), intervalMs);

/** A fake host whose key is on file in a fresh test home; `auth` may let the home's key in. */
async function withHost(auth: FakeAuth | ((home: TestHome) => FakeAuth), exec: ExecHandler, run: (host: FakeHost, home: TestHome) => Promise<void>): Promise<void> {
	const home = makeHome();
	const host = await startFakeHost(typeof auth === 'function' ? auth(home) : auth, exec);
	writeFileSync(home.knownHosts, `[127.0.0.1]:${host.port} ${host.hostKey}\n`);
	try {
		await run(host, home);
	} finally {
		await host.close();
		home.cleanup();
	}
}

/** A key pair beside the test home's own; `passphrase` encrypts the private half. */
function makeKey(home: TestHome, name: string, passphrase = ''): {path: string; publicKey: string} {
	const path = join(home.home, name);
	if (!existsSync(path)) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-f', path]);
	return {path, publicKey: readFileSync(`${path}.pub`, 'utf8').trim()};
}

/** A real ssh-agent holding one key, on a socket in the test home; stop() kills it by PID. */
async function startAgent(home: TestHome, keyPath: string): Promise<{socket: string; stop(): void}> {
	const socket = join(home.home, 'agent.sock');
	const agent = spawn('ssh-agent', ['-D', '-a', socket], {stdio: 'ignore'});
	await waitFor(() => existsSync(socket), 'the agent socket');
	execFileSync('ssh-add', ['-q', keyPath], {env: {SSH_AUTH_SOCK: socket, PATH: process.env.PATH}, stdio: 'ignore'});
	return {socket, stop: () => agent.kill()};
}

const record = (host: FakeHost, ...args: string[]) => ['record', `root@127.0.0.1:${host.port}`, '--interval', String(intervalMs / 1000), ...args];
const lines = (path: string) => readFileSync(path, 'utf8').split(/(?<=\n)/).filter(Boolean);

describe('prompts on a terminal (tmux), before anything else takes the screen', {skip: hasTmux() ? false : 'needs tmux (.ci/run installs it)'}, () => {
	let terminal: TmuxSession | undefined;
	after(() => terminal?.kill());

	const inTerminal = (home: TestHome, args: string[]) => {
		terminal?.kill();
		const quoted = args.map((arg) => `'${arg}'`).join(' ');
		terminal = new TmuxSession(`cd ${home.work} && env -i HOME=${home.home} PATH=${process.env.PATH} TERM=xterm ${process.execPath} ${cliPath} ${quoted}`, 160, 40);
		return terminal;
	};

	test('keyboard-interactive (as ESXi asks for root): typed with echo off, never shown or stored', () =>
		withHost({keyboardInteractive: password}, healthy, async (host, home) => {
			const screen = inTerminal(home, record(host, '--count', '2', '-o', 'kbd.csv'));
			await screen.waitFor(/ESXi login\s+Password:\s*$/m); // capture-pane drops trailing blanks
			screen.type(password);
			screen.send('Enter');
			const done = await screen.waitFor(/EXIT=\d+/);
			assert.match(done, /EXIT=0/);
			assert.match(done, /recorded 2 samples from root@127\.0\.0\.1:\d+ to kbd\.csv/);
			assert.ok(!done.includes(password), 'the password was not echoed');
			assert.ok(!readFileSync(join(home.work, 'kbd.csv'), 'utf8').includes(password));
		}));

	test('Ctrl-C at the password prompt cancels, and nothing else is asked', () =>
		withHost({keyboardInteractive: password, password}, healthy, async (host, home) => {
			const screen = inTerminal(home, record(host, '--count', '1', '-o', 'cancel.csv'));
			await screen.waitFor(/Password:\s*$/m);
			screen.send('C-c');
			const done = await screen.waitFor(/EXIT=\d+/);
			assert.match(done, /Password:\s*\nesxlat: cancelled at the prompt\nEXIT=1/);
		}));

	test('password authentication: the user@host prompt; a wrong password is asked again', () =>
		withHost({password}, healthy, async (host, home) => {
			const screen = inTerminal(home, record(host, '--count', '1', '-o', 'pw.csv'));
			await screen.waitFor(/root@127\.0\.0\.1:\d+'s password:\s*$/m);
			screen.type('wrong');
			screen.send('Enter');
			await screen.waitFor(/password:\s*\n.*password:\s*$/m);
			screen.type(password);
			screen.send('Enter');
			const done = await screen.waitFor(/EXIT=\d+/);
			assert.match(done, /EXIT=0/);
			assert.ok(!done.includes(password) && !done.includes('wrong'));
		}));

	test('record on a terminal: a progress line in place, and Ctrl-C ends it with the file complete', () =>
		withHost(keyAuth, healthy, async (host, home) => {
			const screen = inTerminal(home, record(host, '-o', 'tty.csv'));
			// 3 or more: a slow poll can miss 3 to 9 (0.3 s a sample).
			const progress = await screen.waitFor(/^recording to tty\.csv: (?:[3-9]|\d\d+) samples, \d+ KiB$/m);
			assert.match(progress, /^esxlat: recording root@127\.0\.0\.1:\d+ to tty\.csv \(Ctrl-C ends it\)\nrecording to tty\.csv:/m, 'one line, rewritten');
			screen.send('C-c');
			const done = await screen.waitFor(/EXIT=\d+/);
			const recorded = Number(/recorded (\d+) samples from root@127\.0\.0\.1:\d+ to tty\.csv\nEXIT=0/.exec(done)?.[1]);
			assert.ok(recorded >= 3, done);
			const replay = await runEsxlat(['replay', 'tty.csv', '--json'], home.home);
			assert.match(replay.stderr, new RegExp(`tty\\.csv: ${recorded} samples; no rows skipped`));
		}));

	test('an encrypted -i key: its passphrase is asked for (echo off) and the key logs in', () =>
		withHost((home) => ({publicKeys: [makeKey(home, 'locked', 'hunter22').publicKey]}), healthy, async (host, home) => {
			const screen = inTerminal(home, [...record(host, '--count', '1', '-o', 'locked.csv'), '-i', join(home.home, 'locked')]);
			await screen.waitFor(/Enter passphrase for key '~\/locked':\s*$/m);
			screen.type('hunter22');
			screen.send('Enter');
			const done = await screen.waitFor(/EXIT=\d+/);
			assert.match(done, /EXIT=0/);
			assert.ok(!done.includes('hunter22'));
		}));

	test('an unknown host key: the fingerprint is shown and "yes" files it in known_hosts', () =>
		withHost({password}, healthy, async (host, home) => {
			writeFileSync(home.knownHosts, '');
			const screen = inTerminal(home, [...record(host, '--count', '1', '-o', 'hk.csv'), '--password-env', 'X']);
			// --password-env X with X unset is a usage error, checked before connecting.
			assert.match(await screen.waitFor(/EXIT=\d+/), /--password-env X: that environment variable is not set[\s\S]*EXIT=2/);
			const asked = inTerminal(home, record(host, '--count', '1', '-o', 'hk.csv'));
			const question = await asked.waitFor(/continue connecting \(yes\/no\/\[fingerprint\]\)\?\s*$/m);
			assert.match(question, new RegExp(`authenticity of host '\\[127\\.0\\.0\\.1\\]:${host.port}' can't be established\\.\\nED25519 key fingerprint is SHA256:`));
			asked.type('yes');
			asked.send('Enter');
			await asked.waitFor(/password:\s*$/m);
			asked.type(password);
			asked.send('Enter');
			assert.match(await asked.waitFor(/EXIT=\d+/), /EXIT=0/);
			assert.equal(readFileSync(home.knownHosts, 'utf8'), `[127.0.0.1]:${host.port} ${host.hostKey}\n`);
		}));
});

describe('non-interactive authentication', () => {
	test('--password-env logs in for scripts; the password is nowhere in the output', () =>
		withHost({keyboardInteractive: password}, healthy, async (host, home) => {
			const {code, stdout, stderr} = await runEsxlat(record(host, '--count', '2', '-o', 'env.csv', '--password-env', 'ESX_PW'), home.home, {env: {ESX_PW: password}});
			assert.equal(code, 0, stderr);
			assert.ok(!(stdout + stderr + readFileSync(join(home.work, 'env.csv'), 'utf8')).includes(password));
		}));

	test('refused: the error lists the methods tried and says how to give a password without a terminal', () =>
		withHost({publicKeys: [], password}, healthy, async (host, home) => {
			const noTerminal = await runEsxlat(record(host, '--count', '1'), home.home);
			assert.equal(noTerminal.code, 1);
			assert.equal(
				noTerminal.stderr,
				`esxlat: root@127.0.0.1:${host.port}: authentication refused (tried publickey (~/.ssh/id_ed25519); the host accepts publickey, password); no terminal to ask for a password: use --password-env VAR\n`,
			);
			const wrong = await runEsxlat(record(host, '--count', '1', '--password-env', 'ESX_PW'), home.home, {env: {ESX_PW: 'nope'}});
			assert.match(wrong.stderr, /authentication refused \(tried publickey \(~\/\.ssh\/id_ed25519\), password; the host accepts publickey, password\)\n$/);
		}));

	test('an authorized key logs in without any prompt; live --json --count N prints N samples and ends', () =>
		withHost(keyAuth, healthy, async (host, home) => {
			const {code, stderr} = await runEsxlat(record(host, '--count', '2', '-o', 'key.csv'), home.home);
			assert.equal(code, 0, stderr);
			const live = await runEsxlat(['live', `root@127.0.0.1:${host.port}`, '--json', '--all', '--count', '3', '--interval', '2'], home.home);
			assert.equal(live.code, 0, live.stderr);
			assert.equal(live.stdout.trim().split('\n').length, 3);
			assert.deepEqual(host.commands, [`esxtop -b -d ${intervalMs / 1000} -n 2`, 'esxtop -b -d 2 -a -n 3']);
		}));
});

describe('authentication order: agent, -i, IdentityFile, default keys', () => {
	test('every key is offered in that order; the error lists them', () =>
		withHost({publicKeys: []}, healthy, async (host, home) => {
			const agent = await startAgent(home, makeKey(home, 'agent-key').path);
			try {
				const explicit = makeKey(home, 'explicit');
				makeKey(home, 'configured'); // named by IdentityFile below
				writeFileSync(join(home.home, '.ssh', 'config'), `Host fake\n  HostName 127.0.0.1\n  Port ${host.port}\n  User root\n  IdentityFile ~/configured\n`);
				const {code, stderr} = await runEsxlat(['record', 'fake', '--count', '1', '-i', explicit.path], home.home, {env: {SSH_AUTH_SOCK: agent.socket}});
				assert.equal(code, 1);
				assert.match(stderr, /authentication refused \(tried publickey \(ssh-agent\), publickey \(~\/explicit\), publickey \(~\/configured\), publickey \(~\/\.ssh\/id_ed25519\); the host accepts publickey\)/);
			} finally {
				agent.stop();
			}
		}));

	test('a key held by ssh-agent logs in', () =>
		withHost((home) => ({publicKeys: [makeKey(home, 'agent-key').publicKey]}), healthy, async (host, home) => {
			const agent = await startAgent(home, join(home.home, 'agent-key'));
			try {
				const {code, stderr} = await runEsxlat(record(host, '--count', '1', '-o', 'agent.csv'), home.home, {env: {SSH_AUTH_SOCK: agent.socket}});
				assert.equal(code, 0, stderr);
			} finally {
				agent.stop();
			}
		}));
});

describe('staying up', () => {
	test('a stall (no row within 3 intervals) restarts esxtop, which is asked for the rest', () =>
		withHost(
			keyAuth,
			(channel, command, index) => (index === 0 ? streamRows(channel, fakeCapture(), 3, intervalMs, () => {}) : healthy(channel, command, index)),
			async (host, home) => {
				const {code, stderr} = await runEsxlat(record(host, '--count', '5', '-o', 'stall.csv'), home.home);
				assert.equal(code, 0, stderr);
				assert.match(stderr, /stalled: no complete row for [\d.]+ s; reconnecting in 1 s, attempt 1/);
				// The rest (2), plus the warm-up row the restarted esxtop begins with.
				assert.deepEqual(host.commands.map(countIn), [5, 3], stderr);
				assert.equal(lines(join(home.work, 'stall.csv')).length, 6, 'one header, five rows');
			},
		));

	test('schema drift restarts esxtop; the drifting row is not recorded', () =>
		withHost(
			keyAuth,
			(channel, command, index) => {
				if (index > 0) return healthy(channel, command, index);
				const writer = fakeCapture();
				channel.write(writer.header + writer.row(0) + writer.row(1) + writer.row(2).replace(/,"[^"]*",\n$/, ',\n'));
			},
			async (host, home) => {
				const {code, stderr} = await runEsxlat(record(host, '--count', '4', '-o', 'drift.csv'), home.home);
				assert.equal(code, 0, stderr);
				assert.match(stderr, /schema drift \(\d+ cells where the header has \d+\): restarting esxtop for a fresh header; reconnecting in 1 s, attempt 1/);
				const replay = await runEsxlat(['replay', 'drift.csv', '--json'], home.home);
				assert.match(replay.stderr, /drift\.csv: 4 samples; no rows skipped/);
			},
		));

	test('a different header after a reconnect starts NAME.2.csv', () =>
		withHost(
			keyAuth,
			(channel, command, index) => {
				const writer = fakeCapture(index === 0 ? 2 : 3);
				if (index === 0) streamRows(channel, writer, 2, intervalMs, (c) => c.close()); // no exit status: a drop
				else streamRows(channel, writer, countIn(command), intervalMs);
			},
			async (host, home) => {
				const {code, stderr} = await runEsxlat(record(host, '--count', '4', '-o', 'seg.csv.gz'), home.home);
				assert.equal(code, 0, stderr);
				// 4 samples with data; the new segment keeps its own warm-up row, as any capture starts.
				assert.match(stderr, /recorded 5 samples from root@127\.0\.0\.1:\d+ to seg\.csv\.gz, seg\.2\.csv\.gz\n$/);
				const devices: number[] = [];
				for (const [file, samples] of [['seg.csv.gz', 2], ['seg.2.csv.gz', 3]] as const) {
					const replay = await runEsxlat(['replay', file, '--json', '--view', 'device'], home.home);
					assert.match(replay.stderr, new RegExp(`${samples} samples; no rows skipped`));
					devices.push(JSON.parse(replay.stdout.split('\n')[0]!).rows.length);
				}
				assert.equal(devices[1], devices[0]! + 1, 'the second segment has the new device');
			},
		));

	test('live --json --record: a drop mid-row reconnects, output goes on, the default-named recording has no half row', () =>
		withHost(
			keyAuth,
			(channel, _command, index) => {
				const writer = fakeCapture();
				if (index === 0) streamRows(channel, writer, 2, intervalMs, (c) => {
					c.write(writer.row(2).slice(0, 40));
					setTimeout(() => c.close(), 50);
				});
				else if (index === 1) streamRows(channel, writer, 3, intervalMs, (c) => c.close()); // a drop again
				else streamRows(channel, writer, 0, intervalMs, () => {}); // then a header only: no third warm-up row, however late the test stops esxlat
			},
			async (host, home) => {
				const child = spawnEsxlat(['live', `root@127.0.0.1:${host.port}`, '--json', '--interval', String(intervalMs / 1000), '--record'], home.home);
				const result = collect(child, 60_000);
				let stdout = '';
				child.stdout!.on('data', (chunk: Buffer) => {
					stdout += chunk.toString();
				});
				await waitFor(() => stdout.trim().split('\n').length >= 5, 'five samples over two connections');
				child.kill('SIGTERM');
				const {code, stderr} = await result;
				assert.equal(code, 0, stderr);
				assert.match(stderr, /recording to 127\.0\.0\.1-\d{8}-\d{6}\.csv\n/);
				assert.match(stderr, /channel closed without an exit status; reconnecting in 1 s, attempt 1/);
				const [file] = readdirSync(home.work);
				const recorded = lines(join(home.work, file!));
				const printed = stdout.trim().split('\n');
				const reconnectWarmups = printed.slice(1).filter((line) => line.includes('"warmup":true')).length;
				assert.equal(reconnectWarmups, 1, 'the reconnected esxtop began with a warm-up row');
				assert.equal(recorded.length, 1 + printed.length - reconnectWarmups, 'one header, one row per sample printed but the warm-up of the continued file');
				assert.ok(recorded.every((line) => line.endsWith(',\n')), 'complete rows only');
			},
		));
});

describe('a host that cannot run esxtop', () => {
	test('esxtop missing: "is this an ESXi host?"', () =>
		withHost(keyAuth, (channel) => finish(channel, 127, 'sh: esxtop: not found\n'), async (host, home) => {
			const {code, stderr} = await runEsxlat(record(host, '--count', '1'), home.home);
			assert.equal(code, 1);
			assert.equal(stderr, `esxlat: root@127.0.0.1:${host.port}: esxtop was not found on the host: is this an ESXi host?\n`);
			assert.deepEqual(readdirSync(home.work), [], 'no empty recording left');
		}));

	test("esxtop's own complaint is passed on", () =>
		withHost(keyAuth, (channel) => finish(channel, 1, 'esxtop: cannot open /dev/vsi: Permission denied\n'), async (host, home) => {
			const {code, stderr} = await runEsxlat(['live', `root@127.0.0.1:${host.port}`, '--json'], home.home);
			assert.equal(code, 1);
			assert.equal(stderr, `esxlat: root@127.0.0.1:${host.port}: esxtop ended before sending its header (exit status 1): esxtop: cannot open /dev/vsi: Permission denied\n`);
		}));
});
