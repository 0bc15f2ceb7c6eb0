import assert from 'node:assert/strict';
import {test} from 'node:test';
import {maxPlausible, RowScanner} from '../source/parse/row-scanner.js';
import {fieldText, forEachFieldSpan, splitFields} from '../source/parse/tokenize.js';

test('every cell quoted, with the trailing empty field esxtop writes', () => {
	assert.deepEqual(splitFields('"(PDH-CSV 4.0) (UTC)(0)","\\\\h\\Memory\\Free MBytes",'), ['(PDH-CSV 4.0) (UTC)(0)', '\\\\h\\Memory\\Free MBytes', '']);
});

test('the -a PCPU Power State cell: unquoted, no comma, glued to the next quoted cell', () => {
	// Header and data must line up: `   -` sits where `    73.1` does.
	const header = splitFields('"a","C7",   -"PCPU 1 C0","T7",   -');
	const data = splitFields('"1","2",    73.1"8.93","0.00",    73.3');
	assert.deepEqual(header, ['a', 'C7', '-', 'PCPU 1 C0', 'T7', '-']);
	assert.deepEqual(data, ['1', '2', '73.1', '8.93', '0.00', '73.3']);
});

test('spreadsheet re-saves: unquoted cells', () => {
	assert.deepEqual(splitFields('3/26/2015 22:42,24.41,40.7'), ['3/26/2015 22:42', '24.41', '40.7']);
});

test('empty cells stay empty, and "" inside quotes is an escaped quote', () => {
	assert.deepEqual(splitFields('"1","",,"x"'), ['1', '', '', 'x']);
	assert.deepEqual(splitFields('"say ""hi""",2'), ['say "hi"', '2']);
	assert.deepEqual(splitFields('"a,b",c'), ['a,b', 'c']);
});

test('fieldText trims unquoted padding only', () => {
	const line = '"  x  ",  y  ';
	const spans: Array<[number, number]> = [];
	forEachFieldSpan(line, (s, e) => spans.push([s, e]));
	assert.deepEqual(
		spans.map(([s, e]) => fieldText(line, s, e)),
		['  x  ', 'y'],
	);
});

/** Reference spans vs the WebAssembly scanner's, over random lines full of quotes and commas. */
test('the SIMD row scanner finds exactly the fields the reference tokenizer finds', () => {
	const scanner = new RowScanner();
	const alphabet = '"",,,a1. -';
	let state = 42;
	const random = () => {
		state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
		return state / 4_294_967_296;
	};
	for (let round = 0; round < 3000; round++) {
		const length = Math.floor(random() * (round < 200 ? 70 : 400));
		let line = '';
		for (let i = 0; i < length; i++) line += alphabet[Math.floor(random() * alphabet.length)];
		const expected: Array<[number, number]> = [];
		const count = forEachFieldSpan(line, (s, e) => expected.push([s, e]));
		// Select a random subset of the fields (always the first, as the parser does).
		const columns = expected.map((_, i) => i).filter((i) => i === 0 || random() < 0.5);
		scanner.select(new Uint32Array(columns), 0);
		const region = scanner.reserve(0, length + 64);
		for (let i = 0; i < region.length; i++) region[i] = alphabet.charCodeAt(Math.floor(random() * alphabet.length)); // stale bytes past the row
		for (let i = 0; i < length; i++) region[i] = line.charCodeAt(i);
		const base = scanner.dataBase;
		assert.equal(scanner.scan(base, base + length), count, `field count of ${JSON.stringify(line)}`);
		columns.forEach((column, i) => {
			const [start, end] = scanner.span(i);
			assert.deepEqual([start - base, end - base], expected[column], `field ${column} of ${JSON.stringify(line)}`);
		});
		// The values it parsed on the way: a plain decimal's Number(), NaN for anything else and
		// for what no counter can hold (negative, above maxPlausible), which it counts.
		const values = new Float64Array(columns.length);
		scanner.read(values);
		let dropped = 0;
		columns.forEach((column, i) => {
			if (i === 0) return assert.ok(Number.isNaN(values[0]), 'the timestamp cell is left to JS');
			const text = fieldText(line, ...expected[column]!).trim();
			let want = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
			if (want < 0 || want > maxPlausible) {
				want = Number.NaN;
				dropped++;
			}
			assert.ok(Object.is(values[i], want) || values[i] === want, `value of field ${column} (${JSON.stringify(text)}) in ${JSON.stringify(line)}: ${values[i]}`);
		});
		assert.equal(scanner.droppedCells, dropped, `cells out of range in ${JSON.stringify(line)}`);
	}
});

test('the scanner parses plain decimals exactly as Number() does, leaves the rest to JS, and reads what no counter holds as missing', () => {
	const scanner = new RowScanner();
	const cells = ['"0.00"', '"25.86"', '"-1"', '"8083"', '""', '"  73.1"', '"1e3"', '"abc"', '"123456789012345678"', '0.1', '"9007199254740.99"', '"-0.50"', '"-0.00"', '"1000000000000"', '"1000000000000.01"', '"  -7"', '"1e13"'];
	const line = cells.join(',');
	scanner.select(new Uint32Array(cells.map((_, i) => i)), 0);
	const region = scanner.reserve(0, line.length + 64);
	region.set(new TextEncoder().encode(line));
	const base = scanner.dataBase;
	assert.equal(scanner.scan(base, base + line.length), cells.length);
	const values = new Float64Array(cells.length);
	scanner.read(values);
	// Dropped: -1, 9007199254740.99, -0.50 and 1000000000000.01 by the fast path; 1.2e17, "  -7" and 1e13 by JS's.
	const expected = [0, 25.86, Number.NaN, 8083, Number.NaN, 73.1, 1000, Number.NaN, Number.NaN, 0.1, Number.NaN, Number.NaN, -0, 1e12, Number.NaN, Number.NaN, Number.NaN];
	assert.deepEqual(Array.from(values.slice(1)), expected.slice(1));
	assert.equal(scanner.droppedCells, 7);
});
