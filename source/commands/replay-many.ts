import {readdirSync, statSync} from 'node:fs';
import {basename, join} from 'node:path';
import {CaptureIndex} from '../model/capture-index.js';
import type {Thresholds} from '../model/thresholds.js';
import type {ViewName} from '../parse/storage-views.js';
import {UsageError} from './usage-error.js';

const captureName = /\.(csv|csv\.gz|gz)$/i;

/** The files of `replay A B …` or `report A B …`: a directory stands for the captures in it (.csv, .csv.gz), by name. */
export function captureFiles(args: readonly string[]): string[] {
	const files: string[] = [];
	for (const arg of args) {
		let directory = false;
		try {
			directory = statSync(arg).isDirectory();
		} catch {
			// not there: opening it says so, naming the file
		}
		if (!directory) {
			files.push(arg);
			continue;
		}
		const inside = readdirSync(arg).filter((name) => captureName.test(name)).sort().map((name) => join(arg, name));
		if (inside.length === 0) throw new UsageError(`${arg}: no captures in this directory (*.csv, *.csv.gz)`);
		files.push(...inside);
	}
	if (files.includes('-') && files.length > 1) throw new UsageError('stdin (-) can only be replayed on its own');
	return [...new Set(files)];
}

/** `esxlat replay A B …`: the fleet screen over the recordings, on one clock. */
export async function replayMany(files: readonly string[], views: ReadonlySet<ViewName>, thresholds: Thresholds): Promise<void> {
	if (!process.stdout.isTTY || !process.stdin.isTTY) {
		throw new UsageError('the fleet screen needs a terminal: replay --json takes one FILE at a time');
	}
	const opened: Array<{label: string; index: CaptureIndex}> = [];
	try {
		for (const file of files) opened.push({label: basename(file), index: await CaptureIndex.open(file, views, file)});
	} catch (error) {
		await Promise.all(opened.map(({index}) => index.close()));
		throw error;
	}
	const [{showFleetScreen}, {SyncedReplay}] = await Promise.all([import('./fleet-screen.js'), import('../fleet/synced-replay.js')]);
	await showFleetScreen(new SyncedReplay(opened), thresholds);
}
