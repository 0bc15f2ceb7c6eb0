import {execFileSync} from 'node:child_process';
import {waitFor} from './cli.js';

/** For `test(name, {skip: skipWithoutTmux()}, …)`; CI installs tmux (.ci/run). */
export function skipWithoutTmux(): false | string {
	try {
		execFileSync('tmux', ['-V']);
		return false;
	} catch {
		return 'needs tmux (apt-get install tmux; .ci/run does it)';
	}
}

/**
 * A command in a terminal of its own, driven as a person would: a tmux server on a private
 * socket, keys typed with send-keys, the screen read with capture-pane. kill() ends it all.
 */
export class Terminal {
	private readonly socket = `esxlat-live-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

	constructor(command: string, cwd: string) {
		// The shell keeps the pane (and the exit status) after the command ends.
		this.tmux('new-session', '-d', '-s', 't', '-x', '160', '-y', '40', '-c', cwd, `${command}; echo "[exit $?]"; sleep 600`);
	}

	screen(): string {
		return this.tmux('capture-pane', '-p', '-t', 't');
	}

	type(text: string): void {
		this.tmux('send-keys', '-t', 't', '-l', text);
	}

	enter(): void {
		this.key('Enter');
	}

	/** A named key: `Enter`, `C-c`, … */
	key(name: string): void {
		this.tmux('send-keys', '-t', 't', name);
	}

	/** The screen once it matches `pattern`. */
	waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
		return waitFor(() => {
			const screen = this.screen();
			return pattern.test(screen) ? screen : undefined;
		}, () => `${pattern} on the screen:\n${this.screen()}`, timeoutMs);
	}

	kill(): void {
		try {
			this.tmux('kill-server');
		} catch {
			// already gone
		}
	}

	private tmux(...args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, ...args], {encoding: 'utf8'});
	}
}
