import assert from 'node:assert/strict';
import {test} from 'node:test';
import {seededRandom} from '../source/generate/device-model.js';
import {ChunkSource} from '../source/input/chunk-source.js';
import {ReadAheadSource} from '../source/input/read-ahead.js';
import {latencySeverity} from '../source/triage/classify.js';
import {formatRate} from '../source/model/format.js';
import {EntityTable} from '../source/triage/report/entity-table.js';
import {gathered, stride} from '../source/triage/report/gather.js';
import {StretchTracker} from '../source/triage/report/stretch-tracker.js';
import {defaultThresholds} from '../source/model/thresholds.js';
import {LogSketch, sketchRelativeError} from '../source/triage/report/sketch.js';
import {formatDuration, TimeFormat} from '../source/triage/report/time-format.js';
import {parseTimeArg, resolveNear, resolveTimeArg, TimeArgError, TimeWindow} from '../source/triage/report/time-window.js';
import {TimelineClock, timelineBuckets} from '../source/triage/report/timeline.js';

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
	const table = new EntityTable();
	const e = table.add({view: 'device', id: 'd', host: 'h', adapter: null});
	const row = new Float64Array(stride).fill(Number.NaN);
	const start = Date.UTC(2026, 0, 5);
	for (let i = 0; i < 1000; i++) {
		const {bucket, merged} = clock.place(start + i * 5000);
		if (merged) table.mergeTimeline();
		row[gathered.davg] = i === 777 ? 140 : 1;
		table.take(row, Int32Array.of(e), start + i * 5000, 5, bucket, defaultThresholds, new Int8Array(1), 5, new Float64Array(1));
	}
	const series = table.series(e, 'davg');
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

test('read-ahead hands on every byte in order, whatever the read sizes, and the inner error at the read that needs it', async () => {
	const text = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz'.repeat(7));
	const chunks = async function* () {
		for (let i = 0; i < text.length; i += 11) yield text.subarray(i, i + 11);
	};
	const source = new ReadAheadSource(new ChunkSource('test', chunks()), 16);
	const out: number[] = [];
	for (let size = 1; ; size = (size % 23) + 3) {
		const into = new Uint8Array(size);
		const n = await source.read(into);
		if (n === 0) break;
		out.push(...into.subarray(0, n));
	}
	assert.deepEqual(Buffer.from(out), text);
	assert.equal(await source.read(new Uint8Array(4)), 0);
	await source.close();

	const failing = async function* () {
		yield Buffer.from('header\n');
		throw new Error('disk gone');
	};
	const broken = new ReadAheadSource(new ChunkSource('broken', failing()), 64);
	assert.equal(await broken.read(new Uint8Array(64)), 7);
	await assert.rejects(broken.read(new Uint8Array(64)), /disk gone/);
});

test('severity ranks in the report table agree with classify.latencySeverity', () => {
	const random = seededRandom(11);
	const table = new EntityTable();
	const e = table.add({view: 'device', id: 'd', host: 'h', adapter: null});
	const row = new Float64Array(stride).fill(Number.NaN);
	const ranks = new Int8Array(1);
	const names = {[-1]: null, 0: 'ok', 1: 'warn', 2: 'crit'} as const;
	for (let i = 0; i < 2000; i++) {
		const pick = () => (random() < 0.05 ? Number.NaN : Math.round(random() * 7000) / 100);
		row[gathered.kavg] = pick() / 10;
		row[gathered.davg] = pick();
		row[gathered.gavg] = pick();
		table.take(row, Int32Array.of(e), Date.UTC(2026, 0, 5), 5, 0, defaultThresholds, ranks, 5, new Float64Array(1));
		const orNull = (v: number) => (Number.isNaN(v) ? null : v);
		assert.equal(names[ranks[0]! as -1 | 0 | 1 | 2], latencySeverity(orNull(row[gathered.kavg]!), orNull(row[gathered.davg]!), orNull(row[gathered.gavg]!), defaultThresholds));
	}
	assert.ok(table.warn[e]! > 0 && table.crit[e]! > 0 && table.rated[e]! < 2000, 'all three kinds of sample were seen');
});

test('formatRate groups thousands as en-US does, without Intl', () => {
	for (const value of [100, 999.6, 1234.5, 123_456, 1_234_567, 9_999_999.4, 1e9]) {
		assert.equal(formatRate(value), Math.round(value).toLocaleString('en-US'), String(value));
	}
	assert.equal(formatRate(12.34), '12.3');
});

test('a stretch survives a one-sample dip, ends after two, and the longest one is kept', () => {
	const tracker = new StretchTracker(false);
	const row = new Float64Array(stride).fill(Number.NaN);
	row[gathered.davg] = 30;
	row[gathered.kavg] = 0.1;
	row[gathered.gavg] = 30.1;
	const start = Date.UTC(2026, 0, 5, 2);
	// warn warn ok warn warn ok ok crit : one stretch of 5 samples (4 over), then a 1-sample spike.
	[1, 1, 0, 1, 1, 0, 0, 2].forEach((rank, i) => {
		const sampleNo = i + 1;
		if (rank > 0) tracker.over(row, 0, rank, start + sampleNo * 5000, 5, sampleNo, defaultThresholds, 0);
		else tracker.below(5, sampleNo);
	});
	tracker.close();
	const best = tracker.best!;
	assert.deepEqual([best.start, best.end], [start + 5000, start + 25_000]);
	assert.deepEqual([best.over, best.span, best.seconds], [4, 5, 25]);
	assert.equal(best.bottleneck, 'storage');
	assert.equal(best.severity, 'warn');
	assert.equal(tracker.overSamples, 5);
	assert.equal(tracker.score, 4 * 5 + 3 * 5, 'warn counts 1, crit 3, per second');
});
