import {render, useStdin, useStdout} from 'ink';
import {constants} from 'node:os';
import React, {type ReactElement, type ReactNode, useEffect} from 'react';

const enterAlternateScreen = '\u001B[?1049h\u001B[H\u001B[2J';
const leaveAlternateScreen = '\u001B[?1049l';
const showCursor = '\u001B[?25h';
const hideCursor = '\u001B[?25l';

/** Signals that end the screen: the terminal is restored and the exit code is 128 + n. */
const quitSignals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

/**
 * Runs an Ink screen on the alternate screen until it exits or a signal ends it. Whatever ends
 * it (q, Ctrl-C, kill -INT/-TERM/-HUP/-QUIT), Ink is unmounted first, which leaves raw mode and
 * shows the cursor, then the alternate screen is left. Ctrl-Z (or kill -TSTP) restores the
 * terminal before stopping; `fg` (SIGCONT) takes it again and repaints.
 * Resolves with the signal that ended it, or null.
 */
export async function runFullScreen(element: ReactElement, keyboard: NodeJS.ReadStream, exitOnCtrlC: boolean): Promise<NodeJS.Signals | null> {
	process.stdout.write(enterAlternateScreen);
	const instance = render(<Suspendable keyboard={keyboard}>{element}</Suspendable>, {stdin: keyboard, exitOnCtrlC, patchConsole: false, maxFps: 20});
	let ended: NodeJS.Signals | null = null;
	const handlers = quitSignals.map((signal) => {
		const handler = () => {
			ended ??= signal;
			instance.unmount();
		};
		process.on(signal, handler);
		return () => process.off(signal, handler);
	});
	try {
		await instance.waitUntilExit();
	} finally {
		for (const off of handlers) off();
		process.stdout.write(`${leaveAlternateScreen}${showCursor}`);
	}
	return ended;
}

/** 128 + the signal's number, as shells report a program a signal ended. */
export function signalExitCode(signal: NodeJS.Signals): number {
	return 128 + (constants.signals[signal] ?? 0);
}

/**
 * After a signal the screen is gone and the feed closed: exit with 128 + n, even if a handle
 * (a socket being torn down) would keep the process a moment longer.
 */
export function exitAfterSignal(signal: NodeJS.Signals): void {
	process.exitCode = signalExitCode(signal);
	setTimeout(() => process.exit(signalExitCode(signal)), 2000).unref();
}

/**
 * Job control for a raw-mode screen. In raw mode the terminal sends Ctrl-Z as a byte instead
 * of stopping the process, so the screen stops itself: raw mode off, the cursor shown, the
 * alternate screen left, then SIGSTOP (the shell says "Stopped" and `fg` works). On SIGCONT it
 * takes the terminal again and has Ink write its whole last frame.
 */
function Suspendable({keyboard, children}: {keyboard: NodeJS.ReadStream; children: ReactNode}) {
	const {internal_eventEmitter: events} = useStdin();
	const {write} = useStdout();
	useEffect(() => {
		let suspended = false;
		const suspend = () => {
			if (suspended) return;
			suspended = true;
			if (keyboard.isTTY) keyboard.setRawMode(false);
			process.stdout.write(`${leaveAlternateScreen}${showCursor}`);
			process.kill(process.pid, 'SIGSTOP');
			// kill() returns once the process is continued (fg sends SIGCONT). Take the terminal back
			// now: the SIGCONT handler comes later, after timers, and a frame Ink had pending from
			// before the stop would be drawn on the shell's screen (it stays there after quitting).
			resume();
		};
		const resume = () => {
			if (!suspended) return;
			suspended = false;
			// Ink believes the cursor is still hidden, so it would not hide it again.
			process.stdout.write(`${enterAlternateScreen}${hideCursor}`);
			if (keyboard.isTTY) keyboard.setRawMode(true);
			// Ink's write() clears its frame, writes the text and then the whole last frame again.
			write('');
		};
		const onInput = (data: string) => {
			if (data.includes('\u001A')) suspend();
		};
		events?.on('input', onInput);
		process.on('SIGTSTP', suspend);
		process.on('SIGCONT', resume);
		return () => {
			events?.off('input', onInput);
			process.off('SIGTSTP', suspend);
			process.off('SIGCONT', resume);
		};
	}, [events, keyboard, write]);
	return <>{children}</>;
}
