import {timingSafeEqual} from 'node:crypto';
import ssh2, {type AuthContext, type ServerChannel} from 'ssh2';
import {CaptureWriter} from '../../source/generate/capture-writer.js';
import {scenarioSpec} from '../../source/generate/scenarios.js';
import {parsableKeyPair} from '../../source/bench/key-pair.js';

const {Server, utils} = ssh2;

/** What the fake host lets in. */
export interface FakeAuth {
	/** Answered through keyboard-interactive (how ESXi asks for root's password). */
	keyboardInteractive?: string;
	/** Answered through the password method. */
	password?: string;
	/** `ssh-ed25519 AAAA…` lines whose keys may log in. */
	publicKeys?: string[];
}

/** The test's script for one exec request (connection `index`, 0-based). */
export type ExecHandler = (channel: ServerChannel, command: string, index: number) => void;

export interface FakeHost {
	port: number;
	/** `ssh-ed25519 AAAA…` of the host key, for known_hosts. */
	hostKey: string;
	/** esxtop commands received, one per connection. */
	commands: string[];
	close(): Promise<void>;
}

/**
 * ssh2's own Server on 127.0.0.1 at a free port: a host the test controls entirely (prompts,
 * stalls, drift, a missing esxtop). Everything runs in the test process; close() ends it.
 */
export function startFakeHost(auth: FakeAuth, exec: ExecHandler): Promise<FakeHost> {
	const hostKey = parsableKeyPair();
	const commands: string[] = [];
	const clients = new Set<ssh2.Connection>();
	const server = new Server({hostKeys: [hostKey.private]}, (client) => {
		clients.add(client);
		client.on('close', () => clients.delete(client));
		client.on('error', () => {});
		client.on('authentication', (ctx) => authenticate(ctx, auth));
		client.on('ready', () => {
			client.on('session', (accept) => {
				accept().on('exec', (acceptExec, _reject, info) => {
					const index = commands.length;
					commands.push(info.command);
					exec(acceptExec(), info.command, index);
				});
			});
		});
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			resolve({
				port: (server.address() as {port: number}).port,
				hostKey: hostKey.public.split(' ').slice(0, 2).join(' '),
				commands,
				close: () =>
					new Promise<void>((done) => {
						for (const client of clients) client.end();
						server.close(() => done());
					}),
			});
		});
	});
}

function authenticate(ctx: AuthContext, auth: FakeAuth): void {
	const offered = [...(auth.publicKeys ? ['publickey'] : []), ...(auth.keyboardInteractive !== undefined ? ['keyboard-interactive'] : []), ...(auth.password !== undefined ? ['password'] : [])] as Array<'publickey' | 'keyboard-interactive' | 'password'>;
	if (ctx.method === 'password' && auth.password !== undefined) return ctx.password === auth.password ? ctx.accept() : ctx.reject(offered);
	if (ctx.method === 'keyboard-interactive' && auth.keyboardInteractive !== undefined) {
		ctx.prompt([{prompt: 'Password: ', echo: false}], 'ESXi login', '', (answers) => (answers[0] === auth.keyboardInteractive ? ctx.accept() : ctx.reject(offered)));
		return;
	}
	if (ctx.method === 'publickey' && auth.publicKeys) {
		const allowed = auth.publicKeys.map((line) => utils.parseKey(line)).find((key) => !(key instanceof Error) && !Array.isArray(key) && sameBytes(key.getPublicSSH(), ctx.key.data));
		if (!allowed || allowed instanceof Error || Array.isArray(allowed)) return ctx.reject(offered);
		if (!ctx.signature) return ctx.accept(); // the "would this key do?" query
		return allowed.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true ? ctx.accept() : ctx.reject(offered);
	}
	ctx.reject(offered);
}

function sameBytes(a: Buffer, b: Buffer): boolean {
	return a.length === b.length && timingSafeEqual(a, b);
}

/** A small generated capture; `devices` changes the header (a different column set). */
export function fakeCapture(devices = 2): CaptureWriter {
	return new CaptureWriter({spec: scenarioSpec('healthy', 100, {host: 'fake-esx.test', devices, adapters: 1, vms: 1, nfs: 0}), interval: 1});
}

/** Streams header and rows at `intervalMs`, then runs `after` (exit, stall, drop, …). */
export function streamRows(channel: ServerChannel, writer: CaptureWriter, rows: number, intervalMs: number, after: (channel: ServerChannel) => void = (c) => finish(c, 0)): void {
	channel.write(writer.header);
	let index = 0;
	const next = () => {
		if (!channel.writable) return; // the client closed it (ssh2 may not emit 'close' then)
		if (index === rows) return after(channel);
		channel.write(writer.row(index, Date.now()));
		index++;
		timer = setTimeout(next, intervalMs);
	};
	let timer = setTimeout(next, 0);
	for (const event of ['close', 'finish', 'end']) channel.on(event, () => clearTimeout(timer));
}

export function finish(channel: ServerChannel, code: number, stderr = ''): void {
	if (stderr) channel.stderr.write(stderr);
	channel.exit(code);
	channel.end();
}
