import {Socket} from 'node:net';
import {Client} from 'ssh2';
import type {Authenticator} from './auth.js';
import type {HostKeyVerifier} from './host-key.js';
import {SshError} from './ssh-error.js';
import {targetLabel, type SshTarget} from './target.js';

export interface ConnectOptions {
	target: SshTarget;
	auth: Authenticator;
	hostKeys: HostKeyVerifier;
	/** Host key algorithms to ask for first (those on file in known_hosts). */
	hostKeyAlgorithms: string[];
	/** How long the TCP connection and the SSH handshake may take, time spent on prompts excluded. */
	timeoutMs?: number;
}

/** Each client's TCP socket: ours, so a session can be torn down even when the peer is frozen. */
const sockets = new WeakMap<Client, Socket>();

/**
 * Ends a connection for good: a polite disconnect, then the socket destroyed once `graceMs`
 * passed without the peer closing its side. `client.end()` alone only half-closes: a peer that
 * accepted TCP and went silent, or whose sshd was stopped (SIGSTOP), would keep the socket,
 * and with it the process, alive forever.
 */
export function closeClient(client: Client, graceMs = 1000): void {
	const socket = sockets.get(client);
	client.on('error', () => {}); // late socket errors after giving up
	try {
		client.end();
	} catch {}
	if (!socket || socket.destroyed) return;
	if (graceMs <= 0) {
		socket.destroy();
		return;
	}
	const timer = setTimeout(() => socket.destroy(), graceMs);
	socket.once('close', () => clearTimeout(timer));
}

/**
 * Opens an SSH connection and logs in. Resolves with the ready client; rejects with an
 * SshError that says what went wrong in one line (and whether retrying can help).
 */
export function connectSsh(options: ConnectOptions): Promise<Client> {
	const {target, auth, hostKeys} = options;
	const label = targetLabel(target);
	const timeoutMs = options.timeoutMs ?? (target.connectTimeout ?? 20) * 1000;
	const client = new Client();
	// Our own socket (ssh2 would make one it keeps to itself): closeClient can always destroy it.
	const socket = new Socket();
	sockets.set(client, socket);
	return new Promise((resolve, reject) => {
		let failure: SshError | null = null;
		let settled = false;
		let timer: NodeJS.Timeout | undefined;
		const settle = (error: SshError | null) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			client.removeListener('close', onClose);
			if (error) {
				client.removeAllListeners('ready');
				closeClient(client, 0); // nothing to say goodbye to: a silent peer never answers
				reject(error);
			} else {
				resolve(client);
			}
		};
		// The clock stops while a person answers a prompt (the host key, a password).
		const armTimer = () => {
			clearTimeout(timer);
			timer = setTimeout(() => settle(new SshError(`${label}: no answer within ${Math.round(timeoutMs / 1000)} s (host down, or a firewall dropping SSH?)`, 'unreachable')), timeoutMs);
		};
		const paused = async <T>(work: () => Promise<T>): Promise<T> => {
			clearTimeout(timer);
			try {
				return await work();
			} finally {
				if (!settled) armTimer();
			}
		};
		const onClose = () => settle(failure ?? new SshError(`${label}: the connection closed during login`, 'unreachable'));

		client.on('ready', () => {
			auth.settle();
			settle(null);
		});
		client.on('error', (error: Error & {level?: string; code?: string}) => {
			if (failure === null) failure = describeError(error, label, target, auth);
			settle(failure);
		});
		client.on('close', onClose);
		armTimer();
		socket.connect({host: target.host, port: target.port});
		client.connect({
			sock: socket,
			host: target.host,
			port: target.port,
			username: target.user,
			readyTimeout: 0, // our own timer, which pauses for prompts
			keepaliveInterval: 10_000,
			keepaliveCountMax: 3,
			authHandler: auth.handler(paused),
			// remove + prepend moves them to the front of ssh2's defaults (prepend alone keeps listed ones in place)
			algorithms: options.hostKeyAlgorithms.length > 0 ? {serverHostKey: {remove: options.hostKeyAlgorithms, prepend: options.hostKeyAlgorithms} as never} : {},
			hostVerifier: (key: Buffer, verified: (ok: boolean) => void) => {
				paused(() => hostKeys.verify(key)).then(
					() => verified(true),
					(error: unknown) => {
						failure = error instanceof SshError ? error : new SshError(String(error), 'host-key');
						verified(false);
					},
				);
			},
		});
	});
}

function describeError(error: Error & {level?: string; code?: string}, label: string, target: SshTarget, auth: Authenticator): SshError {
	if (error.level === 'client-authentication') return auth.failure(label);
	const where = `${target.host} port ${target.port}`;
	switch (error.code) {
		case 'ECONNREFUSED':
			return new SshError(`cannot connect to ${where}: connection refused (is SSH enabled on the host?)`, 'unreachable');
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return new SshError(`cannot resolve host name "${target.host}"`, 'unreachable');
		case 'ETIMEDOUT':
			return new SshError(`cannot connect to ${where}: timed out`, 'unreachable');
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return new SshError(`cannot connect to ${where}: host unreachable`, 'unreachable');
		case 'ECONNRESET':
		case 'EPIPE':
			return new SshError(`${label}: connection reset by the host`, 'unreachable');
	}
	return new SshError(`${label}: ${error.message}`, 'unreachable');
}
