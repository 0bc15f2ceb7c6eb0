import type {Prompter} from '../input/ssh/prompt.js';
import {SshError} from '../input/ssh/ssh-error.js';

/**
 * One terminal, many hosts logging in at once: questions (host keys, passwords, passphrases)
 * are asked host by host. A host takes the terminal at its first question and keeps it until
 * its login has settled, so its questions are never interleaved with another host's. After a
 * typed password worked, the queue offers it for the hosts still to log in; it stays in memory.
 * Once the screen has taken the terminal (`close()`), a question fails its host with a reason.
 */
export class PromptQueue {
	private holder: HostPrompts | null = null;
	private readonly waiting: Array<() => void> = [];
	private shared: string | null = null;
	private closed = false;
	private readonly unsettled = new Set<HostPrompts>();

	constructor(private readonly base: Prompter | null) {}

	/** The prompter of one host (null when there is no terminal: nothing can be asked). */
	forHost(label: string): HostPrompts {
		const host = new HostPrompts(this, label);
		this.unsettled.add(host);
		return host;
	}

	/** The screen took the terminal: nobody is asked anything any more. */
	close(): void {
		this.closed = true;
	}

	/** True while a host is asking its questions. */
	get busy(): boolean {
		return this.holder !== null;
	}

	/** @internal */
	get terminal(): Prompter | null {
		return this.base;
	}

	/** @internal Waits for the terminal; throws once the screen has it. */
	async acquire(host: HostPrompts): Promise<void> {
		while (this.holder !== null && this.holder !== host) await new Promise<void>((resolve) => this.waiting.push(resolve));
		if (this.closed) throw new SshError(`${host.label}: it asked a question after the screen started (connect once with esxlat live ${host.label} to answer it)`, 'cancelled');
		this.holder = host;
	}

	/** @internal */
	holds(host: HostPrompts): boolean {
		return this.holder === host;
	}

	/** @internal */
	sharedPassword(): string | null {
		return this.shared;
	}

	/** @internal The host's login settled: offer its password to the others, then free the terminal. */
	async settled(host: HostPrompts, ok: boolean, typed: string | null): Promise<void> {
		this.unsettled.delete(host);
		if (this.holder !== host) return;
		const others = this.unsettled.size;
		if (ok && typed !== null && this.shared === null && others > 0 && !this.closed) {
			try {
				const answer = await this.base!.ask(`use the same password for the other ${others} ${others === 1 ? 'host' : 'hosts'}? [y/N] `, {echo: true});
				if (/^y(es)?$/i.test(answer.trim())) this.shared = typed;
			} catch {
				// Ctrl-C here: no sharing; each host asks for itself
			}
		}
		this.holder = null;
		this.waiting.splice(0).forEach((wake) => wake());
	}
}

/** One host's questions, through the queue. */
export class HostPrompts {
	private typed: string | null = null;
	private usedShared = false;
	private pending: string[] = [];
	private done = false;
	private announced = false;

	constructor(
		private readonly queue: PromptQueue,
		readonly label: string,
	) {}

	/** What the host's Authenticator and HostKeyVerifier ask through; null without a terminal. */
	get prompter(): Prompter | null {
		if (!this.queue.terminal) return null;
		return {
			ask: (question, options) => this.ask(question, options),
			say: (text) => {
				// say() cannot wait: text for a host not yet holding the terminal is shown when it does.
				if (this.queue.holds(this)) this.show(text);
				else this.pending.push(text);
			},
		};
	}

	/** The login (first connection) ended, with or without success. */
	async loginSettled(ok: boolean): Promise<void> {
		if (this.done) return;
		this.done = true;
		const typed = this.typed;
		this.typed = null;
		await this.queue.settled(this, ok, typed);
	}

	/** The host's name once, above its first question. */
	private announce(): void {
		if (this.announced) return;
		this.announced = true;
		this.queue.terminal!.say(`── ${this.label}`);
	}

	private show(text: string): void {
		this.announce();
		this.queue.terminal!.say(text);
	}

	private async ask(question: string, options: {echo: boolean}): Promise<string> {
		await this.queue.acquire(this);
		const secret = !options.echo && !/passphrase/i.test(question);
		const shared = this.queue.sharedPassword();
		if (secret && shared !== null && !this.usedShared) {
			this.usedShared = true; // once: a refused shared password is then asked for
			return shared;
		}
		for (const text of this.pending.splice(0)) this.show(text);
		this.announce();
		const answer = await this.queue.terminal!.ask(question, options);
		if (secret) this.typed = answer;
		return answer;
	}
}
