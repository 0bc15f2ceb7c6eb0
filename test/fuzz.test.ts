import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {gzipSync} from 'node:zlib';
import {buildReport} from '../source/commands/report.js';
import {defaultThresholds} from '../source/model/thresholds.js';
import {CaptureParser} from '../source/parse/capture-parser.js';
import {CaptureFormatError} from '../source/parse/errors.js';
import {InputError} from '../source/input/byte-source.js';
import {displayReport} from '../source/view/report/display-report.js';
import {renderMarkdown} from '../source/view/report/markdown.js';
import {reportJson} from '../source/view/report/report-json.js';
import {plainStyle} from '../source/view/report/style.js';
import {renderTerminal} from '../source/view/report/terminal.js';
import {captureText, scratchDir} from './helpers/captures.js';
import {cli} from './helpers/run-cli.js';
import {samplePath, samples} from './helpers/shared-samples.js';

/**
 * Mutational fuzzing with a fixed seed: the same mutants on every run, so a failure is
 * reproducible (its seed and mutation are in the message). Bounded in count and time.
 */
const seed = 0x9e3779b9;
const dir = scratchDir();

/** mulberry32: small, seedable, good enough to pick positions. */
function random(state: number): () => number {
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** Bytes a hostile or unlucky file is made of: separators, quotes, line ends, signs, exponents, NUL, ESC, high bytes. */
const nasty = Buffer.from('",\n\r\r\n-+e.E9 ()\\\u0000\u001b\u00ff1e309', 'latin1');
/** Whole tokens: odd numbers, a header marker in mid-stream, an escape sequence, a bare quote. */
const tokens = ['1e309', '-1e308', 'NaN', 'Infinity', '99999999999999999999', '"(PDH-CSV 4.0) (UTC)(0)",', '\u001b]0;PWNED\u0007', '""', '\r\n'].map((token) => Buffer.from(token));

type Mutation = 'flip' | 'insert' | 'duplicate-line' | 'truncate' | 'delete' | 'swap-lines';
const mutations: Mutation[] = ['flip', 'insert', 'duplicate-line', 'truncate', 'delete', 'swap-lines'];

function lineStarts(bytes: Buffer): number[] {
	const starts = [0];
	for (let i = bytes.indexOf(10); i !== -1 && i + 1 < bytes.length; i = bytes.indexOf(10, i + 1)) starts.push(i + 1);
	return starts;
}

/** One mutant of `input`: 1–3 mutations of the kinds above. */
function mutate(input: Buffer, next: () => number): {bytes: Buffer; how: string} {
	let bytes = Buffer.from(input);
	const how: string[] = [];
	const at = (length: number) => Math.floor(next() * length);
	for (let n = 1 + at(3); n > 0; n--) {
		const kind = mutations[at(mutations.length)]!;
		const lines = lineStarts(bytes);
		const line = at(lines.length);
		const lineEnd = line + 1 < lines.length ? lines[line + 1]! : bytes.length;
		switch (kind) {
			case 'flip': {
				for (let k = 1 + at(8); k > 0; k--) bytes[at(bytes.length)] ^= 1 << at(8);
				break;
			}
			case 'insert': {
				const where = at(bytes.length + 1);
				const stuff = next() < 0.5 ? tokens[at(tokens.length)]! : Buffer.from(Array.from({length: 1 + at(6)}, () => nasty[at(nasty.length)]!));
				bytes = Buffer.concat([bytes.subarray(0, where), stuff, bytes.subarray(where)]);
				break;
			}
			case 'duplicate-line': {
				const copy = bytes.subarray(lines[line]!, lineEnd);
				bytes = Buffer.concat([bytes.subarray(0, lineEnd), ...Array.from({length: 1 + at(3)}, () => copy), bytes.subarray(lineEnd)]);
				break;
			}
			case 'truncate':
				bytes = bytes.subarray(0, at(bytes.length + 1));
				break;
			case 'delete': {
				const from = at(bytes.length);
				bytes = Buffer.concat([bytes.subarray(0, from), bytes.subarray(Math.min(bytes.length, from + 1 + at(200)))]);
				break;
			}
			case 'swap-lines': {
				if (lines.length < 3) break;
				const other = 1 + at(lines.length - 1);
				const [a, b] = [Math.min(line, other), Math.max(line, other)];
				if (a === b || a === 0) break;
				const end = (i: number) => (i + 1 < lines.length ? lines[i + 1]! : bytes.length);
				bytes = Buffer.concat([bytes.subarray(0, lines[a]!), bytes.subarray(lines[b]!, end(b)), bytes.subarray(end(a), lines[b]!), bytes.subarray(lines[a]!, end(a)), bytes.subarray(end(b))]);
				break;
			}
		}
		how.push(kind);
	}
	return {bytes, how: how.join('+')};
}

/** Real captures where ../shared/samples is present, generated ones always. */
function corpus(): Array<{name: string; bytes: Buffer}> {
	const sources = [
		{name: 'generated demo', bytes: Buffer.from(captureText('demo', 24))},
		{name: 'generated -a adapter-slow', bytes: Buffer.from(captureText('adapter-slow', 16, {all: true}))},
	];
	for (const name of [samples.defaultCounters, samples.allCounters, samples.excelResaved]) {
		const path = samplePath(name);
		if (path) sources.push({name, bytes: readFileSync(path)});
	}
	return sources;
}

const sources = corpus();
if (sources.length === 2) test('fuzzing real captures', {skip: 'needs ../shared/samples (real captures are not part of the repository)'}, () => {});

test('the parser: every mutant gives events or a one-line CaptureFormatError, in bounded time', () => {
	const next = random(seed);
	const started = Date.now();
	let errors = 0;
	let skipped = 0;
	for (const source of sources) {
		for (let i = 0; i < 120; i++) {
			const {bytes, how} = mutate(source.bytes, next);
			const where = `${source.name} mutant ${i} (${how})`;
			const parser = new CaptureParser({maxLineBytes: 8 * 1024 * 1024});
			const t0 = Date.now();
			try {
				// Odd chunk sizes too: mutants must not depend on where reads split.
				for (let at = 0; at < bytes.length; at += 65_537) parser.feed(bytes.subarray(at, at + 65_537));
				const events = parser.end();
				skipped += parser.stats.drift + parser.stats.truncated + parser.stats.badTime + parser.stats.outOfRange + parser.stats.rewound;
				for (const event of events) {
					if (event.kind !== 'sample') continue;
					for (const value of event.sample.values.subarray(1)) assert.ok(Number.isNaN(value) || (value >= 0 && Number.isFinite(value)), `${where}: value ${value}`);
				}
			} catch (error) {
				assert.ok(error instanceof CaptureFormatError, `${where}: ${String(error)}`);
				assert.doesNotMatch(error.message, /\n/, where);
				errors++;
			}
			assert.ok(Date.now() - t0 < 5000, `${where}: took ${Date.now() - t0} ms`);
		}
	}
	assert.ok(errors + skipped > 0, 'some mutants are rejected or have rows skipped (else the fuzzer is too gentle)');
	assert.ok(Date.now() - started < 120_000);
});

test('the report, in process: a report (text, markdown, JSON) or a one-line input error for every mutant', async () => {
	const next = random(seed ^ 0x5bd1e995);
	let reports = 0;
	for (const source of sources) {
		for (let i = 0; i < 40; i++) {
			const {bytes, how} = mutate(source.bytes, next);
			const where = `${source.name} mutant ${i} (${how})`;
			const file = join(dir, 'mutant.csv');
			writeFileSync(file, bytes);
			const t0 = Date.now();
			try {
				const report = await buildReport(file, defaultThresholds, null, 10);
				const shown = displayReport(report);
				renderTerminal(shown, {style: plainStyle, sparklines: true, width: 120});
				renderMarkdown(shown);
				JSON.parse(reportJson(report));
				reports++;
			} catch (error) {
				assert.ok(error instanceof CaptureFormatError || error instanceof InputError, `${where}: ${(error as Error).stack}`);
				assert.doesNotMatch((error as Error).message, /\n/, where);
			}
			assert.ok(Date.now() - t0 < 10_000, `${where}: took ${Date.now() - t0} ms`);
		}
	}
	assert.ok(reports > 0, 'most mutants still make a report');
});

/** Runs the CLI on a file: exit code, stderr, and how long it took. */
function run(args: string[]): Promise<{code: number; stderr: string; stdout: string; ms: number}> {
	const t0 = Date.now();
	return new Promise((resolve) => {
		execFile(process.execPath, [cli, ...args], {maxBuffer: 64 * 1024 * 1024, timeout: 30_000}, (error, stdout, stderr) => {
			resolve({code: error ? ((error as {code?: number}).code ?? 1) : 0, stderr, stdout, ms: Date.now() - t0});
		});
	});
}

test('report and replay --json on mutants (plain and gzip): exit 0 with a result, or 1 with one line; never a stack', async () => {
	const next = random(seed ^ 0x27d4eb2d);
	const started = Date.now();
	let index = 0;
	for (const source of sources) {
		for (let i = 0; i < 3; i++) {
			const {bytes, how} = mutate(source.bytes, next);
			const gzip = next() < 0.25;
			const file = join(dir, `cli-mutant-${index++}.csv${gzip ? '.gz' : ''}`);
			writeFileSync(file, gzip ? gzipSync(bytes) : bytes);
			const where = `${source.name} mutant ${i} (${how}${gzip ? ', gzip' : ''})`;
			const [report, replay] = await Promise.all([run(['report', file]), run(['replay', file, '--json'])]);
			for (const [name, result] of [['report', report], ['replay --json', replay]] as const) {
				assert.ok(result.ms < 30_000, `${name} ${where}: ${result.ms} ms`);
				assert.ok(result.code === 0 || result.code === 1, `${name} ${where}: exit ${result.code}: ${result.stderr}`);
				assert.doesNotMatch(result.stderr, /unexpected error|\n\s+at |Error:/, `${name} ${where}`);
				// Exit 1: one line saying why. Exit 0: a result, and at most replay's one-line summary.
				const lines = result.stderr.trimEnd().split('\n').filter(Boolean);
				assert.ok(result.code === 0 ? lines.length <= 1 : lines.length === 1, `${name} ${where}: ${result.stderr}`);
				for (const line of lines) assert.match(line, /^esxlat: /);
				if (result.code === 0) assert.ok(result.stdout.length > 0 || lines.length === 1, `${name} ${where}: exit 0 with nothing said`);
			}
			for (const line of replay.code === 0 ? replay.stdout.split('\n').filter(Boolean) : []) JSON.parse(line);
		}
	}
	assert.ok(Date.now() - started < 150_000);
});
