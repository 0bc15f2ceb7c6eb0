import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {captureText, scratchDir, writeCapture} from './helpers/captures.js';
import {esxlat} from './helpers/run-cli.js';

const dir = scratchDir();

test('an unknown flag names the flag, guesses the meant one and points at the command help: exit 2', async () => {
	const cases: Array<[string[], RegExp]> = [
		[['replay', 'x.csv', '--jsn'], /^esxlat: unknown flag --jsn \(did you mean --json\?\)\nTry 'esxlat replay --help'\n$/],
		[['report', 'x.csv', '--form', '02:00'], /^esxlat: unknown flag --form \(did you mean --from\?\)\nTry 'esxlat report --help'\n$/],
		[['live', 'root@esx01', '--intervall', '3'], /^esxlat: unknown flag --intervall \(did you mean --interval\?\)\nTry 'esxlat live --help'\n$/],
		[['--bogus'], /^esxlat: unknown flag --bogus\nTry 'esxlat --help'\n$/],
		[['report', 'x.csv', '-x'], /^esxlat: unknown flag -x\nTry 'esxlat report --help'\n$/],
	];
	for (const [args, message] of cases) {
		const {stderr, stdout, code} = await esxlat(args);
		assert.equal(code, 2, args.join(' '));
		assert.match(stderr, message);
		assert.equal(stdout, '');
	}
	// Known flags in all their spellings still pass: --no-json, --flag=value, -o VALUE, --record.
	const ok = await esxlat(['generate', '-o', '-', '--samples=2', '--no-all', '--scenario', 'healthy']);
	assert.equal(ok.code, 0, ok.stderr);
});

test('a usage mistake points at the help of its command', async () => {
	const {stderr, code} = await esxlat(['report']);
	assert.equal(code, 2);
	assert.equal(stderr, "esxlat: report needs a FILE (or - for stdin)\nTry 'esxlat report --help'\n");
});

test('generate -o FILE refuses to overwrite an existing file without --force', async () => {
	const path = join(dir, 'made.csv');
	writeFileSync(path, 'precious\n');
	const refused = await esxlat(['generate', '-o', path, '--samples', '2']);
	assert.equal(refused.code, 2);
	assert.equal(refused.stderr, `esxlat: ${path} exists: add --force to overwrite it\nTry 'esxlat generate --help'\n`);
	assert.equal(readFileSync(path, 'utf8'), 'precious\n', 'untouched');
	const forced = await esxlat(['generate', '-o', path, '--samples', '2', '--force']);
	assert.equal(forced.code, 0, forced.stderr);
	assert.match(readFileSync(path, 'utf8'), /^"\(PDH-CSV 4\.0\)/);
});

test('a capture with no storage counters: replay --json says so on stderr and exits 1; report too', async () => {
	const path = join(dir, 'cpu-only.csv');
	writeFileSync(
		path,
		['"(PDH-CSV 4.0) (UTC)(0)","\\\\esx01\\Physical Cpu(0)\\% Processor Time","\\\\esx01\\Memory\\Free MBytes",', '"01/05/2026 02:00:00","0","100",', '"01/05/2026 02:00:05","12.5","99",', ''].join('\n'),
	);
	const replay = await esxlat(['replay', path, '--json']);
	assert.equal(replay.code, 1);
	assert.match(replay.stderr, /esxlat: .*cpu-only\.csv: no storage counters \(no Physical Disk or Virtual Disk groups\) in this capture: every row is empty\n$/);
	const report = await esxlat(['report', path]);
	assert.equal(report.code, 1);
	assert.match(report.stderr, /no storage counters/);
	// A capture that has them but not for the view asked says which view.
	const demo = writeCapture(dir, 'no-nfs.csv', captureText('healthy', 3));
	const nfs = await esxlat(['replay', demo, '--json', '--view', 'nfs']);
	if (!nfs.stdout.includes('"view":"nfs"')) {
		assert.equal(nfs.code, 1);
		assert.match(nfs.stderr, /no storage counters for --view nfs/);
	}
});

test('the warm-up row of replay --json carries "severity": null, never "ok"', async () => {
	const path = writeCapture(dir, 'warm.csv', captureText('demo', 3));
	const {stdout, code} = await esxlat(['replay', path, '--json']);
	assert.equal(code, 0);
	const [warm, next] = stdout.trim().split('\n').map((line) => JSON.parse(line) as {warmup?: boolean; rows: Array<{view: string; severity?: unknown; bottleneck?: unknown}>});
	assert.equal(warm!.warmup, true);
	for (const row of warm!.rows) {
		if (row.view === 'vm') continue;
		assert.equal(row.severity, null, `${row.view} severity`);
		if (row.view !== 'nfs') assert.equal(row.bottleneck, null);
	}
	assert.ok(next!.rows.some((row) => row.severity === 'ok'), 'the next row is judged');
});

test('a piped report wraps to $COLUMNS, or to 100 columns', async () => {
	const path = writeCapture(dir, 'slow.csv', captureText('array-slow', 40));
	// Prose wraps; tables keep their columns (only the id column gives way).
	const isTable = (line: string) => /\S {2,}\S.* {2,}\S.* {2,}\S/.test(line);
	const longest = (text: string) => Math.max(...text.split('\n').filter((line) => !isTable(line)).map((line) => line.length));
	const plain = await esxlat(['report', path]);
	assert.equal(plain.code, 0, plain.stderr);
	assert.ok(longest(plain.stdout) <= 100, `prose within 100 columns: ${longest(plain.stdout)}`);
	const narrow = await new Promise<string>((resolve) => {
		// $COLUMNS from the environment, as a shell that exports it passes it.
		void import('node:child_process').then(({execFile}) =>
			execFile(process.execPath, [new URL('../dist/cli.js', import.meta.url).pathname, 'report', path], {env: {...process.env, COLUMNS: '70'}}, (_error, stdout) => resolve(stdout)),
		);
	});
	assert.ok(longest(narrow) <= 70, `prose within 70 columns: ${longest(narrow)}`);
});
