import {once} from 'node:events';
import {createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {pipeline} from 'node:stream/promises';
import {createGzip} from 'node:zlib';
import {CaptureWriter} from '../generate/capture-writer.js';
import {scenarioSpec} from '../generate/scenarios.js';
import type {SpecOptions} from '../generate/host-spec.js';

/** A bench capture: what it is made of, and how it is named in the cache. */
export interface CaptureShape {
	/** Short name in the bench table. */
	name: string;
	/** What it stands for, in one line. */
	description: string;
	file: string;
	samples: number;
	spec: SpecOptions;
}

/**
 * The two shapes the bench measures, both `-a`, both about 500 MB or more. Bump a file's
 * version when its recipe changes (v2: each VM has Vcpu names and per-world disk rows; san v3:
 * 2–4 round-robin paths per LUN over 8 adapters).
 * - cpu: a wide CPU section (56,000 columns, mostly Group Cpu/Vcpu) with a few storage devices;
 * - san: a SAN-attached host, where storage is most of each row and the cost per entity dominates
 *   (`esxlat generate --devices 1000 --adapters 8 --paths 2-4 --vms 200 --columns 20000 --all --samples 360`).
 */
export const shapes = {
	cpu: {
		name: 'cpu',
		description: '48 LUNs, 40 VMs, 56k columns (mostly CPU)',
		file: 'capture-a-55k-v2.csv',
		samples: 1300,
		spec: {devices: 48, adapters: 4, vms: 40, nfs: 2, pcpus: 32, fillerColumns: 48_000, host: 'esx-bench.lab.local'},
	},
	san: {
		name: 'san',
		description: '1,000 LUNs, 3,000 paths on 8 adapters, 200 VMs, 290k columns (mostly storage)',
		file: 'capture-a-san-1000-v3.csv',
		samples: 360,
		spec: {devices: 1000, adapters: 8, pathsPerLun: {min: 2, max: 4}, vms: 200, fillerColumns: 20_000, host: 'esx-san.lab.local'},
	},
} satisfies Record<string, CaptureShape>;

export type ShapeName = keyof typeof shapes;

export function benchCacheDir(): string {
	const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(base, 'esxlat-bench');
}

/** Generates a shape's capture once (outside git, in the user's cache) and returns its path. */
export async function ensureCapture(shape: CaptureShape, log: (line: string) => void = () => {}): Promise<string> {
	const dir = benchCacheDir();
	const path = join(dir, shape.file);
	if (existsSync(path)) return path;
	mkdirSync(dir, {recursive: true});
	log(`generating ${path} (once; ${shape.description})…`);
	const spec = scenarioSpec('demo', shape.samples, shape.spec);
	const writer = new CaptureWriter({spec, all: true, seed: 7});
	// Per process: another checkout's bench may be generating the same file.
	const partial = `${path}.${process.pid}.partial`;
	const out = createWriteStream(partial);
	for (const line of writer.lines(shape.samples)) {
		if (!out.write(line)) await once(out, 'drain');
	}
	out.end();
	await once(out, 'close');
	renameSync(partial, path);
	log(`generated ${Math.round(statSync(path).size / 1024 / 1024)} MB`);
	return path;
}

/** The CPU-heavy capture (the screen and parse details use it). */
export function ensureBigCapture(log: (line: string) => void = () => {}): Promise<string> {
	return ensureCapture(shapes.cpu, log);
}

/** A capture gzipped once (level 1: inflating costs about the same at any level), beside it in the cache. */
export async function ensureGzip(plain: string, log: (line: string) => void = () => {}): Promise<string> {
	const path = `${plain}.gz`;
	if (existsSync(path)) return path;
	log(`compressing ${path} (once)…`);
	const partial = `${path}.${process.pid}.partial`;
	await pipeline(createReadStream(plain), createGzip({level: 1}), createWriteStream(partial));
	renameSync(partial, path);
	return path;
}
