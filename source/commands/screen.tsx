import {render} from 'ink';
import React from 'react';
import type {Feed} from '../model/feed.js';
import type {Thresholds} from '../model/thresholds.js';
import type {TriageOptions} from '../triage/options.js';
import {App} from '../view/App.js';

const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?1049l';

/**
 * Runs the monitor screen over a feed until the user quits. Uses the alternate screen, so
 * quitting (q, Ctrl-C, SIGTERM, SIGHUP) leaves the terminal as it was; the feed is closed last.
 */
export async function showScreen(feed: Feed, thresholds: Thresholds, keyboard: NodeJS.ReadStream = process.stdin, triage?: TriageOptions): Promise<void> {
	process.stdout.write(enterAlternateScreen);
	const instance = render(<App feed={feed} thresholds={thresholds} {...(triage ? {triage} : {})} />, {stdin: keyboard, exitOnCtrlC: true, patchConsole: false, maxFps: 20});
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
}
