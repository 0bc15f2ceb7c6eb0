import {closeSync, constants, fstatSync, openSync, readSync} from 'node:fs';
import ssh2, {type AnyAuthMethod, type AuthHandlerMiddleware, type AuthenticationType, type KeyboardInteractiveCallback, type ParsedKey, type Prompt} from 'ssh2';
import type {Prompter} from './prompt.js';
import {SshError} from './ssh-error.js';

const {utils} = ssh2;

export interface AuthOptions {
	user: string;
	/** `SSH_AUTH_SOCK`, when an agent runs. */
	agentSocket: string | null;
	/** Private key files in the order to try: `-i`, `IdentityFile`, then the defaults that exist. */
	identityFiles: string[];
	/** A password given by the environment (`--password-env`); never prompted for then. */
	password: string | null;
	prompter: Prompter | null;
	/** Shortens paths in messages (`~/.ssh/id_ed25519`). */
	home: string;
	/** `user@host` for the password prompt. */
	label: string;
}

type Pause = <T>(work: () => Promise<T>) => Promise<T>;

/** The next method to offer the server; `keyboard-interactive` and `password` may repeat. */
type Step = {kind: 'agent'} | {kind: 'key'; path: string} | {kind: 'keyboard-interactive'} | {kind: 'password'};

/** Tries per method while asking a person, as OpenSSH's NumberOfPasswordPrompts. */
const promptedTries = 3;

/**
 * Authentication in OpenSSH's order: agent, identity files, keyboard-interactive, password.
 * Everything typed (passphrases, the password) is kept in memory for the session only, so
 * reconnects run unattended: after the first login `settle()` stops all prompting.
 */
export class Authenticator {
	private prompter: Prompter | null;
	private readonly keys = new Map<string, ParsedKey | null>();
	private secret: string | null;
	private secretWasTyped = false;
	private tried: string[] = [];
	private offered: AuthenticationType[] = [];
	private skippedForNoTerminal = false;
	private cancelled: SshError | null = null;
	private pause: Pause = (work) => work();

	constructor(private readonly options: AuthOptions) {
		this.prompter = options.prompter;
		this.secret = options.password;
	}

	/**
	 * A fresh handler for one connection attempt; `pause` wraps time spent waiting for a
	 * person, so the connection's timeout does not run meanwhile.
	 */
	handler(pause: Pause = (work) => work()): AuthHandlerMiddleware {
		this.pause = pause;
		const steps: Step[] = [
			...(this.options.agentSocket ? [{kind: 'agent'} as const] : []),
			...this.options.identityFiles.map((path) => ({kind: 'key', path}) as const),
			{kind: 'keyboard-interactive'},
			{kind: 'password'},
		];
		const tries = {'keyboard-interactive': 0, password: 0};
		let last: Step['kind'] | null = null;
		this.tried = [];
		this.skippedForNoTerminal = false;
		this.cancelled = null;
		return (methodsLeft, _partial, nextMethod) => {
			// ssh2 takes `false` for "no more methods"; its types do not say so.
			const next = nextMethod as (method: AnyAuthMethod | false) => void;
			if (methodsLeft === null) {
				next({type: 'none', username: this.options.user}); // learns which methods the host offers
				return;
			}
			this.offered = methodsLeft;
			if (this.cancelled) return next(false); // Ctrl-C at a prompt: ask nothing more
			// A typed password that was just refused is asked for again, not reused.
			if ((last === 'keyboard-interactive' || last === 'password') && this.secretWasTyped) this.secret = null;
			this.nextMethod(steps, tries, methodsLeft).then(
				(method) => {
					last = method === false ? null : method.type === 'keyboard-interactive' || method.type === 'password' ? method.type : 'key';
					next(method);
				},
				(error: unknown) => {
					this.cancelled = error instanceof SshError ? error : new SshError(String(error), 'auth');
					next(false);
				},
			);
		};
	}

	/** The first login worked: from now on nobody is asked anything. */
	settle(): void {
		this.prompter = null;
	}

	/** The error to report when the host refused every method offered. */
	failure(label: string): SshError {
		if (this.cancelled) return this.cancelled;
		const tried = this.tried.length > 0 ? `tried ${this.tried.join(', ')}` : 'no method could be tried';
		const hint = this.skippedForNoTerminal ? '; no terminal to ask for a password: use --password-env VAR' : '';
		return new SshError(`${label}: authentication refused (${tried}; the host accepts ${this.offered.join(', ') || 'nothing'})${hint}`, 'auth');
	}

