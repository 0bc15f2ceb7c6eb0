import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {CaptureWriter, type CaptureOptions} from '../../source/generate/capture-writer.js';
import {type ScenarioName, scenarioSpec} from '../../source/generate/scenarios.js';

/** A temporary directory removed at process exit. */
export function scratchDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'esxlat-test-'));
	process.on('exit', () => rmSync(dir, {recursive: true, force: true}));
	return dir;
}

/** The text of a generated capture. */
export function captureText(scenario: ScenarioName, samples: number, options: Partial<Omit<CaptureOptions, 'spec'>> & {devices?: number} = {}): string {
	const {devices, ...writerOptions} = options;
	const spec = scenarioSpec(scenario, samples, devices === undefined ? {} : {devices});
	return [...new CaptureWriter({spec, ...writerOptions}).lines(samples)].join('');
}

/** Writes a generated capture (gzip when the name ends in .gz) and returns its path. */
export function writeCapture(dir: string, name: string, text: string): string {
	const path = join(dir, name);
	writeFileSync(path, name.endsWith('.gz') ? gzipSync(text) : text);
	return path;
}
