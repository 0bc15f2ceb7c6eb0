import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {gzipSync} from 'node:zlib';
import {CaptureWriter} from '../source/generate/capture-writer.js';
import {scenarioSpec} from '../source/generate/scenarios.js';
import {esxlat} from './helpers/run-cli.js';
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
