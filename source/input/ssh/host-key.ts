import {createHash} from 'node:crypto';
import {appendFileSync, mkdirSync, readFileSync} from 'node:fs';
import {dirname} from 'node:path';
import {checkHostKey, knownHostName, knownHostsLine, knownKeyTypes, parseKnownHosts, type KnownHostEntry} from './known-hosts.js';
import type {Prompter} from './prompt.js';
import {SshError} from './ssh-error.js';

export interface HostKeyPolicy {
	knownHostsPath: string;
	/** Trust and file a key never seen before without asking (OpenSSH's accept-new). */
	acceptNew: boolean;
	/** Asks the user; null when there is no terminal to ask on. */
	prompter: Prompter | null;
	/** For notes such as "added to known_hosts". */
	notice: (text: string) => void;
}

/** The SHA256 fingerprint `ssh-keygen -l` shows: base64 of the key's digest, no padding. */
export function fingerprint(rawKey: Buffer): string {
	return `SHA256:${createHash('sha256').update(rawKey).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH wire-format key (`ssh-ed25519`, `ecdsa-sha2-nistp256`, …). */
export function wireKeyType(rawKey: Buffer): string {
	if (rawKey.length < 4) return 'unknown';
	const length = rawKey.readUInt32BE(0);
	return rawKey.subarray(4, 4 + length).toString('latin1');
}

/** `ED25519`, `ECDSA`, `RSA`: how OpenSSH names key types in its questions. */
function shortType(keyType: string): string {
	if (keyType === 'ssh-ed25519') return 'ED25519';
	if (keyType.startsWith('ecdsa-')) return 'ECDSA';
	if (keyType === 'ssh-rsa') return 'RSA';
	return keyType;
}

/** Key types ssh2 can verify (anything else in known_hosts is no reason to reorder). */
const supportedHostKeyTypes = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'];

/** Host key algorithms to prefer, so a host offers a key of a type that is on file. */
export function preferredHostKeyAlgorithms(knownHostsPath: string, host: string, port: number): string[] {
	const types = knownKeyTypes(readEntries(knownHostsPath), knownHostName(host, port));
	return types.flatMap((type) => (type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : supportedHostKeyTypes.includes(type) ? [type] : []));
}

/**
 * Checks host keys against known_hosts for one target over a session's life. A key accepted
 * once stays pinned, so a reconnect to a host whose key changed mid-session is refused even
 * if known_hosts could not be written.
 */
export class HostKeyVerifier {
	private pinned: Buffer | null = null;

	constructor(
		private readonly policy: HostKeyPolicy,
		private readonly host: string,
		private readonly port: number,
	) {}

	/** Resolves when the key is trusted; throws SshError('host-key') otherwise. */
	async verify(rawKey: Buffer): Promise<void> {
		if (this.pinned) {
			if (this.pinned.equals(rawKey)) return;
			throw new SshError(`the host key of ${this.name} changed since this session connected (now ${shortType(wireKeyType(rawKey))} ${fingerprint(rawKey)}): refusing to reconnect`, 'host-key');
		}
		const keyType = wireKeyType(rawKey);
		const key = rawKey.toString('base64');
		const {knownHostsPath: path} = this.policy;
		const check = checkHostKey(readEntries(path), this.name, keyType, key);
		const described = `${shortType(keyType)} key ${fingerprint(rawKey)}`;
		switch (check.status) {
			case 'known':
				break;
			case 'revoked':
				throw new SshError(`the host key of ${this.name} (${described}) is marked @revoked in ${path}:${check.line}: refusing to connect`, 'host-key');
			case 'changed':
				throw new SshError(
					`the host key of ${this.name} has CHANGED (now ${described}) and does not match ${path}:${check.line}: refusing to connect. If the host was reinstalled, remove that line (ssh-keygen -R '${this.name}') and connect again`,
					'host-key',
				);
			case 'unknown':
				if (check.otherTypes.length > 0) {
					const lines = check.otherTypes.map((other) => `${path}:${other.line} (${shortType(other.keyType)})`).join(', ');
					throw new SshError(`${this.name} offered a ${described}, but known_hosts has another key type for it at ${lines}: refusing to connect. If the host was reinstalled, remove those lines (ssh-keygen -R '${this.name}')`, 'host-key');
				}
				await this.trustNewKey(described, knownHostsLine(this.name, keyType, key));
				break;
		}
		this.pinned = Buffer.from(rawKey);
	}

	private get name(): string {
		return knownHostName(this.host, this.port);
	}

	private async trustNewKey(described: string, line: string): Promise<void> {
		const {acceptNew, prompter, knownHostsPath, notice} = this.policy;
		if (!acceptNew) {
			if (!prompter) {
				throw new SshError(`the host key of ${this.name} is not known (${described}) and there is no terminal to ask: check the fingerprint, then run again with --accept-new or add the key to ${knownHostsPath}`, 'host-key');
			}
			prompter.say(`The authenticity of host '${this.name}' can't be established.\n${described.replace(' key ', ' key fingerprint is ')}.`);
			const fingerprintText = described.slice(described.indexOf('SHA256:'));
			let question = 'Are you sure you want to continue connecting (yes/no/[fingerprint])? ';
			for (;;) {
				const answer = (await prompter.ask(question, {echo: true})).trim();
				if (answer.toLowerCase() === 'yes' || answer === fingerprintText) break;
				if (answer.toLowerCase() === 'no') throw new SshError(`host key of ${this.name} not accepted`, 'host-key');
				question = "Please type 'yes', 'no' or the fingerprint: ";
			}
		}
		try {
			mkdirSync(dirname(knownHostsPath), {recursive: true, mode: 0o700});
			appendFileSync(knownHostsPath, endsWithNewline(knownHostsPath) ? line : `\n${line}`, {mode: 0o600});
			notice(`added ${this.name} (${described}) to ${knownHostsPath}`);
		} catch (error) {
			notice(`could not add ${this.name} to ${knownHostsPath} (${(error as Error).message}); trusting its key for this session only`);
		}
	}
}

function readEntries(path: string): KnownHostEntry[] {
	try {
		return parseKnownHosts(readFileSync(path, 'utf8'));
	} catch {
		return []; // no known_hosts yet
	}
}

function endsWithNewline(path: string): boolean {
	try {
		const text = readFileSync(path, 'utf8');
		return text.length === 0 || text.endsWith('\n');
	} catch {
		return true;
	}
}
