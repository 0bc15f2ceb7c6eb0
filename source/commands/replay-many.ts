import {basename} from 'node:path';
import {CaptureIndex} from '../model/capture-index.js';
import type {Thresholds} from '../model/thresholds.js';
import type {ViewName} from '../parse/storage-views.js';
import {UsageError} from './usage-error.js';

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
