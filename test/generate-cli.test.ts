import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {scratchDir} from './helpers/captures.js';
import {test} from 'node:test';
import {promisify} from 'node:util';
import {gunzipSync} from 'node:zlib';
import {cli, esxlat} from './helpers/run-cli.js';

const dir = scratchDir();

test('generate writes plain and gzip captures that replay reads back', async () => {
	const plain = join(dir, 'a.csv');
	const gz = join(dir, 'a.csv.gz');
	assert.equal((await esxlat(['generate', '-o', plain, '--samples', '5', '--scenario', 'array-slow', '--all'])).code, 0);
	assert.equal((await esxlat(['generate', '-o', gz, '--samples', '5', '--scenario', 'array-slow', '--all'])).code, 0);
	assert.equal(gunzipSync(readFileSync(gz)).toString(), readFileSync(plain, 'utf8'));
	const {stdout, stderr} = await esxlat(['replay', gz, '--json']);
	assert.equal(stdout.trim().split('\n').length, 5);
	assert.match(stderr, /5 samples; no rows skipped/);
});

test('the scenario decides the host shape unless a flag says otherwise', async () => {
	const devices = async (args: string[]) => {
		const {stdout} = await esxlat(['generate', '-o', '-', '--samples', '1', ...args]);
		return (stdout.split('\n')[0]!.match(/SCSI Device\([^)]*\)\\Commands\/sec/g) ?? []).length;
	};
	assert.equal(await devices(['--scenario', 'demo']), 8, 'the demo: 7 LUNs and the boot disk');
	assert.equal(await devices(['--scenario', 'demo', '--devices', '2']), 3);
});

test('--paths 2-4 multipaths each LUN round-robin over distinct adapters, and the report links every path', async () => {
	const file = join(dir, 'multipath.csv');
	assert.equal((await esxlat(['generate', '-o', file, '--samples', '12', '--scenario', 'healthy', '--devices', '6', '--adapters', '4', '--paths', '2-4'])).code, 0);
	const report = JSON.parse((await esxlat(['report', file, '--json'])).stdout) as {entities: Array<{view: string; id: string; paths?: Array<{id: string; adapter: string; basis: string[]}>}>};
	const luns = report.entities.filter((entity) => entity.view === 'device' && entity.id.startsWith('naa.'));
	assert.deepEqual(luns.map((lun) => lun.paths?.length), [2, 3, 4, 2, 3, 4], 'LUN d has 2 + d mod 3 paths');
	for (const lun of luns) {
		const adapters = lun.paths!.map((path) => path.adapter);
		assert.equal(new Set(adapters).size, adapters.length, `${lun.id}: one path per adapter`);
		assert.ok(lun.paths!.every((path) => path.basis.includes('commands')), `${lun.id}: linked by summed commands`);
	}
});

test('bad flags and unwritable outputs are one line, never a stack trace', async () => {
	const cases: Array<[string[], number, RegExp]> = [
		[['generate', '--samples', '3'], 2, /generate needs -o FILE/],
		[['generate', '-o', '-', '--scenario', 'meltdown'], 2, /--scenario "meltdown": use one of healthy, /],
		[['generate', '-o', '-', '--devices', '-1'], 2, /--devices must be a whole number/],
		[['generate', '-o', '-', '--paths', '4-2'], 2, /--paths "4-2": give N or MIN-MAX paths per LUN, from 1 to 32/],
		[['generate', '-o', '-', '--paths', 'two'], 2, /--paths "two": give N or MIN-MAX/],
		[['generate', '-o', join(dir, 'missing', 'x.csv')], 1, /^esxlat: .*missing\/x\.csv: no such file or directory\n$/],
	];
	for (const [args, code, message] of cases) {
		const result = await esxlat(args);
		assert.equal(result.code, code, args.join(' '));
		assert.match(result.stderr, message);
		assert.doesNotMatch(result.stderr, /\n\s+at /);
	}
});

test('a closed pipe ends generate quietly', async () => {
	const {stdout, stderr} = await promisify(execFile)('bash', ['-c', `node ${cli} generate -o - --samples 200 | head -c 100 > /dev/null; echo "exit=\${PIPESTATUS[0]}"`]);
	assert.equal(stdout, 'exit=0\n');
	assert.equal(stderr, '');
});
