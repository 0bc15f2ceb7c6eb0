import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {gzipSync} from 'node:zlib';
import {CaptureParser} from '../source/parse/capture-parser.js';
import {captureText, scratchDir} from './helpers/captures.js';
import {cli, esxlat} from './helpers/run-cli.js';

const dir = scratchDir();

/** A capture's lines with one cell replaced: the first cell whose header ends in `counter`, on data row `row`. */
function withCell(text: string, counter: string, row: number, value: string): string {
	const lines = text.split(/(?<=\n)/);
	const header = lines[0]!.split('","');
	const column = header.findIndex((cell) => cell.endsWith(counter));
	assert.ok(column > 0, `no ${counter} column`);
	const cells = lines[row]!.split('","');
	cells[column] = value;
	lines[row] = cells.join('","');
	return lines.join('');
}

/** Runs the CLI with a shell, for FIFOs and process substitution. */
function shell(script: string): Promise<{stdout: string; stderr: string; code: number}> {
	return new Promise((resolve) => {
		execFile('bash', ['-c', script], {env: {...process.env, CLI: cli}, timeout: 30_000}, (error, stdout, stderr) => {
			resolve({stdout, stderr, code: error ? ((error as {code?: number}).code ?? 1) : 0});
		});
	});
}

test('non-finite, negative and absurd cells are read as missing and counted, never fed to the maths', async () => {
	let text = captureText('array-slow', 12);
	text = withCell(text, '\\Average Driver MilliSec/Command', 3, '1e309');
	text = withCell(text, '\\Average Queue MilliSec/Command', 4, '-1e308');
	text = withCell(text, '\\Commands/sec', 5, '-3');
	const file = join(dir, 'odd-numbers.csv');
	writeFileSync(file, text);

	const parser = new CaptureParser();
	const events = [...parser.feed(Buffer.from(text)), ...parser.end()];
	assert.equal(parser.stats.outOfRange, 3);
	for (const event of events) {
		if (event.kind !== 'sample') continue;
		for (const value of event.sample.values.subarray(1)) assert.ok(Number.isNaN(value) || (value >= 0 && Number.isFinite(value)), `value ${value}`);
	}

	const report = await esxlat(['report', file]);
	assert.equal(report.code, 0, report.stderr);
	assert.doesNotMatch(report.stdout, /Infinity|e\+30/);
	assert.match(report.stdout, /3 cells out of range/);
	const json = JSON.parse((await esxlat(['report', file, '--json'])).stdout);
	assert.equal(json.input.outOfRange, 3);

	const replay = await esxlat(['replay', file, '--json']);
	assert.equal(replay.code, 0);
	assert.match(replay.stderr, /12 samples; no rows skipped; 3 cells out of range/);
	assert.doesNotMatch(replay.stdout, /Infinity|e\+30|-1e|-3\b/);
});

test('time going backwards starts a new segment: said in the summary, no stretch spans the step', async () => {
	// Two halves of one capture in the wrong order: the second starts an hour before the first ends.
	const late = captureText('array-slow', 20, {start: Date.UTC(2026, 0, 5, 2, 0, 0)});
	const early = captureText('array-slow', 20, {start: Date.UTC(2026, 0, 5, 1, 0, 0)});
	const rows = (text: string) => text.split(/(?<=\n)/).slice(1);
	const text = late.split(/(?<=\n)/)[0]! + [...rows(late), ...rows(early)].join('');
	const file = join(dir, 'backwards.csv');
	writeFileSync(file, text);

	const replay = await esxlat(['replay', file, '--json']);
	assert.equal(replay.code, 0);
	assert.match(replay.stderr, /time went backwards once \(a new segment starts at each\)/);
	const lines = replay.stdout.trim().split('\n').map((line) => JSON.parse(line));
	assert.deepEqual(lines.flatMap((line, i) => (line.timeWentBack ? [i] : [])), [20]);

	const json = JSON.parse((await esxlat(['report', file, '--json'])).stdout);
	assert.equal(json.input.rewound, 1);
	for (const entity of json.entities) {
		if (entity.stretch) assert.ok(entity.stretch.from <= entity.stretch.to, `${entity.id}: ${entity.stretch.from} – ${entity.stretch.to}`);
	}
	for (const culprit of json.culprits) assert.ok(culprit.from <= culprit.to, `${culprit.id}: ${culprit.from} – ${culprit.to}`);
	assert.match((await esxlat(['report', file])).stdout, /time went backwards once/);
});

