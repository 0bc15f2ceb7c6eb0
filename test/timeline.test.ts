import assert from 'node:assert/strict';
import {test} from 'node:test';
import {reconnectDelay} from '../source/live/backoff.js';
import {describeStatus} from '../source/live/status.js';
import type {Sample} from '../source/parse/capture-parser.js';
import {Timeline} from '../source/model/timeline.js';

/** Samples only need a time here; the timeline never looks inside. */
const sample = (seconds: number) => ({time: seconds * 1000, index: seconds, line: seconds}) as unknown as Sample;
const times = (timeline: Timeline) => timeline.history(100).map((entry) => (entry.kind === 'sample' ? entry.sample.time / 1000 : 'gap'));

test('live: shows the newest sample; a gap marker sits where the stream was lost, once per outage', () => {
	const timeline = new Timeline(10);
	timeline.markGap('before anything', 0);
	for (const t of [5, 10]) timeline.push(sample(t));
	timeline.markGap('connection lost', 10_000);
	timeline.markGap('reconnect failed', 11_000);
	timeline.push(sample(40));
	assert.ok(timeline.isLive);
	assert.equal(timeline.shown?.time, 40_000);
	assert.deepEqual(times(timeline), [5, 10, 'gap', 40]);
	const gap = timeline.history(100)[2]!;
	assert.deepEqual(gap, {kind: 'gap', since: 10_000, reason: 'connection lost'});
	assert.equal(timeline.behindMs(), 0);
});

test('frozen: the shown sample stays while samples arrive; t/T step over gaps; z returns to live', () => {
	const timeline = new Timeline(10);
	for (const t of [5, 10, 15]) timeline.push(sample(t));
	timeline.freeze();
	timeline.push(sample(20));
	timeline.markGap('stalled', 20_000);
	timeline.push(sample(50));
	assert.equal(timeline.shown?.time, 15_000);
	assert.equal(timeline.behindMs(), 35_000, '"35 s behind live"');
	assert.equal(timeline.behindSamples(), 2);
	timeline.step(-1);
	assert.equal(timeline.shown?.time, 10_000);
	timeline.step(-5);
	assert.equal(timeline.shown?.time, 5_000, 'stops at the oldest');
	timeline.step(3);
	assert.equal(timeline.shown?.time, 20_000);
	timeline.step(1);
	assert.equal(timeline.shown?.time, 50_000, 'steps over the gap marker');
	assert.ok(!timeline.isLive, 'reaching the newest sample does not resume following');
	timeline.push(sample(55));
	assert.equal(timeline.shown?.time, 50_000);
	assert.deepEqual(times(timeline).slice(-3), [20, 'gap', 50], 'history ends at the shown sample');
	timeline.resume();
	assert.equal(timeline.shown?.time, 55_000);
});

test('b jumps to the last sample at or before a time; the cursor survives until its sample is dropped', () => {
	const timeline = new Timeline(4);
	for (const t of [5, 10, 15, 20]) timeline.push(sample(t));
	timeline.jumpTo(12_000);
	assert.equal(timeline.shown?.time, 10_000);
	timeline.jumpTo(1_000);
	assert.equal(timeline.shown?.time, 5_000, 'before the start: the oldest');
	timeline.jumpTo(10_000);
	timeline.push(sample(25));
	assert.equal(timeline.shown?.time, 10_000, 'the oldest (5) dropped out, not the shown one');
	timeline.push(sample(30));
	timeline.push(sample(35));
	assert.equal(timeline.shown?.time, 20_000, 'its sample dropped out: the oldest kept');
	assert.ok(!timeline.isLive);
});

test('reconnect waits: 1 s doubling to 30 s, jitter adds at most a quarter; the status says when and which attempt', () => {
	assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 40].map((n) => reconnectDelay(n, () => 0)), [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
	assert.deepEqual([1, 3, 6].map((n) => reconnectDelay(n, () => 0.999)), [1250, 4999, 30_000]);
	const status = {state: 'reconnecting', attempt: 3, retryAt: 10_000 + 3_600, reason: 'connection lost'} as const;
	assert.equal(describeStatus(status, 10_000), 'connection lost; reconnecting in 4 s, attempt 3');
	assert.equal(describeStatus({state: 'streaming', since: 0}), 'live');
});
