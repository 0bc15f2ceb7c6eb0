import {once} from 'node:events';
import {createWriteStream, existsSync, mkdirSync, renameSync, statSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {CaptureWriter} from '../generate/capture-writer.js';
import {scenarioSpec} from '../generate/scenarios.js';

/** The bench capture: -a format, ≥ 50,000 columns, about 500 MB. Bump `version` when its recipe changes. */
const version = 2;
const targetBytes = 500 * 1024 * 1024;
const samplesForTarget = 1300;

export function benchCacheDir(): string {
	const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(base, 'esxlat-bench');
}

/** Generates the capture once (outside git, in the user's cache) and returns its path. */
export async function ensureBigCapture(log: (line: string) => void = () => {}): Promise<string> {
	const dir = benchCacheDir();
	const path = join(dir, `capture-a-55k-v${version}.csv`);
	if (existsSync(path)) return path;
	mkdirSync(dir, {recursive: true});
	log(`generating ${path} (once; about ${Math.round(targetBytes / 1024 / 1024)} MB)…`);
	const spec = scenarioSpec('demo', samplesForTarget, {devices: 48, adapters: 4, vms: 40, nfs: 2, pcpus: 32, fillerColumns: 48_000, host: 'esx-bench.lab.local'});
	const writer = new CaptureWriter({spec, all: true, seed: 7});
	const partial = `${path}.partial`;
	const out = createWriteStream(partial);
	for (const line of writer.lines(samplesForTarget)) {
		if (!out.write(line)) await once(out, 'drain');
	}
	out.end();
	await once(out, 'close');
	renameSync(partial, path);
	log(`generated ${Math.round(statSync(path).size / 1024 / 1024)} MB`);
	return path;
}
