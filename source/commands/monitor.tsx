import {openSync} from 'node:fs';
import {basename} from 'node:path';
import {ReadStream} from 'node:tty';
import {fileURLToPath} from 'node:url';
import {render} from 'ink';
import React from 'react';
import {CaptureIndex} from '../model/capture-index.js';
import {ReplayFeed} from '../model/replay-feed.js';
import type {Thresholds} from '../model/thresholds.js';
import type {ViewName} from '../parse/storage-views.js';
import {App} from '../view/App.js';
import {UsageError} from './usage-error.js';

/** The bundled demo recording (`npm run demo:recording` regenerates it). */
export function demoRecordingPath(): string {
	return fileURLToPath(new URL('../../recordings/demo.csv.gz', import.meta.url));
}

const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?1049l';

/**
 * `esxlat replay FILE` on a terminal: the monitor screen over a ReplayFeed. Uses the alternate
 * screen, so quitting (q, Ctrl-C, SIGTERM) leaves the terminal as it was.
 */
export async function monitor(path: string, views: ReadonlySet<ViewName>, thresholds: Thresholds, sourceName?: string): Promise<void> {
	if (!process.stdout.isTTY) {
		throw new UsageError('the monitor screen needs a terminal: use --json to write samples to a pipe or a file');
	}
	const keyboard = keyboardInput(path);
	const index = await CaptureIndex.open(path, views, path === '-' ? 'stdin' : path).catch((error: unknown) => {
		keyboard.close();
		throw error;
	});
	const feed = new ReplayFeed(index, {source: sourceName ?? (path === '-' ? 'stdin' : basename(path))});
	process.stdout.write(enterAlternateScreen);
	const instance = render(<App feed={feed} thresholds={thresholds} />, {stdin: keyboard.stream, exitOnCtrlC: true, patchConsole: false, maxFps: 20});
	const quit = () => instance.unmount();
	process.once('SIGTERM', quit);
	process.once('SIGHUP', quit);
	try {
		await instance.waitUntilExit();
	} finally {
		process.off('SIGTERM', quit);
		process.off('SIGHUP', quit);
		process.stdout.write(leaveAlternateScreen);
		keyboard.close();
		await feed.close();
	}
}

/** Keys come from stdin, or from the terminal itself when stdin carries the capture (`replay -`). */
function keyboardInput(path: string): {stream: NodeJS.ReadStream; close(): void} {
	if (path !== '-' && process.stdin.isTTY) return {stream: process.stdin, close: () => {}};
	let tty: ReadStream;
	try {
		tty = new ReadStream(openSync('/dev/tty', 'r'));
	} catch {
		throw new UsageError('the monitor screen reads keys from a terminal, and there is none here: use --json');
	}
	return {stream: tty as unknown as NodeJS.ReadStream, close: () => tty.destroy()};
}
