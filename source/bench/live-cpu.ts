import '../runtime-env.js';
import {PassThrough} from 'node:stream';
import {render} from 'ink';
import React from 'react';
import {CaptureWriter} from '../generate/capture-writer.js';
import {scenarioSpec} from '../generate/scenarios.js';
import type {EsxtopStream, StreamEnd} from '../input/ssh/esxtop-stream.js';
import {LiveFeed} from '../live/live-feed.js';
import {LiveSession} from '../live/session.js';
import {defaultThresholds} from '../model/thresholds.js';
import {viewNames} from '../parse/storage-views.js';
import {App} from '../view/App.js';
import {shapes} from './captures.js';
import type {Task} from './tasks.js';

/** What an SSH channel hands over at a time. */
const channelChunk = 32 * 1024;
const warmupRows = 3;
const measuredRows = 12;
const gapMs = 400;

/** A terminal that is never read: Ink draws into it as into a real one. */
function fakeTerminal(columns: number, rows: number): NodeJS.WriteStream {
	const out = new PassThrough();
	out.resume();
	return Object.assign(out, {columns, rows, isTTY: true}) as unknown as NodeJS.WriteStream;
}

/**
 * CPU per sample of `esxlat live` on a 1,000-LUN host (the san shape's columns, `-a`): each
 * row arrives in 32 KB pieces as over SSH, is parsed, kept in the history and drawn by the
 * real screen (Ink, 160×50). Rows come every `gapMs` so each gets its own repaint; the CPU
 * of the whole process between rows is what one sample costs, whatever the interval.
 */
export const liveCpuTask: Task = async () => {
	const spec = scenarioSpec('demo', warmupRows + measuredRows, shapes.san.spec);
	const writer = new CaptureWriter({spec, all: true, interval: 2, seed: 7});
	let onData: (chunk: Buffer) => void = () => {};
	let finish: (end: StreamEnd) => void = () => {};
	const stream: EsxtopStream = {ended: new Promise((resolve) => (finish = resolve)), close: () => finish({kind: 'dropped', reason: 'closed'})};
	const session = new LiveSession({
		label: 'root@esx-san',
		openStream: async (_command, data) => ((onData = data), stream),
		interval: 2,
		all: true,
		count: null,
		views: new Set(viewNames),
		defaultRecordingPath: () => 'unused.csv',
	});
	const feed = new LiveFeed(session);
	const instance = render(React.createElement(App, {feed, thresholds: defaultThresholds, size: {columns: 160, rows: 50}}), {
		stdout: fakeTerminal(160, 50),
		stdin: new PassThrough() as unknown as NodeJS.ReadStream,
		exitOnCtrlC: false,
		patchConsole: false,
		maxFps: 20,
	});
	const send = (text: string) => {
		const bytes = Buffer.from(text);
		for (let at = 0; at < bytes.length; at += channelChunk) onData(bytes.subarray(at, at + channelChunk));
	};
	const pause = () => new Promise((resolve) => setTimeout(resolve, gapMs));
	const started = session.start();
	await new Promise((resolve) => setImmediate(resolve));
	send(writer.header + writer.row(0));
	await started;
	for (let i = 1; i < warmupRows; i++) {
		send(writer.row(i));
		await pause();
	}
	const rowBytes = Buffer.byteLength(writer.row(warmupRows));
	let cpuMs = 0;
	let worstMs = 0;
	for (let i = warmupRows; i < warmupRows + measuredRows; i++) {
		const row = writer.row(i);
		const before = process.cpuUsage();
		send(row);
		await pause();
		const used = process.cpuUsage(before);
		const ms = (used.user + used.system) / 1000;
		cpuMs += ms;
		worstMs = Math.max(worstMs, ms);
	}
	instance.unmount();
	await feed.close();
	const perSample = cpuMs / measuredRows;
	return {
		samples: measuredRows,
		rowKb: Math.round(rowBytes / 1024),
		entities: session.timeline?.newest?.schema.entities.length ?? 0,
		cpuMsPerSample: Math.round(perSample * 10) / 10,
		worstMs: Math.round(worstMs * 10) / 10,
		percentOfCoreAt2s: Math.round((perSample / 2000) * 1000) / 10,
	};
};
