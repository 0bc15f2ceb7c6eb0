import assert from 'node:assert/strict';
import {test} from 'node:test';
import {LogSketch, SketchColumns} from '../source/triage/report/sketch.js';

let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;

test('sketch columns give what one LogSketch per stream gives: counts, min, max, every quantile', () => {
	// A small batch and many sketches with wide, drifting ranges: regions widen both ways and the arena compacts.
	const columns = new SketchColumns(5);
	const sketches: LogSketch[] = [];
	const streams = 300;
	columns.addSketches(100);
	for (let s = 0; s < 100; s++) sketches.push(new LogSketch());
	for (let sample = 0; sample < 400; sample++) {
		if (sample === 150) {
			// Entities seen only from a later header on.
			assert.equal(columns.addSketches(streams - 100), 100);
			for (let s = 100; s < streams; s++) sketches.push(new LogSketch());
		}
		for (let s = 0; s < sketches.length; s++) {
			if (random() < 0.1) continue; // an empty cell
			const kind = s % 4;
			const value =
				kind === 0 ? Math.round(random() * 300) / 100 // hundredths, the usual
				: kind === 1 ? random() * 10 ** (sample / 40 - 3) // climbs from 0.001 ms to 10 s
				: kind === 2 ? 10 ** (3 - sample / 60) * random() // falls
				: random() < 0.3 ? 0 : random() * 1e6; // zeros and huge values
			columns.add(s, value);
			sketches[s]!.add(value);
		}
		columns.endSample();
	}
	for (let s = 0; s < streams; s++) {
		const got = columns.sketch(s);
		const want = sketches[s]!;
		assert.equal(got.count, want.count, `sketch ${s} count`);
		assert.equal(got.min, want.min);
		assert.equal(got.max, want.max);
		for (const q of [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1]) assert.equal(got.quantile(q), want.quantile(q), `sketch ${s} q${q}`);
	}
});

test('a sketch read in mid-stream holds what came before; later values still count', () => {
	const columns = new SketchColumns(64);
	columns.addSketches(1);
	for (const value of [1, 2, 3]) {
		columns.add(0, value);
		columns.endSample();
	}
	const early = columns.sketch(0);
	columns.add(0, 100);
	columns.endSample();
	assert.equal(early.count, 3);
	assert.ok(Math.abs(early.quantile(1)! - 3) <= 0.03);
	assert.equal(columns.sketch(0).max, 100);
	assert.equal(columns.sketch(0).count, 4);
	assert.equal(new SketchColumns().addSketches(2), 0);
});
