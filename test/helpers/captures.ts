import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {CaptureWriter, type CaptureOptions} from '../../source/generate/capture-writer.js';
import {type ScenarioName, scenarioSpec} from '../../source/generate/scenarios.js';
import {CaptureParser, type ParseEvent, type ParserOptions} from '../../source/parse/capture-parser.js';
import {buildHostSpec, type SpecOptions} from '../../source/generate/host-spec.js';

/** A generated capture as one string: header plus `samples` rows. */
export function generatedCapture(samples: number, spec: SpecOptions = {}, options: Omit<CaptureOptions, 'spec'> = {}): string {
	const writer = new CaptureWriter({spec: buildHostSpec(spec), ...options});
	return [...writer.lines(samples)].join('');
}

/** Feeds `bytes` to a fresh parser in the chunks `split` chooses and returns every event. */
export function parseChunks(bytes: Uint8Array, split: (length: number) => number[], options: ParserOptions = {}): {events: ParseEvent[]; parser: CaptureParser} {
	const parser = new CaptureParser(options);
	const events: ParseEvent[] = [];
	let at = 0;
	for (const size of split(bytes.length)) {
		events.push(...parser.feed(bytes.subarray(at, at + size)));
		at += size;
	}
	if (at < bytes.length) events.push(...parser.feed(bytes.subarray(at)));
	events.push(...parser.end());
	return {events, parser};
}

export const whole = (length: number) => [length];
export const byteByByte = (length: number) => Array.from({length}, () => 1);

/** Random chunk sizes from 1 byte to `max`, reproducible from `seed`. */
export function randomSplits(seed: number, max = 4096): (length: number) => number[] {
	return (length) => {
		let state = seed >>> 0;
		const sizes: number[] = [];
		for (let total = 0; total < length; ) {
			state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
			const size = 1 + (state % max);
			sizes.push(size);
			total += size;
		}
		return sizes;
	};
}

/** What a test compares across chunkings: every event, with samples reduced to plain data. */
export function digest(events: ParseEvent[]): unknown[] {
	return events.map((event) => {
		if (event.kind === 'header') {
			return {kind: 'header', line: event.line, host: event.schema.host, fieldCount: event.schema.fieldCount, ids: event.schema.entities.map((e) => `${e.view}:${e.id}`)};
		}
		if (event.kind === 'skip') return event;
		const {sample} = event;
		return {kind: 'sample', time: sample.time, index: sample.index, line: sample.line, values: Array.from(sample.values, (v) => (Number.isNaN(v) ? null : v))};
	});
}

export const encoder = new TextEncoder();

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
