import assert from 'node:assert/strict';
import {test} from 'node:test';
import {seededRandom} from '../source/generate/device-model.js';
import {LogSketch, sketchRelativeError} from '../source/model/report/sketch.js';
import {formatDuration, TimeFormat} from '../source/model/report/time-format.js';
import {parseTimeArg, resolveNear, resolveTimeArg, TimeArgError, TimeWindow} from '../source/model/report/time-window.js';
import {mergeSeries, newSeries, recordMax, TimelineClock, timelineBuckets} from '../source/model/report/timeline.js';

/** The ⌈q·n⌉-th smallest value: the nearest-rank definition the sketch follows. */
function nearestRank(sorted: number[], q: number): number {
	return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

test('the sketch gives p50/p95/p99 within its stated relative error, and the exact max', () => {
	const random = seededRandom(42);
	const values: number[] = [];
	const sketch = new LogSketch();
	for (let i = 0; i < 20_000; i++) {
		// Latency-like: mostly 0.5–3 ms, a tail to 400 ms, some exact zeros, esxtop's two decimals.
		const r = random();
		const value = r < 0.05 ? 0 : r < 0.9 ? 0.5 + 2.5 * random() : 400 * random() ** 3;
		const rounded = Math.round(value * 100) / 100;
		values.push(rounded);
		sketch.add(rounded);
	}
	values.sort((a, b) => a - b);
	for (const q of [0.01, 0.5, 0.9, 0.95, 0.99, 0.999]) {
		const exact = nearestRank(values, q);
		const estimate = sketch.quantile(q)!;
		assert.ok(Math.abs(estimate - exact) <= sketchRelativeError * exact + 1e-9, `q=${q}: ${estimate} vs exact ${exact}`);
	}
	assert.equal(sketch.quantile(1), values.at(-1));
	assert.equal(sketch.max, values.at(-1));
	assert.equal(sketch.quantile(0), 0);
	assert.equal(sketch.count, values.length);
});

test('the sketch is exact for tiny streams where it matters: one and two samples', () => {
	const one = new LogSketch();
	one.add(31.92);
	assert.equal(one.quantile(0.5), 31.92);
	assert.equal(one.quantile(0.95), 31.92);
	const two = new LogSketch();
	two.add(25.86);
	two.add(31.92);
	assert.equal(two.quantile(0.5), 25.86, 'p50 of two is the lower (nearest rank)');
	assert.equal(two.quantile(0.95), 31.92, 'p95 of two is the upper, never below the mean');
	assert.equal(new LogSketch().quantile(0.5), null);
});

test('the sketch keeps the same memory whatever the stream length', () => {
	const sketch = new LogSketch();
	const random = seededRandom(7);
	sketch.add(0.01);
	sketch.add(5000);
	const spanned = sketch.bucketCount;
	for (let i = 0; i < 500_000; i++) sketch.add(0.01 + random() * 4999.99);
	assert.equal(sketch.bucketCount, spanned, 'half a million samples in the same range: not one bucket more');
	assert.ok(spanned < 2048, `${spanned} buckets for 0.01–5000 ms`);
	sketch.clear();
	assert.equal(sketch.count, 0);
	assert.equal(sketch.quantile(0.5), null);
});

test('the timeline clock merges buckets pairwise and keeps every spike', () => {
	const clock = new TimelineClock();
	const series = newSeries();
	const start = Date.UTC(2026, 0, 5);
	for (let i = 0; i < 1000; i++) {
		const {bucket, merged} = clock.place(start + i * 5000);
		if (merged) mergeSeries(series);
		recordMax(series, bucket, i === 777 ? 140 : 1);
	}
	assert.ok(clock.used <= timelineBuckets);
	assert.equal(clock.span, 32, '1000 samples over 60 buckets: 32 samples a bucket');
	assert.equal(clock.used, Math.ceil(1000 / 32));
	const spikeBucket = Math.floor(777 / 32);
	assert.equal(series[spikeBucket], 140);
	assert.equal(Math.max(...Array.from(series.subarray(0, clock.used))), 140);
	assert.equal(clock.starts[spikeBucket], start + spikeBucket * 32 * 5000);
});

test('--from/--to accept times of day, ISO and esxtop timestamps, in UTC', () => {
	const first = Date.UTC(2026, 0, 5, 23, 10, 0);
	const clock = parseTimeArg('--from', '23:30');
	assert.equal(resolveTimeArg(clock, first), Date.UTC(2026, 0, 5, 23, 30));
	assert.equal(resolveTimeArg(parseTimeArg('--to', '00:30'), first), Date.UTC(2026, 0, 6, 0, 30), 'after midnight: the next day');
	assert.equal(resolveNear(parseTimeArg('--from', '23:00'), first), Date.UTC(2026, 0, 5, 23, 0), 'just before the first row: the same day');
	assert.equal(resolveNear(parseTimeArg('--from', '01:00'), first), Date.UTC(2026, 0, 6, 1, 0), 'nearest the first row');
	assert.equal(resolveTimeArg(parseTimeArg('--from', '2026-01-05T02:10:00Z'), first), Date.UTC(2026, 0, 5, 2, 10));
	assert.equal(resolveTimeArg(parseTimeArg('--from', '2026-01-05T04:10:00+02:00'), first), Date.UTC(2026, 0, 5, 2, 10));
	assert.equal(resolveTimeArg(parseTimeArg('--from', '2026-01-05 02:10'), first), Date.UTC(2026, 0, 5, 2, 10));
	assert.equal(resolveTimeArg(parseTimeArg('--from', '01/05/2026 02:10:05'), first), Date.UTC(2026, 0, 5, 2, 10, 5));
	for (const bad of ['25:00', '02:61', 'yesterday', '2026-02-30 01:00', '']) {
		assert.throws(() => parseTimeArg('--from', bad), TimeArgError, bad);
	}
	assert.throws(() => new TimeWindow(parseTimeArg('--from', '2026-01-05T03:00Z'), parseTimeArg('--to', '2026-01-05T02:00Z')), /after --to/);
});

test('a window resolves at the first row and keeps both ends', () => {
	const window = new TimeWindow(parseTimeArg('--from', '02:10'), parseTimeArg('--to', '02:20'));
	const at = (h: number, m: number) => Date.UTC(2026, 0, 5, h, m);
	window.anchor(at(2, 0) + 5000);
	assert.equal(window.contains(at(2, 0)), false);
	assert.equal(window.contains(at(2, 10)), true);
	assert.equal(window.contains(at(2, 20)), true);
	assert.equal(window.contains(at(2, 21)), false);
	assert.deepEqual(window.bounds, {from: at(2, 10), to: at(2, 20)});
});

test('report times: short ranges keep seconds, long ones drop them, dates appear across midnight', () => {
	const day = new TimeFormat(Date.UTC(2026, 0, 5, 2), Date.UTC(2026, 0, 5, 3));
	assert.equal(day.range(Date.UTC(2026, 0, 5, 2, 10), Date.UTC(2026, 0, 5, 2, 52)), '02:10–02:52');
	assert.equal(day.range(Date.UTC(2026, 0, 5, 2, 10, 5), Date.UTC(2026, 0, 5, 2, 11, 0)), '02:10:05–02:11:00');
	assert.equal(day.range(Date.UTC(2026, 0, 5, 2, 10, 5), Date.UTC(2026, 0, 5, 2, 10, 5)), '02:10:05');
	const night = new TimeFormat(Date.UTC(2026, 0, 5, 23), Date.UTC(2026, 0, 6, 1));
	assert.equal(night.at(Date.UTC(2026, 0, 6, 0, 15, 0)), '01-06 00:15:00');
	assert.deepEqual([35, 600, 7500, 200_000].map(formatDuration), ['35 s', '10 min', '2 h 05 min', '2 d 7 h']);
});
