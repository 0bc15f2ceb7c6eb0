import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {CaptureParser, type ParseEvent, type Sample} from '../source/parse/capture-parser.js';
import {CaptureFormatError} from '../source/parse/errors.js';
import type {Schema} from '../source/parse/schema.js';
import {fieldValue} from '../source/model/rows.js';
import {encoder, generatedCapture, parseChunks, whole} from './helpers/captures.js';
import {samplePath, samples, skipWithoutSample} from './helpers/shared-samples.js';

const parse = (text: string | Uint8Array, options = {}) => parseChunks(typeof text === 'string' ? encoder.encode(text) : text, whole, options);
const samplesOf = (events: ParseEvent[]): Sample[] => events.flatMap((e) => (e.kind === 'sample' ? [e.sample] : []));
const headerOf = (events: ParseEvent[]): Schema => {
	const header = events.find((e) => e.kind === 'header');
	assert.ok(header?.kind === 'header', 'a header event');
	return header.schema;
};
const entity = (schema: Schema, view: string, id: string) => {
	const found = schema.entities.find((e) => e.view === view && e.id === id);
	assert.ok(found, `${view} ${id} in the schema`);
	return found;
};

test('real -a capture: views, AQLEN from Physical Disk(vmhba0), virtual disks with nested names', {skip: skipWithoutSample(samples.allCounters)}, () => {
	const {events, parser} = parse(readFileSync(samplePath(samples.allCounters)!));
	const schema = headerOf(events);
	assert.equal(schema.fieldCount, 17_428, 'header and rows line up, glued PCPU cells included');
	assert.equal(schema.host, 'localhost.home');
	assert.deepEqual(
		schema.byView.adapter.map((e) => e.id),
		['vmhba0'],
	);
	assert.equal(schema.byView.device.length, 4);
	assert.equal(schema.byView.path.length, 4);
	assert.equal(schema.byView.vm.length, 13);
	assert.equal(schema.byView.nfs.length, 0);
	// Only storage columns are read: a few hundred of 17,428.
	assert.ok(schema.columns.length < 400, `${schema.columns.length} columns selected`);
	assert.ok(schema.present.device.has('aborts') && schema.present.device.has('failed'));
	const [warmup, , last] = samplesOf(events);
	assert.equal(warmup!.index, 0);
	const adapter = entity(schema, 'adapter', 'vmhba0');
	assert.equal(fieldValue(last!.values, adapter, 'aqlen'), 31);
	assert.equal(fieldValue(last!.values, adapter, 'cmds'), 17.67);
	const mpx = entity(schema, 'device', 'mpx.vmhba0:C0:T5:L0');
	assert.deepEqual(mpx.adapters, ['vmhba0'], 'the mpx. id names its adapter');
	assert.equal(fieldValue(last!.values, mpx, 'davg'), 25.86);
	assert.equal(fieldValue(last!.values, mpx, 'failed'), 1);
	assert.equal(entity(schema, 'path', 'vmhba0:C0:T5:L0').adapters[0], 'vmhba0');
	assert.ok(schema.byView.vm.some((e) => e.id === 'ouranos:scsi0:0'));
	assert.deepEqual(parser.stats, {lines: 4, samples: 3, headers: 1, drift: 0, truncated: 0, badTime: 0, outOfRange: 0, rewound: 0});
});

test('real default-counters capture: no -a counters means null, never 0', {skip: skipWithoutSample(samples.defaultCounters)}, () => {
	const {events} = parse(readFileSync(samplePath(samples.defaultCounters)!));
	const schema = headerOf(events);
	assert.equal(schema.fieldCount, 7632);
	assert.ok(!schema.present.device.has('failed'));
	const device = schema.byView.device[0]!;
	const sample = samplesOf(events)[2]!;
	assert.equal(fieldValue(sample.values, device, 'failed'), null);
	assert.equal(fieldValue(sample.values, schema.byView.adapter[0]!, 'aqlen'), null);
	assert.equal(typeof fieldValue(sample.values, device, 'davg'), 'number');
});

test('real NFS volume and nested-parenthesis VM names (the transposed header and row rebuilt as CSV)', {skip: skipWithoutSample(samples.transposedHeader, samples.transposedData)}, () => {
	// The repository author turned one line into one cell per line; join them back.
	const rebuild = (name: string) => `${readFileSync(samplePath(name)!, 'utf8').split('\n').slice(0, -2).join(',')},\n`;
	const {events} = parse(rebuild(samples.transposedHeader) + rebuild(samples.transposedData));
	const schema = headerOf(events);
	const nfs = entity(schema, 'nfs', 'datastore3-nfs');
	assert.ok(schema.byView.vm.some((e) => e.id === 'Ubuntu 14.04-LTS Server (20160602)_10.62.59.186:scsi0:0'));
	assert.equal(schema.byView.adapter.length, 7);
	const [sample] = samplesOf(events);
	assert.equal(sample!.time, Date.UTC(2016, 7, 11, 15, 21, 36));
	assert.equal(typeof fieldValue(sample!.values, nfs, 'gavg'), 'number');
	assert.equal(fieldValue(sample!.values, nfs, 'davg'), null, 'NFS has no DAVG');
});

