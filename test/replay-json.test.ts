import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {scratchDir} from './helpers/captures.js';
import {test} from 'node:test';
import {promisify} from 'node:util';
import {gzipSync} from 'node:zlib';
import {CaptureWriter} from '../source/generate/capture-writer.js';
import {scenarioSpec} from '../source/generate/scenarios.js';
import {cli, esxlat} from './helpers/run-cli.js';
import {samplePath, samples, skipWithoutSample} from './helpers/shared-samples.js';

const exampleRow = {
	view: 'device',
	id: 'mpx.vmhba0:C0:T5:L0',
	davg: 25.86,
	kavg: 0.05,
	gavg: 25.91,
	qavg: 0.01,
	cmds: 0.6,
	reads: 0,
	writes: 0,
	mbRead: 0,
	mbWritten: 0,
	failed: 1,
	aborts: 0,
	resets: 0,
	dqlen: 31,
	actv: 0,
	qued: 0,
	severity: 'warn',
	bottleneck: 'storage',
};

test('replay --json on the real -a capture prints 3 samples and the documented example row', {skip: skipWithoutSample(samples.allCounters)}, async () => {
	const {stdout, stderr, code} = await esxlat(['replay', samplePath(samples.allCounters)!, '--json']);
	assert.equal(code, 0);
	const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
	assert.equal(lines.length, 3);
	assert.deepEqual(
		lines.map((line) => line.time),
		['2018-04-24T10:49:12.000Z', '2018-04-24T10:49:17.000Z', '2018-04-24T10:49:22.000Z'],
	);
	assert.equal(lines[2].host, 'localhost.home');
	const row = lines[2].rows.find((r: {view: string; id: string}) => r.view === 'device' && r.id === 'mpx.vmhba0:C0:T5:L0');
	assert.deepEqual(Object.keys(row), Object.keys(exampleRow), 'key order is part of the contract');
	assert.deepEqual(row, exampleRow);
	assert.match(stderr, /3 samples; no rows skipped/);
});

test('the default-counters capture likewise: 3 lines, values as printed', {skip: skipWithoutSample(samples.defaultCounters)}, async () => {
	const {stdout, code} = await esxlat(['replay', samplePath(samples.defaultCounters)!, '--json']);
	assert.equal(code, 0);
	const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
	assert.equal(lines.length, 3);
	assert.equal(lines[0].time, '2018-04-26T14:06:27.000Z');
	assert.equal(lines[0].warmup, true);
	const adapter = lines[2].rows.find((r: {view: string}) => r.view === 'adapter');
	assert.equal(adapter.aqlen, null, 'no AQLEN without -a');
	assert.equal(adapter.failed, null, 'no failure counters without -a');
	assert.deepEqual(Object.keys(adapter), ['view', 'id', 'davg', 'kavg', 'gavg', 'qavg', 'cmds', 'reads', 'writes', 'mbRead', 'mbWritten', 'failed', 'aborts', 'resets', 'aqlen', 'severity', 'bottleneck']);
});

const dir = scratchDir();
const capture = [...new CaptureWriter({spec: scenarioSpec('demo', 12)}).lines(12)].join('');
const plainPath = join(dir, 'capture.csv');
const gzPath = join(dir, 'capture.csv.gz');
writeFileSync(plainPath, capture);
writeFileSync(gzPath, gzipSync(capture));

test('plain, .gz and stdin give the same lines; --view restricts the rows', async () => {
	const plain = await esxlat(['replay', plainPath, '--json']);
	const gz = await esxlat(['replay', gzPath, '--json']);
	const stdin = await esxlat(['replay', '-', '--json'], capture);
	assert.equal(plain.code, 0);
	assert.equal(plain.stdout.trim().split('\n').length, 12);
	assert.equal(gz.stdout, plain.stdout);
	assert.equal(stdin.stdout, plain.stdout);
	assert.match(stdin.stderr, /^esxlat: stdin: 12 samples; no rows skipped\n$/);
	const views = await esxlat(['replay', gzPath, '--json', '--view', 'device,nfs']);
	const rows = JSON.parse(views.stdout.split('\n')[3]!).rows as Array<{view: string}>;
	assert.deepEqual(new Set(rows.map((r) => r.view)), new Set(['device', 'nfs']));
});

test('--threshold changes severities', async () => {
	const severities = async (extra: string[]) => {
		const {stdout} = await esxlat(['replay', plainPath, '--json', '--view', 'device', ...extra]);
		return (JSON.parse(stdout.split('\n')[3]!).rows as Array<{severity: string}>).map((r) => r.severity);
	};
	assert.ok((await severities([])).includes('ok'));
	assert.deepEqual(new Set(await severities(['--threshold', 'davg=0:0'])), new Set(['crit']));
});

test('skipped rows are summed up on stderr, exit 0', async () => {
	const lines = capture.split('\n');
	lines[3] = lines[3]!.replace('","', '","1","');
	const damaged = join(dir, 'damaged.csv');
	writeFileSync(damaged, lines.join('\n').slice(0, -30));
	const {stdout, stderr, code} = await esxlat(['replay', damaged, '--json']);
	assert.equal(code, 0);
	assert.equal(stdout.trim().split('\n').length, 10);
	assert.equal(stderr, `esxlat: ${damaged}: 10 samples; skipped 1 truncated last row, 1 row with schema drift (cell count differs from the header)\n`);
});

test('unreadable or non-esxtop input: exit 1, one line naming the file', async () => {
	const notCsv = join(dir, 'notes.txt');
	writeFileSync(notCsv, 'hello\nworld\n');
	const badGz = join(dir, 'bad.gz');
	writeFileSync(badGz, Buffer.from([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
	const cases: Array<[string, RegExp]> = [
		[join(dir, 'missing.csv'), /^esxlat: .*missing\.csv: no such file or directory\n$/],
		[dir, /^esxlat: .*: is a directory, not a capture file\n$/],
		[notCsv, /^esxlat: .*notes\.txt: not an esxtop batch capture: the first line should be a header starting with "\(PDH-CSV 4\.0\)"\n$/],
		[badGz, /^esxlat: .*bad\.gz: the gzip data is corrupt \(.*\)\n$/],
	];
	for (const [file, message] of cases) {
		const {stdout, stderr, code} = await esxlat(['replay', file, '--json']);
		assert.equal(code, 1, file);
		assert.equal(stdout, '');
		assert.match(stderr, message);
	}
});

test('usage errors exit 2 with a pointer to --help', async () => {
	for (const args of [['replay', plainPath, '--json', '--threshold', 'davg=9'], ['replay', plainPath, '--json', '--view', 'disks'], ['frobnicate'], ['replay', '--json']]) {
		const {stderr, code} = await esxlat(args);
		assert.equal(code, 2, args.join(' '));
		assert.match(stderr, /^esxlat: .*\nTry 'esxlat (replay )?--help'\n$/);
	}
});

test('--help and --version', async () => {
	const help = await esxlat(['--help']);
	assert.match(help.stdout, /Usage\n\s+\$ esxlat\s/);
	const replayHelp = await esxlat(['replay', '--help']);
	assert.match(replayHelp.stdout, /esxlat replay FILE/);
	const version = await esxlat(['--version']);
	assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('a closed pipe ends the output quietly', async () => {
	const {stdout, stderr} = await promisify(execFile)('bash', ['-c', `set -o pipefail; node ${cli} replay ${plainPath} --json | head -1; echo "exit=\${PIPESTATUS[0]}"`]);
	assert.match(stdout, /^\{"time".*\nexit=0\n$/);
	assert.doesNotMatch(stderr, /EPIPE|Error/);
});
