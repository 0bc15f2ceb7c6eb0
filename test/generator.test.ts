import assert from 'node:assert/strict';
import {test} from 'node:test';
import {CaptureWriter} from '../source/generate/capture-writer.js';
import {scenarioNames, scenarioSpec} from '../source/generate/scenarios.js';
import {bottleneckOf, latencySeverity} from '../source/triage/classify.js';
import {fieldValue} from '../source/model/rows.js';
import {defaultThresholds} from '../source/model/thresholds.js';
import type {Sample} from '../source/parse/capture-parser.js';
import {splitFields} from '../source/parse/tokenize.js';
import {encoder, parseChunks, whole} from './helpers/captures.js';

function parseScenario(name: (typeof scenarioNames)[number], samples = 40, all = false): Sample[] {
	const writer = new CaptureWriter({spec: scenarioSpec(name, samples), all});
	const {events, parser} = parseChunks(encoder.encode([...writer.lines(samples)].join('')), whole);
	assert.equal(parser.stats.drift + parser.stats.truncated + parser.stats.badTime, 0, `${name}: every generated row parses`);
	return events.flatMap((e) => (e.kind === 'sample' ? [e.sample] : []));
}

function classify(sample: Sample, index: number) {
	const entity = sample.schema.byView.device[index]!;
	const v = (f: 'kavg' | 'davg' | 'gavg') => fieldValue(sample.values, entity, f);
	return {severity: latencySeverity(v('kavg'), v('davg'), v('gavg'), defaultThresholds), bottleneck: bottleneckOf(v('kavg'), v('davg'), v('gavg'), defaultThresholds)};
}

test('the real format: PDH marker, quoted cells, trailing empty cell; -a glues the PCPU cells and lines still agree', () => {
	for (const all of [false, true]) {
		const writer = new CaptureWriter({spec: scenarioSpec('healthy', 3, {pcpus: 4, fillerColumns: 50}), all});
		const [header, ...rows] = [...writer.lines(3)].map((line) => line.slice(0, -1));
		assert.ok(header!.startsWith('"(PDH-CSV 4.0) (UTC)(0)","\\\\esx01.lab.local\\Memory\\'));
		assert.match(rows[0]!, /^"\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d",/);
		const cells = splitFields(header!).length;
		for (const row of rows) assert.equal(splitFields(row).length, cells);
		if (all) {
			assert.match(header!, /,   -"\\\\esx01\.lab\.local\\PCPU Power State\(PCPU 1\)\\%C-State C0"/);
			assert.match(rows[1]!, / +\d+\.\d"\d+\.\d\d"/);
			assert.match(header!, /",   -$/);
		} else {
			assert.ok(header!.endsWith('",'));
		}
	}
});

test('the first row is a warm-up: every rate and latency 0, queue depths set', () => {
	const [first] = parseScenario('demo', 5);
	const device = first!.schema.byView.device[1]!;
	assert.equal(fieldValue(first!.values, device, 'davg'), 0);
	assert.equal(fieldValue(first!.values, device, 'cmds'), 0);
	assert.equal(fieldValue(first!.values, device, 'dqlen'), 32);
});

test('scenarios make the latency they promise, rising and falling', () => {
	const middle = 20;
	const check = (name: (typeof scenarioNames)[number], device: number, expected: string) => {
		const all = parseScenario(name);
		assert.equal(classify(all[middle]!, device).bottleneck, expected, `${name} at the middle`);
		assert.equal(classify(all[2]!, device).bottleneck, 'none', `${name} before the episode`);
		assert.equal(classify(all[38]!, device).bottleneck, 'none', `${name} after the episode`);
	};
	check('array-slow', 1, 'storage');
	check('host-queue', 1, 'host');
	check('both', 1, 'both');
	check('adapter-slow', 1, 'storage');
	check('adapter-slow', 3, 'storage');
	const healthy = parseScenario('healthy');
	for (const sample of healthy.slice(1)) for (let d = 0; d < sample.schema.byView.device.length; d++) assert.equal(classify(sample, d).severity, 'ok');
});

test('host-queue: the queue is full (ACTV = DQLEN, QUED > 0) and QAVG is most of KAVG', () => {
	const sample = parseScenario('host-queue')[20]!;
	const device = sample.schema.byView.device[1]!;
	const get = (f: 'actv' | 'dqlen' | 'qued' | 'qavg' | 'kavg') => fieldValue(sample.values, device, f)!;
	assert.equal(get('actv'), get('dqlen'));
	assert.ok(get('qued') > 0);
	assert.ok(get('qavg') >= 0.9 * get('kavg'));
});

test('GAVG = DAVG + KAVG in every generated row, as esxtop prints it', () => {
	for (const sample of parseScenario('demo', 30, true).slice(1)) {
		for (const device of sample.schema.byView.device) {
			const [d, k, g] = (['davg', 'kavg', 'gavg'] as const).map((f) => fieldValue(sample.values, device, f)!);
			assert.ok(Math.abs(g! - (d! + k!)) < 0.011, `${device.id}: ${g} vs ${d} + ${k}`);
		}
	}
});

test('the same seed gives the same capture', () => {
	const a = new CaptureWriter({spec: scenarioSpec('demo', 5), seed: 3});
	const b = new CaptureWriter({spec: scenarioSpec('demo', 5), seed: 3});
	assert.equal([...a.lines(5)].join(''), [...b.lines(5)].join(''));
});
