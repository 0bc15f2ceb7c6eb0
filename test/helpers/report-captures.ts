import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {scratchDir} from './captures.js';
import {CaptureWriter} from '../../source/generate/capture-writer.js';
import type {HostSpec} from '../../source/generate/host-spec.js';

/** Generated captures for report tests: 5 s apart from 2026-01-05 02:00:00 UTC. */
export const captureStart = Date.UTC(2026, 0, 5, 2, 0, 0);
export const interval = 5;

/** The time of sample `index` in a capture written by `writeCapture`. */
export function sampleTime(index: number): number {
	return captureStart + index * interval * 1000;
}

const dir = scratchDir();

/** The text of a capture: header and `samples` rows (row 0 is esxtop's warm-up row). */
export function captureText(spec: HostSpec, samples: number, options: {all?: boolean; seed?: number; start?: number} = {}): string {
	const writer = new CaptureWriter({spec, all: options.all ?? true, seed: options.seed ?? 3, start: options.start ?? captureStart, interval});
	return [...writer.lines(samples)].join('');
}

/** Writes a capture into a temp dir (gzip when the name ends .gz) and returns its path. */
export function writeCapture(name: string, spec: HostSpec | string, samples = 160, options: {all?: boolean; seed?: number} = {}): string {
	const text = typeof spec === 'string' ? spec : captureText(spec, samples, options);
	const path = join(dir, name);
	writeFileSync(path, name.endsWith('.gz') ? gzipSync(text) : text);
	return path;
}
