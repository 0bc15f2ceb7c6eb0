import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bottleneckOf, guestSeverity, latencySeverity} from '../source/triage/classify.js';
import {defaultThresholds as t, formatThresholds, parseThresholds, ThresholdSyntaxError} from '../source/model/thresholds.js';

test('defaults: KAVG 2/5, DAVG 20/50, GAVG 20/50 ms', () => {
	assert.equal(formatThresholds(t), 'kavg=2:5,davg=20:50,gavg=20:50');
});

test('--threshold overrides the metrics it names', () => {
	const custom = parseThresholds('kavg=3:8,davg=25:60');
	assert.deepEqual(custom, {kavg: {warn: 3, crit: 8}, davg: {warn: 25, crit: 60}, gavg: {warn: 20, crit: 50}});
	assert.deepEqual(parseThresholds(' GAVG=10.5:30 ').gavg, {warn: 10.5, crit: 30});
});

test('bad --threshold syntax is a one-line error saying what was expected', () => {
	const cases: Array<[string, RegExp]> = [
		['kavg=3', /expected metric=warn:crit/],
		['kavg', /expected metric=warn:crit/],
		['', /expected metric=warn:crit/],
		['savg=1:2', /unknown metric "savg" \(use kavg, davg, gavg\)/],
		['davg=x:2', /must be milliseconds/],
		['davg=-1:2', /must be milliseconds/],
		['davg=60:25', /warn \(60\) is above crit \(25\)/],
	];
	for (const [spec, message] of cases) {
		assert.throws(
			() => parseThresholds(spec),
			(error: unknown) => error instanceof ThresholdSyntaxError && message.test(error.message) && !error.message.includes('\n'),
			spec,
		);
	}
});

test('severity: the worst of KAVG, DAVG, GAVG; null if one is unknown', () => {
	assert.equal(latencySeverity(0.05, 1, 1.05, t), 'ok');
	assert.equal(latencySeverity(2, 1, 3, t), 'warn', 'at warn is warn');
	assert.equal(latencySeverity(0.05, 25.86, 25.91, t), 'warn');
	assert.equal(latencySeverity(0.1, 50, 50.1, t), 'crit');
	assert.equal(latencySeverity(6, 1, 7, t), 'crit');
	assert.equal(latencySeverity(null, 1, 1, t), null);
	assert.equal(latencySeverity(1, 1, null, t), null);
	assert.equal(guestSeverity(30, t), 'warn');
	assert.equal(guestSeverity(null, t), null);
});

test('bottleneck: host, storage, both, GAVG-only by the larger part, none', () => {
	assert.equal(bottleneckOf(3, 25, 28, t), 'both');
	assert.equal(bottleneckOf(3, 5, 8, t), 'host');
	assert.equal(bottleneckOf(0.05, 25.86, 25.91, t), 'storage');
	assert.equal(bottleneckOf(1.9, 19, 20.9, t), 'storage', 'only GAVG at warn, DAVG larger');
	const hostHeavy = {kavg: {warn: 30, crit: 50}, davg: t.davg, gavg: t.gavg};
	assert.equal(bottleneckOf(15, 10, 25, hostHeavy), 'host', 'only GAVG at warn, KAVG larger');
	assert.equal(bottleneckOf(0.1, 1, 1.1, t), 'none');
	assert.equal(bottleneckOf(0.1, null, 1.1, t), null);
});
