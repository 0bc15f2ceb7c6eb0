import type {Client, ClientChannel} from 'ssh2';
import {closeClient} from './connect.js';
import {SshError} from './ssh-error.js';

export interface EsxtopCommand {
	/** Seconds between samples (esxtop -d; esxtop itself takes 2 or more). */
	interval: number;
	/** esxtop -a: every counter. */
	all: boolean;
	/** esxtop -n: samples before esxtop ends by itself; null runs until closed. */
	count: number | null;
}

export function esxtopCommandLine(command: EsxtopCommand): string {
	const parts = ['esxtop', '-b', '-d', String(command.interval)];
	if (command.all) parts.push('-a');
	if (command.count !== null) parts.push('-n', String(command.count));
	return parts.join(' ');
}

/** How a remote esxtop stopped sending. */
export type StreamEnd =
	| {kind: 'exit'; code: number | null; signal: string | null; stderr: string}
	| {kind: 'dropped'; reason: string};

/** A running remote esxtop: its stdout goes to `onData` as it arrives. */
export interface EsxtopStream {
	/** Settles once, when esxtop exited (all its output delivered) or the connection dropped. */
	readonly ended: Promise<StreamEnd>;
	/** Stops esxtop (signal, channel close) and closes the connection. Idempotent. */
	close(): void;
}

/** Keeps the start of esxtop's stderr for messages; more is noise. */
const stderrLimit = 4096;

/** Runs esxtop on a logged-in client. Rejects when the host refuses to run a command. */
export function startEsxtop(client: Client, command: EsxtopCommand, onData: (chunk: Buffer) => void): Promise<EsxtopStream> {
	return new Promise((resolve, reject) => {
		client.exec(esxtopCommandLine(command), (error, channel) => {
			if (error) {
				closeClient(client);
				reject(new SshError(`the host refused to run esxtop: ${error.message}`, 'remote'));
				return;
			}
			resolve(watch(client, channel, onData));
		});
	});
}

function watch(client: Client, channel: ClientChannel, onData: (chunk: Buffer) => void): EsxtopStream {
	let stderr = '';
	let exit: {code: number | null; signal: string | null} | null = null;
	let closed = false;
	let finish!: (end: StreamEnd) => void;
	const ended = new Promise<StreamEnd>((resolve) => {
		finish = (end) => {
			if (closed) return;
			closed = true;
			resolve(end);
			closeClient(client);
		};
	});
	channel.on('data', onData);
	channel.stderr.on('data', (chunk: Buffer) => {
		if (stderr.length < stderrLimit) stderr += chunk.toString('utf8');
	});
	channel.on('exit', (code: number | null, signal?: string) => {
		exit = {code, signal: signal ?? null};
	});
	channel.on('close', () => finish(exit ? {kind: 'exit', ...exit, stderr: stderr.trim()} : {kind: 'dropped', reason: 'the channel closed without an exit status'}));
	client.on('error', (error: Error) => finish({kind: 'dropped', reason: error.message}));
	client.on('close', () => finish({kind: 'dropped', reason: 'connection lost'}));
	return {
		ended,
		close() {
			if (closed) return;
			try {
				channel.signal('TERM'); // OpenSSH ≥ 7.9 passes it on; the close below ends esxtop anyway
			} catch {}
			channel.close();
			finish({kind: 'dropped', reason: 'closed by esxlat'});
		},
	};
}

/**
 * Why esxtop ended before it sent a header, as one line: not installed ("is this an ESXi
 * host?"), or its own complaint.
 */
export function describeEarlyExit(end: StreamEnd & {kind: 'exit'}, label: string): SshError {
	const firstLine = end.stderr.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
	if (end.code === 127 || /esxtop: (command )?not found|esxtop: No such file/i.test(end.stderr)) {
		return new SshError(`${label}: esxtop was not found on the host: is this an ESXi host?`, 'remote');
	}
	const status = end.code !== null ? `exit status ${end.code}` : `signal ${end.signal ?? 'unknown'}`;
	return new SshError(`${label}: esxtop ended before sending its header (${status})${firstLine ? `: ${firstLine}` : ''}`, 'remote');
}