test('a FIFO, <(…) and /dev/stdin are read as streams; gzip is told across one-byte chunks', async () => {
	const text = captureText('healthy', 4);
	const file = join(dir, 'stream.csv');
	const gz = join(dir, 'stream.csv.gz');
	writeFileSync(file, text);
	writeFileSync(gz, gzipSync(text));
	const fifo = join(dir, 'capture.fifo');
	const cases = [
		`rm -f ${fifo}; mkfifo ${fifo}; cat ${file} > ${fifo} & node "$CLI" replay ${fifo} --json`,
		`node "$CLI" replay <(cat ${gz}) --json`,
		`node "$CLI" report /dev/stdin --json < <(cat ${file}) > /dev/null && cat ${file} | node "$CLI" replay /dev/stdin --json`,
		// The first chunk holds one byte of the gzip magic; the rest comes a moment later.
		`(head -c 1 ${gz}; sleep 0.3; tail -c +2 ${gz}) | node "$CLI" replay - --json`,
		`(head -c 1 ${gz}; sleep 0.3; tail -c +2 ${gz}) | node "$CLI" replay /dev/stdin --json`,
	];
	for (const script of cases) {
		const {stdout, stderr, code} = await shell(script);
		assert.equal(code, 0, `${script}: ${stderr}`);
		assert.doesNotMatch(stderr, /ESPIPE|invalid seek/);
		assert.equal(stdout.trim().split('\n').length, 4, script);
	}
});

test('an empty file: replay --json and report both say so and exit 1', async () => {
	const empty = join(dir, 'empty.csv');
	writeFileSync(empty, '');
	for (const args of [['replay', empty, '--json'], ['report', empty], ['report', empty, '--json']]) {
		const {code, stderr, stdout} = await esxlat(args);
		assert.equal(code, 1, args.join(' '));
		assert.equal(stderr, `esxlat: ${empty}: empty, not an esxtop capture\n`);
		assert.equal(stdout, '');
	}
	const stdin = await esxlat(['replay', '-', '--json'], '');
	assert.equal(stdin.code, 1);
	assert.equal(stdin.stderr, 'esxlat: stdin: empty, not an esxtop capture\n');
});

test('numeric flags past any real host are usage errors, not runaway memory', async () => {
	const cases: Array<[string[], RegExp]> = [
		[['generate', '-o', '-', '--devices', '1e9'], /--devices 1000000000: at most 16,384 devices/],
		[['generate', '-o', '-', '--samples', '1e12'], /--samples 1000000000000: at most 10,000,000 samples/],
		[['generate', '-o', '-', '--columns', '1e10'], /--columns 10000000000: at most 2,000,000 columns/],
		[['generate', '-o', '-', '--columns', 'many'], /--columns: expected a number/],
		[['generate', '-o', '-', '--vms', '1e7'], /--vms 10000000: at most 16,384 VMs/],
		[['generate', '-o', '-', '--adapters', '5000'], /--adapters 5000: at most 1,024 adapters/],
		[['generate', '-o', '-', '--nfs', '1e6'], /--nfs 1000000: at most 1,024 NFS volumes/],
		[['generate', '-o', '-', '--seed', '-1'], /--seed -1: at least 0/],
		[['live', 'esx01', '--json', '--history', '1e9'], /--history 1000000000: at most 10,000,000 samples/],
		[['record', 'esx01', '--count', '1e12'], /--count 1000000000000: at most 100,000,000 samples/],
		[['record', 'esx01', '--interval', '1e9'], /--interval 1000000000: at most 86,400 seconds/],
		[['report', '-', '--top', '1e9'], /--top 1000000000: at most 100,000 culprits/],
	];
	for (const [args, message] of cases) {
		const started = Date.now();
		const {code, stderr, stdout} = await esxlat(args);
		assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
		assert.match(stderr, message);
		assert.equal(stdout, '');
		assert.ok(Date.now() - started < 10_000);
	}
});
