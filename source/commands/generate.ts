import {createWriteStream} from 'node:fs';
import {once} from 'node:events';
import type {Writable} from 'node:stream';
import {createGzip} from 'node:zlib';
import {CaptureWriter} from '../generate/capture-writer.js';
import {isScenarioName, scenarioNames, scenarioSpec} from '../generate/scenarios.js';
import {UsageError} from './usage-error.js';

export interface GenerateFlags {
	output: string;
	samples: number;
	interval: number;
	all: boolean;
	devices: number;
	adapters: number;
	vms: number;
	nfs: number;
	columns: number;
	scenario: string;
	seed: number;
	host: string;
	/** Write rows in real time, one per interval, stamped with the current time (a fake esxtop). */
	stream: boolean;
}

/** `esxlat generate`: writes a synthetic capture in esxtop's batch format. */
export async function generate(flags: GenerateFlags): Promise<void> {
	if (!isScenarioName(flags.scenario)) throw new UsageError(`--scenario "${flags.scenario}": use one of ${scenarioNames.join(', ')}`);
	if (!(flags.samples >= 1)) throw new UsageError('--samples must be at least 1');
	if (!(flags.interval > 0)) throw new UsageError('--interval must be a number of seconds above 0');
	const spec = scenarioSpec(flags.scenario, flags.samples, {
		host: flags.host,
		devices: flags.devices,
		adapters: flags.adapters,
		vms: flags.vms,
		nfs: flags.nfs,
		fillerColumns: Math.max(0, flags.columns),
	});
	const start = flags.stream ? Date.now() : undefined;
	const writer = new CaptureWriter({spec, all: flags.all, interval: flags.interval, seed: flags.seed, ...(start === undefined ? {} : {start: Math.floor(start / 1000) * 1000})});
	const {stream, done} = openOutput(flags.output);
	const write = async (text: string) => {
		if (!stream.write(text)) await once(stream, 'drain');
	};
	await write(writer.header);
	for (let index = 0; index < flags.samples; index++) {
		if (flags.stream && index > 0) await sleepUntil(start! + index * flags.interval * 1000);
		await write(writer.row(index));
	}
	stream.end();
	await done;
}

function openOutput(path: string): {stream: Writable; done: Promise<unknown>} {
	if (path === '-') return {stream: process.stdout, done: Promise.resolve()};
	const file = createWriteStream(path);
	const done = once(file, 'close');
	if (!path.endsWith('.gz')) return {stream: file, done};
	const gzip = createGzip();
	gzip.pipe(file);
	return {stream: gzip, done};
}

function sleepUntil(time: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));
}
