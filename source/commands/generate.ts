import {type FileHandle, open} from 'node:fs/promises';
import {once} from 'node:events';
import type {Writable} from 'node:stream';
import {createGzip} from 'node:zlib';
import {CaptureWriter} from '../generate/capture-writer.js';
import {isScenarioName, scenarioNames, scenarioSpec} from '../generate/scenarios.js';
import {describeFsError} from '../input/byte-source.js';
import {LineWriter, OutputError} from './output.js';
import {UsageError} from './usage-error.js';

export interface GenerateFlags {
	output: string;
	samples: number;
	interval: number;
	all: boolean;
	/** Host shape; what is left out comes from the scenario. */
	devices?: number | undefined;
	adapters?: number | undefined;
	/** Paths per SAN LUN: `N` or `MIN-MAX` (default one). */
	paths?: string | undefined;
	vms?: number | undefined;
	nfs?: number | undefined;
	columns: number;
	scenario: string;
	seed: number;
	host: string;
	/** Write rows in real time, one per interval, stamped with the current time (a fake esxtop). */
	stream: boolean;
	/** Overwrite an existing -o FILE (without it, an existing file is refused). */
	force?: boolean;
}

/** `esxlat generate`: writes a synthetic capture in esxtop's batch format. */
export async function generate(flags: GenerateFlags): Promise<void> {
	if (!isScenarioName(flags.scenario)) throw new UsageError(`--scenario "${flags.scenario}": use one of ${scenarioNames.join(', ')}`);
	if (!(flags.samples >= 1)) throw new UsageError('--samples must be at least 1');
	if (!(flags.interval > 0)) throw new UsageError('--interval must be a number of seconds above 0');
	const shape = Object.fromEntries(Object.entries({devices: flags.devices, adapters: flags.adapters, vms: flags.vms, nfs: flags.nfs}).filter(([, value]) => value !== undefined));
	for (const [name, value] of Object.entries(shape)) {
		if (!Number.isInteger(value) || value! < 0) throw new UsageError(`--${name} must be a whole number ≥ 0`);
	}
	const pathsPerLun = flags.paths === undefined ? undefined : parsePathRange(flags.paths);
	const spec = scenarioSpec(flags.scenario, flags.samples, {...shape, ...(pathsPerLun ? {pathsPerLun} : {}), host: flags.host, fillerColumns: Math.max(0, flags.columns)});
	const start = flags.stream ? Date.now() : undefined;
	const writer = new CaptureWriter({spec, all: flags.all, interval: flags.interval, seed: flags.seed, ...(start === undefined ? {} : {start: Math.floor(start / 1000) * 1000})});
	const {stream, done} = await openOutput(flags.output, Boolean(flags.force));
	const out = new LineWriter(stream, flags.output);
	await out.write(writer.header);
	for (let index = 0; index < flags.samples && !out.isClosed; index++) {
		if (flags.stream && index > 0) await sleepUntil(start! + index * flags.interval * 1000);
		await out.write(writer.row(index));
	}
	if (stream !== process.stdout) stream.end();
	await done;
}

/** ESXi allows at most 32 paths per LUN. */
const maxPathsPerLun = 32;

/** `--paths 3` or `--paths 2-4`: the fewest and most paths a LUN gets. */
export function parsePathRange(text: string): {min: number; max: number} {
	const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
	const min = match ? Number(match[1]) : Number.NaN;
	const max = match?.[2] === undefined ? min : Number(match[2]);
	if (!(min >= 1 && max >= min && max <= maxPathsPerLun)) throw new UsageError(`--paths "${text}": give N or MIN-MAX paths per LUN, from 1 to ${maxPathsPerLun} (e.g. --paths 2-4)`);
	return {min, max};
}

async function openOutput(path: string, force: boolean): Promise<{stream: Writable; done: Promise<unknown>}> {
	if (path === '-') return {stream: process.stdout, done: Promise.resolve()};
	let handle: FileHandle;
	try {
		// 'wx': a capture someone made is never overwritten by accident.
		handle = await open(path, force ? 'w' : 'wx');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${path} exists: add --force to overwrite it`);
		throw new OutputError(`${path}: ${describeFsError(error)}`);
	}
	const file = handle.createWriteStream();
	const done = once(file, 'close');
	if (!path.endsWith('.gz')) return {stream: file, done};
	const gzip = createGzip();
	gzip.pipe(file);
	return {stream: gzip, done};
}

function sleepUntil(time: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));
}