	private async nextMethod(steps: Step[], tries: Record<'keyboard-interactive' | 'password', number>, methodsLeft: AuthenticationType[]): Promise<AnyAuthMethod | false> {
		const username = this.options.user;
		const limit = () => (this.secret !== null && !this.secretWasTyped ? 1 : promptedTries);
		while (steps.length > 0) {
			const step = steps[0]!;
			if (step.kind === 'keyboard-interactive' || step.kind === 'password') {
				if (!methodsLeft.includes(step.kind) || tries[step.kind] >= limit()) {
					steps.shift();
					continue;
				}
				if (this.secret === null && !this.prompter) {
					this.skippedForNoTerminal = true;
					steps.shift();
					continue;
				}
				tries[step.kind]++;
				this.note(step.kind);
				if (step.kind === 'keyboard-interactive') return {type: 'keyboard-interactive', username, prompt: (...args) => void this.answerPrompts(...args)};
				return {type: 'password', username, password: await this.password(`${this.options.label}'s password: `)};
			}
			steps.shift();
			if (!methodsLeft.includes('publickey')) continue;
			if (step.kind === 'agent') {
				this.note('publickey (ssh-agent)');
				return {type: 'agent', username, agent: this.options.agentSocket!};
			}
			const key = await this.loadKey(step.path);
			if (!key) continue;
			this.note(`publickey (${this.shortPath(step.path)})`);
			return {type: 'publickey', username, key};
		}
		return false;
	}

	/** Keyboard-interactive: hidden prompts get the password; others are asked as they come. */
	private async answerPrompts(name: string, instructions: string, _lang: string, prompts: Prompt[], finish: KeyboardInteractiveCallback): Promise<void> {
		try {
			if (this.prompter && (name || instructions)) this.prompter.say([name, instructions].filter(Boolean).join('\n'));
			const answers: string[] = [];
			for (const prompt of prompts) {
				if (!prompt.echo) answers.push(await this.password(prompt.prompt));
				else answers.push(await this.ask(prompt.prompt, true));
			}
			finish(answers);
		} catch (error) {
			this.cancelled = error instanceof SshError ? error : new SshError(String(error), 'auth');
			finish([]);
		}
	}

	private async password(question: string): Promise<string> {
		if (this.secret !== null) return this.secret;
		if (!this.prompter) return '';
		this.secret = await this.ask(question, false);
		this.secretWasTyped = true;
		return this.secret;
	}

	/** The parsed key, asking for its passphrase when it is encrypted (null: skip this file). */
	private async loadKey(path: string): Promise<ParsedKey | null> {
		if (this.keys.has(path)) return this.keys.get(path)!;
		const data = readKeyFile(path, this.shortPath(path));
		if (!data) {
			this.keys.set(path, null);
			return null;
		}
		let key = parsePrivateKey(data);
		for (let attempt = 0; key === 'encrypted' && this.prompter && attempt < promptedTries; attempt++) {
			const passphrase = await this.ask(`Enter passphrase for key '${this.shortPath(path)}': `, false);
			if (passphrase === '') break; // an empty answer skips the key, as in ssh
			key = parsePrivateKey(data, passphrase);
		}
		const usable = key === 'encrypted' || key === null ? null : key;
		this.keys.set(path, usable);
		return usable;
	}

	/** Asks a person (an empty answer when nobody can be asked). */
	private ask(question: string, echo: boolean): Promise<string> {
		const prompter = this.prompter;
		if (!prompter) return Promise.resolve('');
		return this.pause(() => prompter.ask(question, {echo}));
	}

	private note(method: string): void {
		if (!this.tried.includes(method)) this.tried.push(method);
	}

	private shortPath(path: string): string {
		return path.startsWith(`${this.options.home}/`) ? `~${path.slice(this.options.home.length)}` : path;
	}
}

/** A private key file is a few kB; an RSA-16384 one in PEM is under 13 kB. */
export const keyFileLimit = 64 * 1024;

/**
 * A key file's bytes, read with a bound: `IdentityFile /dev/zero` (or a FIFO, or a huge file)
 * must not read forever. Null when it cannot be opened (a default key that is not there).
 */
export function readKeyFile(path: string, shown = path): Buffer | null {
	let fd: number;
	try {
		// Non-blocking: opening a FIFO for reading would otherwise wait for a writer.
		fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
	} catch {
		return null;
	}
	try {
		if (!fstatSync(fd).isFile()) throw new SshError(`identity file ${shown}: not a key file (not a regular file)`, 'auth');
		const into = Buffer.alloc(keyFileLimit + 1);
		let length = 0;
		for (let n = 1; n > 0 && length < into.length; length += n) n = readSync(fd, into, length, into.length - length, null);
		if (length > keyFileLimit) throw new SshError(`identity file ${shown}: not a key file (over ${keyFileLimit / 1024} kB; a key is a few kB)`, 'auth');
		return into.subarray(0, length);
	} catch (error) {
		if (error instanceof SshError) throw error;
		return null;
	} finally {
		closeSync(fd);
	}
}

/** A private key, 'encrypted' when it needs a (different) passphrase, null when it is no key. */
function parsePrivateKey(data: Buffer, passphrase?: string): ParsedKey | 'encrypted' | null {
	const parsed = utils.parseKey(data, passphrase);
	if (parsed instanceof Error) return /passphrase|encrypted|decrypt|bad/i.test(parsed.message) ? 'encrypted' : null;
	const key = Array.isArray(parsed) ? parsed[0] : parsed;
	return key && key.isPrivateKey() ? key : null;
}
