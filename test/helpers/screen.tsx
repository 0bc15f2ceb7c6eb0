import React from 'react';
import {render} from 'ink-testing-library';
import {App, type AppProps} from '../../source/view/App.js';
import type {Feed} from '../../source/model/feed.js';
import {CaptureIndex} from '../../source/model/capture-index.js';
import {ReplayFeed, type Scheduler} from '../../source/model/replay-feed.js';
import {defaultThresholds, type Thresholds} from '../../source/model/thresholds.js';
import {viewNames} from '../../source/parse/storage-views.js';
import {themeFor} from '../../source/view/theme.js';

export const keys = {up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D', enter: '\r', escape: '\u001B', end: '\u001B[F', home: '\u001B[H'};

/** Timers that never fire: tests move playback with keys only. */
export const stillScheduler: Scheduler = {setTimeout: () => 0, clearTimeout: () => {}};

/** Polls until `check` holds (React commits and index reads are asynchronous). */
export async function until(check: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 3));
	}
}

export interface Screen {
	frame(): string;
	press(...inputs: string[]): Promise<void>;
	waitFor(text: string | RegExp | ((frame: string) => boolean)): Promise<void>;
	close(): Promise<void>;
	feed: ReplayFeed;
}

/** The App over a paused replay of `path`, at a fixed size. */
export interface ScreenOptions {
	columns?: number;
	rows?: number;
	thresholds?: Thresholds;
	noColor?: boolean;
	/** The environment the theme is chosen from (TERM=dumb). */
	env?: NodeJS.ProcessEnv;
	position?: number;
	/** Present the replay as a live feed (it gains followLive), for advice that depends on it. */
	live?: boolean;
	onQuit?: AppProps['onQuit'];
	settings?: AppProps['settings'];
	saveLayout?: AppProps['saveLayout'];
	configPath?: string;
}

/** The same feed with a live feed's followLive: the screen treats it as live. */
function asLive(feed: ReplayFeed): Feed {
	return {
		source: feed.source,
		get history() {
			return feed.history;
		},
		subscribe: (listener) => feed.subscribe(listener),
		snapshot: () => feed.snapshot(),
		togglePause: () => feed.togglePause(),
		step: (delta) => feed.step(delta),
		seek: (target) => feed.seek(target),
		followLive: () => feed.seek({kind: 'last'}),
		close: () => feed.close(),
	};
}

export async function openScreen(path: string, options: ScreenOptions = {}): Promise<Screen> {
	const index = await CaptureIndex.open(path, new Set(viewNames));
	await until(() => index.done, 'the index');
	const feed = new ReplayFeed(index, {paused: true, scheduler: stillScheduler, source: 'test.csv'});
	if (options.position !== undefined) {
		feed.seek({kind: 'sample', number: options.position + 1});
		await until(() => feed.snapshot().position?.index === options.position, `sample ${options.position}`);
	}
	const theme = themeFor(options.env ?? (options.noColor ? {NO_COLOR: '1'} : {}));
	const instance = render(
		<App
			feed={options.live ? asLive(feed) : feed}
			thresholds={options.thresholds ?? defaultThresholds}
			size={{columns: options.columns ?? 160, rows: options.rows ?? 40}}
			theme={theme}
			repaintMs={0}
			{...(options.onQuit ? {onQuit: options.onQuit} : {})}
			{...(options.settings ? {settings: options.settings} : {})}
			{...(options.saveLayout ? {saveLayout: options.saveLayout} : {})}
			{...(options.configPath ? {configPath: options.configPath} : {})}
		/>,
	);
	const frame = () => instance.lastFrame() ?? '';
	const screen: Screen = {
		feed,
		frame,
		async press(...inputs) {
			for (const input of inputs) {
				const before = frame();
				instance.stdin.write(input);
				// One tick for React to commit; most keys change the frame.
				await new Promise((resolve) => setTimeout(resolve, 10));
				if (frame() === before) await new Promise((resolve) => setTimeout(resolve, 20));
			}
		},
		async waitFor(text) {
			const check = typeof text === 'function' ? text : (now: string) => (typeof text === 'string' ? now.includes(text) : text.test(now));
			await until(() => check(frame()), `${text} on screen:\n${frame()}`);
		},
		async close() {
			instance.unmount();
			await feed.close();
		},
	};
	await screen.waitFor('DEVICE');
	return screen;
}

/** Plain text of a frame, colours removed. */
export function plain(frame: string): string {
	return frame.replace(/\u001B\[[0-9;]*m/g, '');
}

/** The table's data lines (between the header line and the hint pane's rule). */
export function tableLines(frame: string): string[] {
	const lines = plain(frame).split('\n');
	const header = lines.findIndex((line) => /^\s+(DEVICE|ADAPTER|PATH|VM DISK|NFS VOLUME)/.test(line));
	const rule = lines.findIndex((line, i) => i > header && line.startsWith('── '));
	return lines.slice(header + 1, rule).filter((line) => line.trim() !== '');
}

/** The text of one column in each table line, found by its header title's right edge. */
export function columnCells(frame: string, title: string, width: number): string[] {
	const lines = plain(frame).split('\n');
	const header = lines.find((line) => /^\s+(DEVICE|ADAPTER|PATH|VM DISK|NFS VOLUME)/.test(line))!;
	const match = new RegExp(`(^|\\s)${title.replace(/[/]/g, '\\/')}[▼▲]?(?=\\s|$)`).exec(header);
	if (!match) throw new Error(`no column ${title} in ${header}`);
	const end = match.index + match[0].length;
	return tableLines(frame).map((line) => line.slice(end - width, end).trim());
}