test('real spreadsheet re-save: unquoted cells, CRLF, minute timestamps', {skip: skipWithoutSample(samples.excelResaved)}, () => {
	const {events, parser} = parse(readFileSync(samplePath(samples.excelResaved)!));
	assert.equal(headerOf(events).fieldCount, 12);
	const all = samplesOf(events);
	assert.equal(all.length, 514);
	assert.equal(all[0]!.time, Date.UTC(2015, 2, 26, 22, 42));
	assert.equal(parser.stats.drift, 0);
});

test('a row whose cell count differs from the header is skipped as schema drift, never mapped by position', () => {
	const lines = generatedCapture(4, {devices: 2}).split('\n');
	lines[2] = lines[2]!.replace('","', '","0","'); // one cell too many
	lines[3] = lines[3]!.slice(0, lines[3]!.lastIndexOf(',"')); // one too few
	const {events, parser} = parse(lines.join('\n'));
	assert.equal(samplesOf(events).length, 2);
	assert.equal(parser.stats.drift, 2);
	const skips = events.filter((e) => e.kind === 'skip');
	assert.deepEqual(
		skips.map((e) => e.kind === 'skip' && [e.reason, e.line]),
		[
			['drift', 3],
			['drift', 4],
		],
	);
});

test('a header in mid-stream starts a new schema (concatenated captures)', () => {
	const first = generatedCapture(3, {devices: 2, host: 'esx-a'});
	const second = generatedCapture(2, {devices: 3, host: 'esx-b'});
	const {events, parser} = parse(first + second);
	const headers = events.filter((e) => e.kind === 'header');
	assert.equal(headers.length, 2);
	const all = samplesOf(events);
	assert.deepEqual(
		all.map((s) => [s.schema.host, s.schema.segment, s.index]),
		[
			['esx-a', 0, 0],
			['esx-a', 0, 1],
			['esx-a', 0, 2],
			['esx-b', 1, 0],
			['esx-b', 1, 1],
		],
	);
	assert.equal(all[4]!.schema.byView.device.length, 4);
	assert.equal(parser.stats.headers, 2);
});

test('a truncated last line (Ctrl-C, dropped connection) is dropped and counted', () => {
	const text = generatedCapture(3, {devices: 2});
	const cut = text.slice(0, text.length - 40);
	const {events, parser} = parse(cut);
	assert.equal(samplesOf(events).length, 2);
	assert.equal(parser.stats.truncated, 1);
	// A complete last row without its line break is kept.
	const {events: kept, parser: p2} = parse(text.slice(0, -1));
	assert.equal(samplesOf(kept).length, 3);
	assert.equal(p2.stats.truncated, 0);
});

test('a line longer than the bound is a clear error, not an out-of-memory', () => {
	const parser = new CaptureParser({maxLineBytes: 1000});
	parser.feed(encoder.encode(generatedCapture(1, {devices: 1}).split('\n')[0]!.slice(0, 900)));
	assert.throws(() => parser.feed(new Uint8Array(200).fill(0x41)), (error: unknown) => {
		assert.ok(error instanceof CaptureFormatError);
		assert.match(error.message, /line 1 runs past 1000 B without a line break/);
		return true;
	});
});

test('input that is not an esxtop capture is a one-line CaptureFormatError', () => {
	assert.throws(() => parse('name,value\nfoo,1\n'), /not an esxtop batch capture: the first line should be a header starting with "\(PDH-CSV 4\.0\)"/);
	assert.throws(() => parse('"(PDH-CSV 4.0) (UTC)(0)"\n"\\\\h\\Memory\\Free MBytes"\n'), /the header has no counter columns/);
	assert.throws(() => parse(new Uint8Array([0x1f, 0x8b, 0, 1, 2, 10])), CaptureFormatError);
});

test('empty cells are null, and rows with a bad timestamp are skipped and counted', () => {
	const lines = generatedCapture(3, {devices: 1}).split('\n');
	const schema = headerOf(parse(lines.join('\n')).events);
	const davgColumn = schema.columns[schema.byView.device[0]!.slots[0]!]!;
	const cells = lines[2]!.split(',');
	cells[davgColumn] = '""';
	lines[2] = cells.join(',');
	lines[1] = lines[1]!.replace(/^"[^"]*"/, '"yesterday"');
	const {events, parser} = parse(lines.join('\n'));
	const all = samplesOf(events);
	assert.equal(all.length, 2);
	assert.equal(fieldValue(all[0]!.values, all[0]!.schema.byView.device[0]!, 'davg'), null);
	assert.equal(parser.stats.badTime, 1);
});

test('--view restricts the columns read', () => {
	const text = generatedCapture(2, {devices: 3, vms: 2, nfs: 1});
	const all = headerOf(parse(text).events);
	const devicesOnly = headerOf(parse(text, {views: ['device']}).events);
	assert.ok(devicesOnly.columns.length < all.columns.length);
	assert.deepEqual(new Set(devicesOnly.entities.map((e) => e.view)), new Set(['device']));
});

test('keepRaw hands recorders each line exactly as received', () => {
	const text = generatedCapture(2, {devices: 1}).replaceAll('\n', '\r\n');
	const {events} = parse(text, {keepRaw: true});
	const raw = events.map((e) => (e.kind === 'header' ? e.raw : e.kind === 'sample' ? e.sample.raw : undefined));
	assert.equal(new TextDecoder().decode(Buffer.concat(raw.map((r) => r!))), text);
});
