import {formatMs} from '../../model/format.js';
import type {TimelineMetric} from './entity-table.js';
import {formatDuration, type TimeFormat} from './time-format.js';
import type {Recurrence, Trend} from './types.js';

/** Gaps between episode starts varying by at most this share of their mean read as "about every". */
const regularSpread = 0.35;

/**
 * Three or more episodes recur: "11 bursts, about every 2 min" when the gaps between their
 * starts are regular (a backup or a batch job), "5 episodes" when they are not.
 */
export function recurrenceOf(episodes: number, gaps: {count: number; sum: number; squares: number}): Recurrence | null {
	if (episodes < 3 || gaps.count < 2) return null;
	const mean = gaps.sum / gaps.count;
	const variance = Math.max(0, gaps.squares / gaps.count - mean * mean);
	const regular = mean > 0 && Math.sqrt(variance) <= regularSpread * mean;
	return {
		episodes,
		every: regular ? mean : null,
		text: regular ? `${episodes} bursts, about every ${formatDuration(mean)}` : `${episodes} episodes at irregular times`,
	};
}

const label = {davg: 'DAVG', kavg: 'KAVG', gavg: 'GAVG'} as const;

/**
 * A latency rising over the capture (a filling array, a growing snapshot): from the lowest
 * bucket mean before the last third to the mean of the last buckets, when that end is at warn
 * or above, at least twice the start, and the rise is steady (correlation with time ≥ 0.8 over
 * at least a third of the buckets).
 */
export function trendOf(means: readonly number[], starts: readonly number[], warn: number, metric: TimelineMetric, time: TimeFormat): Trend | null {
	const points: Array<{t: number; v: number}> = [];
	for (let b = 0; b < means.length; b++) if (means[b]! === means[b]! && starts[b]! === starts[b]!) points.push({t: starts[b]!, v: means[b]!});
	const n = points.length;
	if (n < 9) return null;
	const tail = points.slice(Math.floor(n * 0.85));
	const end = tail.reduce((sum, p) => sum + p.v, 0) / tail.length;
	if (end < warn) return null;
	let s = 0;
	for (let i = 1; i < Math.floor(n * 0.67); i++) if (points[i]!.v < points[s]!.v) s = i;
	// Past the flat part: the rise starts where the values leave the lowest one's level.
	const flat = Math.max(1.5 * points[s]!.v, points[s]!.v + Math.max(2, 0.1 * warn));
	while (s + 1 < n && points[s + 1]!.v <= flat) s++;
	const rise = points.slice(s);
	if (rise.length < Math.max(6, n / 3)) return null;
	const start = Math.max(points[s]!.v, 0.01);
	// (the level it rose from: the flat part's last bucket)
	if (end < 2 * start) return null;
	if (correlation(rise) < 0.8) return null;
	const since = points[s]!.t;
	return {metric, from: start, to: end, since, text: `${label[metric]} rising from ${formatMs(start)} to ${formatMs(end)} ms since ${time.at(since, true)}`};
}

function correlation(points: ReadonlyArray<{t: number; v: number}>): number {
	const n = points.length;
	const mt = points.reduce((sum, p) => sum + p.t, 0) / n;
	const mv = points.reduce((sum, p) => sum + p.v, 0) / n;
	let cov = 0;
	let vt = 0;
	let vv = 0;
	for (const p of points) {
		cov += (p.t - mt) * (p.v - mv);
		vt += (p.t - mt) ** 2;
		vv += (p.v - mv) ** 2;
	}
	return vt > 0 && vv > 0 ? cov / Math.sqrt(vt * vv) : 0;
}
