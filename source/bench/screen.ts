import '../runtime-env.js';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import React from 'react';
import {CaptureWriter} from '../generate/capture-writer.js';
import {scenarioSpec} from '../generate/scenarios.js';
import {CaptureIndex} from '../model/capture-index.js';
import {ReplayFeed} from '../model/replay-feed.js';
import {defaultThresholds} from '../model/thresholds.js';
import {viewNames} from '../parse/storage-views.js';
import {App} from '../view/App.js';
import {tightenReplayHeap} from '../commands/heap-settings.js';
import {ensureCapture, ensureGzip, shapes} from './captures.js';
import {measureTask} from './measure.js';
import type {Section} from './sections.js';
import type {Task} from './tasks.js';

const still = {setTimeout: () => 0, clearTimeout: () => {}};

async function until(check: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 30_000;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 1));
	}
}

/**
 * Key press → new frame with 2,000 devices on screen at 160×50: the time from the key to the
 * frame, over arrow keys (selection), sort changes and view switches. ink-testing-library
 * renders unthrottled, so this is React + layout + output, no frame-rate cap.
 */
const screenKeypress: Task = async () => {
	const dir = mkdtempSync(join(tmpdir(), 'esxlat-bench-'));
	try {
		const path = join(dir, 'wide.csv');
		const spec = scenarioSpec('demo', 4, {devices: 2000, adapters: 8, vms: 50});
		writeFileSync(path, [...new CaptureWriter({spec}).lines(4)].join(''));
		const index = await CaptureIndex.open(path, new Set(viewNames));
		await until(() => index.done, 'the index');
		const feed = new ReplayFeed(index, {paused: true, scheduler: still});
		feed.seek({kind: 'sample', number: 3});
		await until(() => feed.snapshot().position?.index === 2, 'sample 3');
		const {render} = await import('ink-testing-library');
		tightenReplayHeap(); // as the screen runs it
		// createElement, not JSX: the compiled JSX runtime import would load before runtime-env.
		const instance = render(React.createElement(App, {feed, thresholds: defaultThresholds, size: {columns: 160, rows: 50}, repaintMs: 0}));
		await until(() => (instance.lastFrame() ?? '').includes('DEVICE'), 'the first frame');
		const keys = ['\u001B[B', '\u001B[B', '\u001B[A', '>', 'r', '<', '\u001B[6~', 'p', 'u', '\u001B[B'];
		const times: number[] = [];
		for (let round = 0; round < 10; round++) {
			for (const key of keys) {
				const frames = instance.frames.length;
				const start = process.hrtime.bigint();
				instance.stdin.write(key);
				await until(() => instance.frames.length > frames, `the frame after key ${JSON.stringify(key)}`);
				times.push(Number(process.hrtime.bigint() - start) / 1e6);
			}
		}
		instance.unmount();
		await feed.close();
		times.sort((a, b) => a - b);
		return {keys: times.length, medianMs: round(times[Math.floor(times.length / 2)]!), p95Ms: round(times[Math.floor(times.length * 0.95)]!), maxMs: round(times.at(-1)!)};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
};

/** Opens a capture for replay: time to the first sample, to the full index, and seeks; peak RSS. */
const replayIndex: Task = async ([path]) => {
	const start = process.hrtime.bigint();
	const index = await CaptureIndex.open(path!, new Set(viewNames));
	const first = Number(process.hrtime.bigint() - start) / 1e9;
	await until(() => index.done, 'the index');
	const indexed = Number(process.hrtime.bigint() - start) / 1e9;
	const seekStart = process.hrtime.bigint();
	for (const i of [index.count - 1, 0, Math.floor(index.count / 2), 17, index.count - 2]) await index.read(Math.max(0, i));
	const seekMs = Number(process.hrtime.bigint() - seekStart) / 1e6 / 5;
	const samples = index.count;
	await index.close();
	return {samples, firstSampleSeconds: round(first), indexSeconds: round(indexed), seekMs: round(seekMs)};
};

export const screenTasks: Record<string, Task> = {'screen-keypress': screenKeypress, 'replay-index': replayIndex};

/** The replay index on both shapes, plain and gzip: time to the first sample, to the whole index, a seek. */
export const screenSection: Section = {
	title: 'replay index: first sample, whole index, seeks',
	async run() {
		const log = (line: string) => process.stdout.write(`  ${line}\n`);
		for (const shape of [shapes.cpu, shapes.san]) {
			const plain = await ensureCapture(shape, log);
			for (const path of [plain, await ensureGzip(plain, log)]) {
				const m = await measureTask('replay-index', [path]);
				const d = m.detail ?? {};
				log(`${shape.name} ${path.endsWith('.gz') ? 'gzip ' : 'plain'}: first sample ${d.firstSampleSeconds} s, ${d.samples} samples indexed in ${d.indexSeconds} s, a seek ${d.seekMs} ms, peak RSS ${Math.round(m.peakRssMb ?? 0)} MB`);
			}
		}
	},
};

function round(value: number): number {
	return Math.round(value * 1000) / 1000;
}

