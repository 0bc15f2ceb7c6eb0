import React from 'react';
import type {Feed} from '../model/feed.js';
import type {Thresholds} from '../model/thresholds.js';
import {App, type AppProps} from '../view/App.js';
import {exitAfterSignal, runFullScreen} from './full-screen.js';

/** What the screen takes from the config file and the flags: the saved layout, where it lives, W, and `--min-io`. */
export type ScreenOptions = Pick<AppProps, 'settings' | 'configPath' | 'saveLayout' | 'triage'>;

/**
 * Runs the monitor screen over a feed until the user quits. Uses the alternate screen, so
 * quitting (q, Ctrl-C, any quit signal) leaves the terminal as it was; the feed is closed last.
 */
export async function showScreen(feed: Feed, thresholds: Thresholds, keyboard: NodeJS.ReadStream = process.stdin, options: ScreenOptions = {}): Promise<void> {
	let interrupted = false;
	const onQuit = (how: 'quit' | 'interrupt') => {
		interrupted = how === 'interrupt';
	};
	// Ctrl-C is a key in raw mode: the App takes it (so a prompt or the help cannot swallow it) and quits.
	let signal: NodeJS.Signals | null = null;
	try {
		signal = await runFullScreen(<App feed={feed} thresholds={thresholds} onQuit={onQuit} {...options} />, keyboard, false);
	} finally {
		await feed.close();
	}
	if (signal) exitAfterSignal(signal);
	// As shells expect of a program ended by Ctrl-C (128 + SIGINT).
	else if (interrupted) process.exitCode = 130;
}
