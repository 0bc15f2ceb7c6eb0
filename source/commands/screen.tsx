import {render} from 'ink';
import React from 'react';
import type {Feed} from '../model/feed.js';
import type {Thresholds} from '../model/thresholds.js';
import {App, type AppProps} from '../view/App.js';

/** What the screen takes from the config file and the flags: the saved layout, where it lives, W, and `--min-io`. */
export type ScreenOptions = Pick<AppProps, 'settings' | 'configPath' | 'saveLayout' | 'triage'>;

const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?1049l';

/**
 * Runs the monitor screen over a feed until the user quits. Uses the alternate screen, so
 * quitting (q, Ctrl-C, SIGTERM, SIGHUP) leaves the terminal as it was; the feed is closed last.
 */
export async function showScreen(feed: Feed, thresholds: Thresholds, keyboard: NodeJS.ReadStream = process.stdin, options: ScreenOptions = {}): Promise<void> {
	process.stdout.write(enterAlternateScreen);
	let interrupted = false;
	const onQuit = (how: 'quit' | 'interrupt') => {
		interrupted = how === 'interrupt';
	};
	// Ctrl-C is a key in raw mode: the App takes it (so a prompt or the help cannot swallow it) and quits.
	const instance = render(<App feed={feed} thresholds={thresholds} onQuit={onQuit} {...options} />, {stdin: keyboard, exitOnCtrlC: false, patchConsole: false, maxFps: 20});
	const quit = () => instance.unmount();
	process.once('SIGTERM', quit);
	process.once('SIGHUP', quit);
	try {
		await instance.waitUntilExit();
	} finally {
		process.off('SIGTERM', quit);
		process.off('SIGHUP', quit);
		process.stdout.write(leaveAlternateScreen);
		await feed.close();
	}
	// As shells expect of a program ended by Ctrl-C (128 + SIGINT).
	if (interrupted) process.exitCode = 130;
}
