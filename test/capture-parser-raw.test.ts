import assert from 'node:assert/strict';
import {test} from 'node:test';
import {CaptureWriter} from '../source/generate/capture-writer.js';
import {scenarioSpec} from '../source/generate/scenarios.js';
import {CaptureParser, type ParseEvent} from '../source/parse/capture-parser.js';

test('keepRaw hands out each line as its own copy, whatever the parser reads after it', () => {
	const writer = new CaptureWriter({spec: scenarioSpec('healthy', 4, {devices: 2, vms: 1, nfs: 0}), all: true});
	const lines = [...writer.lines(4)];
	const text = lines.join('');
	const parser = new CaptureParser({keepRaw: true});
	const events: ParseEvent[] = [];
	// Odd chunk sizes split lines anywhere; events are inspected only after all input is in.
	for (let at = 0; at < text.length; at += 777) events.push(...parser.feed(Buffer.from(text.slice(at, at + 777))));
	events.push(...parser.end());
	const raws = events.map((event) => (event.kind === 'header' ? event.raw : event.kind === 'sample' ? event.sample.raw : undefined));
	assert.deepEqual(
		raws.map((raw) => Buffer.from(raw!).toString()),
		lines,
	);
});
