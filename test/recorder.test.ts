import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {gunzipSync} from 'node:zlib';
import {CaptureWriter} from '../source/generate/capture-writer.js';
import {scenarioSpec} from '../source/generate/scenarios.js';
import {openCapture} from '../source/input/open-capture.js';
import {defaultRecordingName} from '../source/live/recording-name.js';
import {Recorder, type RecordingState, segmentPath} from '../source/live/recorder.js';
import {CaptureParser} from '../source/parse/capture-parser.js';
import {readCapture} from '../source/parse/read-capture.js';
import {withTempDir} from './helpers/temp-dir.js';

const bytes = (text: string) => Buffer.from(text);

function capture(devices: number) {
	const writer = new CaptureWriter({spec: scenarioSpec('healthy', 10, {devices, vms: 1, nfs: 0})});
	return {header: writer.header, rows: Array.from({length: 6}, (_, index) => writer.row(index))};
}

async function samplesIn(path: string): Promise<number> {
	const source = await openCapture(path);
	const parser = new CaptureParser();
	let count = 0;
	for await (const events of readCapture(source, parser)) count += events.filter((event) => event.kind === 'sample').length;
	await source.close();
	return count;
}

test('the file holds the bytes as received; an identical header (a reconnect) continues it', withTempDir(async (dir) => {
	const {header, rows} = capture(2);
	const path = join(dir, 'esx01.csv');
	const recorder = new Recorder(path);
	recorder.writeHeader(bytes(header));
	for (const [i, row] of rows.slice(0, 3).entries()) recorder.writeRow(bytes(row), i === 0);
	// The reconnected esxtop starts with its own warm-up row: all zero, left out of a continued file.
	recorder.writeHeader(bytes(header));
	recorder.writeRow(bytes(rows[0]!), true);
	for (const row of rows.slice(3)) recorder.writeRow(bytes(row));
	await recorder.close();
	assert.equal(readFileSync(path, 'utf8'), header + rows.join(''));
	assert.deepEqual(recorder.state, {path, files: [path], rows: 6, bytes: Buffer.byteLength(header + rows.join('')), error: null});
}));

test('a different header starts NAME.2.csv (skipping names that exist); each segment replays on its own', withTempDir(async (dir) => {
	const first = capture(2);
	const second = capture(3);
	const path = join(dir, 'esx01.csv');
	writeFileSync(join(dir, 'esx01.2.csv'), 'someone else\n');
	const recorder = new Recorder(path);
	recorder.writeHeader(bytes(first.header));
	recorder.writeRow(bytes(first.rows[0]!));
	recorder.writeHeader(bytes(second.header));
	recorder.writeRow(bytes(second.rows[0]!));
	recorder.writeRow(bytes(second.rows[1]!));
	await recorder.close();
	const next = join(dir, 'esx01.3.csv');
	assert.deepEqual(recorder.state.files, [path, next]);
	assert.equal(readFileSync(join(dir, 'esx01.2.csv'), 'utf8'), 'someone else\n', 'never overwritten');
	assert.equal(readFileSync(next, 'utf8'), second.header + second.rows[0] + second.rows[1]);
	assert.equal(await samplesIn(path), 1);
	assert.equal(await samplesIn(next), 2);
}));

test('segment names keep the extensions', () => {
	assert.equal(segmentPath('/r/esx01-20260105-020000.csv', 2), '/r/esx01-20260105-020000.2.csv');
	assert.equal(segmentPath('/r/esx01.csv.gz', 3), '/r/esx01.3.csv.gz');
	assert.equal(segmentPath('/r/capture', 2), '/r/capture.2');
	assert.equal(defaultRecordingName('esx01.lab', new Date(2026, 0, 5, 2, 3, 4)), 'esx01.lab-20260105-020304.csv');
	assert.equal(defaultRecordingName('fe80::1', new Date(2026, 11, 31, 23, 59, 9)), 'fe80_1-20261231-235909.csv');
});

test('.gz is complete after every row: readable before the recorder is closed, and exact after', withTempDir(async (dir) => {
	const {header, rows} = capture(2);
	const path = join(dir, 'esx01.csv.gz');
	const recorder = new Recorder(path);
	recorder.writeHeader(bytes(header));
	for (const row of rows.slice(0, 4)) recorder.writeRow(bytes(row));
	assert.equal(await samplesIn(path), 4, 'every row written so far is readable');
	assert.equal(execFileSync('zcat', [path], {encoding: 'utf8'}), header + rows.slice(0, 4).join(''), 'gzip tools read it too');
	recorder.writeRow(bytes(rows[4]!));
	await recorder.close();
	assert.equal(gunzipSync(readFileSync(path)).toString(), header + rows.slice(0, 5).join(''));
}));

test('an existing file is never overwritten; a recording that got nothing leaves no file', withTempDir(async (dir) => {
	const path = join(dir, 'taken.csv');
	writeFileSync(path, 'keep me');
	assert.throws(() => new Recorder(path), /taken\.csv exists: choose another name/);
	assert.equal(readFileSync(path, 'utf8'), 'keep me');
	assert.throws(() => new Recorder(join(dir, 'missing', 'x.csv')), /cannot create .*x\.csv: no such file/);
	const empty = new Recorder(join(dir, 'empty.csv'));
	await empty.close();
	assert.ok(!existsSync(join(dir, 'empty.csv')));
}));

test('a write failure stops the recording once, with the reason; rows after it are not counted', withTempDir(async (dir) => {
	const first = capture(2);
	const second = capture(3);
	const sub = join(dir, 'sub');
	mkdirSync(sub);
	const errors: RecordingState[] = [];
	const recorder = new Recorder(join(sub, 'esx01.csv'), (state) => errors.push(state));
	recorder.writeHeader(bytes(first.header));
	recorder.writeRow(bytes(first.rows[0]!));
	rmSync(sub, {recursive: true}); // the next segment cannot be created
	recorder.writeHeader(bytes(second.header));
	recorder.writeRow(bytes(second.rows[0]!));
	await recorder.close();
	assert.equal(errors.length, 1);
	assert.match(errors[0]!.error!, /^recording stopped at 1 sample: cannot write .*esx01\.csv: no such file/);
	assert.equal(recorder.state.rows, 1);
}));
