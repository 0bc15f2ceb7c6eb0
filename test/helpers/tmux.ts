import {execFileSync} from 'node:child_process';
import {rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/**
 * The built CLI in a real terminal: a tmux server on a private socket (never the user's), one
 * session of a given size. `screen()` is what a person would see; `-e` keeps the colours.
 */
export class TmuxSession {
	// An explicit socket path: tmux 3.3 leaves the socket file behind after kill-server.
	private readonly socket = join(tmpdir(), `esxlat-tmux-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);

	private readonly config: string;

	/** `config`: tmux commands run before the session starts (`set -g set-clipboard on`). */
	constructor(command: string, columns: number, rows: number, config: string[] = []) {
		this.config = config.length > 0 ? `${this.socket}.conf` : '/dev/null';
		if (config.length > 0) writeFileSync(this.config, `${config.join('\n')}\n`);
		// The shell prints the exit code after the program, so a clean exit can be asserted on.
		this.tmux('new-session', '-d', '-s', 'main', '-x', String(columns), '-y', String(rows), `${command}; echo "EXIT=$?"; sleep 60`);
	}

	private tmux(...args: string[]): string {
		return execFileSync('tmux', ['-S', this.socket, '-f', this.config, ...args], {encoding: 'utf8'});
	}

	send(...keys: string[]): void {
		this.tmux('send-keys', '-t', 'main', ...keys);
	}

	/** Literal text, not key names. */
	type(text: string): void {
		this.tmux('send-keys', '-t', 'main', '-l', text);
	}

	/** Resizes the terminal, as a user dragging the window does (the program gets SIGWINCH). */
	resize(columns: number, rows: number): void {
		this.tmux('resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows));
	}

	/** The pane's title (OSC 0 and 2 set it). */
	title(): string {
		return this.tmux('display-message', '-p', '-t', 'main', '#{pane_title}').trimEnd();
	}

	/** tmux's paste buffers (OSC 52 writes one when set-clipboard is on). */
	buffers(): string {
		return this.tmux('list-buffers');
	}

	/** A tmux format string expanded for the pane (`#{alternate_on}`, `#{pane_tty}`). */
	format(text: string): string {
		return this.tmux('display-message', '-p', '-t', 'main', text).trimEnd();
	}

	/** The pid of the pane's shell. */
	panePid(): number {
		return Number(this.tmux('display-message', '-p', '-t', 'main', '#{pane_pid}').trim());
	}

	screen(colours = false): string {
		return this.tmux('capture-pane', '-p', ...(colours ? ['-e'] : []), '-t', 'main');
	}

	/**
	 * Polls the screen until `check` holds and returns that screen. A frame reaches tmux in
	 * pieces (the program erases, then writes top to bottom), so a screen that matched on its
	 * title may not have its lower part yet: to assert on a part of the screen, make `check`
	 * hold for that part too (or for the frame's last line). 30 s: a loaded CI machine is slow.
	 */
	async waitFor(check: string | RegExp | ((screen: string) => boolean), what = String(check), colours = false): Promise<string> {
		const test = typeof check === 'function' ? check : (text: string) => (typeof check === 'string' ? text.includes(check) : check.test(text));
		const deadline = Date.now() + 30_000;
		for (;;) {
			const text = this.screen(colours);
			if (test(text)) return text;
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${text}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	kill(): void {
		try {
			this.tmux('kill-server');
		} catch {
			// already gone
		}
		rmSync(this.socket, {force: true});
		if (this.config !== '/dev/null') rmSync(this.config, {force: true});
	}
}

export function hasTmux(): boolean {
	try {
		execFileSync('tmux', ['-V']);
		return true;
	} catch {
		return false;
	}
}
