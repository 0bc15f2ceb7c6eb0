import {openSync} from 'node:fs';
import {basename} from 'node:path';
import {ReadStream} from 'node:tty';
import {fileURLToPath} from 'node:url';
import {CaptureIndex} from '../model/capture-index.js';
import {ReplayFeed} from '../model/replay-feed.js';
import type {Thresholds} from '../model/thresholds.js';
import type {ViewName} from '../parse/storage-views.js';
import {type ScreenOptions, showScreen} from './screen.js';
import {tightenReplayHeap} from './heap-settings.js';
import {UsageError} from './usage-error.js';

/** The bundled demo recording (`npm run demo:recording` regenerates it). */
export function demoRecordingPath(): string {
	return fileURLToPath(new URL('../../recordings/demo.csv.gz', import.meta.url));
}

/** `esxlat replay FILE` on a terminal: the monitor screen over a ReplayFeed. */
export async function monitor(path: string, views: ReadonlySet<ViewName>, thresholds: Thresholds, sourceName?: string, screen: ScreenOptions = {}): Promise<void> {
	if (!process.stdout.isTTY) {
		throw new UsageError('the monitor screen needs a terminal: use --json to write samples to a pipe or a file');
	}
	tightenReplayHeap();
	const keyboard = keyboardInput(path);
	const index = await CaptureIndex.open(path, views, path === '-' ? 'stdin' : path).catch((error: unknown) => {
		keyboard.close();
		throw error;
	});
	const feed = new ReplayFeed(index, {source: sourceName ?? (path === '-' ? 'stdin' : basename(path))});
	try {
		await showScreen(feed, thresholds, keyboard.stream, screen);
	} finally {
		keyboard.close();
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
