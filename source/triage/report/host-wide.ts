import {formatMs} from '../../model/format.js';
import type {Cause} from '../diagnose.js';
import type {EntityIndex} from './entity-index.js';
import type {Episode} from './stretch.js';
import {recurrenceOf} from './time-shape.js';
import type {TimeFormat} from './time-format.js';
import type {Culprit} from './types.js';

/** Host-side causes that are not one LUN's queue: when most devices share one, it is the host's. */
const hostCauses: ReadonlySet<Cause> = new Set(['host-resources', 'host-queueing', 'host-wide']);

/**
 * When most busy devices of a host (at least three) are culprits with the same host-side cause
 * at overlapping times, they are one host-wide culprit listing them, not N copies of one advice.
 * Returns the culprits with them replaced, or null when there is no such group.
 */
export function hostWideCulprit(culprits: Array<Omit<Culprit, 'rank'>>, host: string, index: EntityIndex, context: {time: TimeFormat; minIo: number}): Array<Omit<Culprit, 'rank'>> | null {
	const devices = index.busyDevices(host).filter((device) => (device.cmds?.mean ?? 0) >= context.minIo);
	const onHost = (c: Omit<Culprit, 'rank'>) => c.view === 'device' && index.get(host, 'device', c.id) !== null;
	const same = culprits.filter((c) => onHost(c) && hostCauses.has(c.cause));
	if (same.length < 3 || same.length * 2 <= devices.length) return null;
	// Together: each overlaps the worst one's time.
	const lead = same.reduce((a, b) => (b.lost > a.lost ? b : a));
	const together = same.filter((c) => c.from <= lead.to && lead.from <= c.to);
	if (together.length < 3 || together.length * 2 <= devices.length) return null;
	const queueing = together.filter((c) => c.cause === 'host-queueing').length;
	const episodes = mergeEpisodes(together.flatMap((c) => c.episodes));
	const gaps = {count: 0, sum: 0, squares: 0};
	const byTime = [...episodes].sort((a, b) => a.from - b.from);
	for (let i = 1; i < byTime.length; i++) {
		const gap = (byTime[i]!.from - byTime[i - 1]!.from) / 1000;
		gaps.count++;
		gaps.sum += gap;
		gaps.squares += gap * gap;
	}
	const recurrence = recurrenceOf(episodes.length, gaps);
	const from = Math.min(...together.map((c) => c.from));
	const to = Math.max(...together.map((c) => c.to));
	const p95 = Math.max(...together.map((c) => c.p95 ?? 0));
	const range = context.time.range(from, to);
	const width = Math.max(...together.map((c) => c.timeline.length));
	const timeline = Array.from({length: width}, (_, b) => {
		let max: number | null = null;
		for (const c of together) {
			const v = c.timeline[b];
			if (v !== null && v !== undefined && (max === null || v > max)) max = v;
		}
		return max;
	});
	const shape = [episodes.length > 1 ? `worst of ${episodes.length} episodes` : null, recurrence?.text].filter(Boolean).join('; ');
	const culprit: Omit<Culprit, 'rank'> = {
		view: 'host',
		id: host,
		bottleneck: 'host',
		cause: 'host-wide',
		severity: together.some((c) => c.severity === 'crit') ? 'crit' : 'warn',
		from,
		to,
		seconds: Math.max(...together.map((c) => c.seconds)),
		samples: Math.max(...together.map((c) => c.samples)),
		score: together.reduce((sum, c) => sum + c.score, 0),
		timeouts: together.some((c) => c.timeouts),
		title: `host-wide: KAVG at warn on ${together.length} of ${devices.length} busy devices${queueing * 2 > together.length ? '' : ' without queueing'}, KAVG p95 up to ${formatMs(p95)} ms, ${range}${shape ? ` (${shape})` : ''}`,
		summary: `${together.length} of the host's ${devices.length} busy devices have the same host-side latency at the same time (${range} UTC): commands wait in the VMkernel, not on any array. ${nextStep(queueing * 2 > together.length)}`,
		evidence: [
			...together.map((c) => `${c.id}: ${c.title.replace(/^host-side: (VMkernel queueing on )?/, '')}`),
			`the same cause on most devices is the host's, not each LUN's: one culprit, not ${together.length}`,
		],
		next: nextStep(queueing * 2 > together.length),
		members: together.flatMap((c) => [{view: 'device' as const, id: c.id}, ...c.members]),
		metric: 'kavg',
		p95,
		peak: Math.max(...together.map((c) => c.peak ?? 0)),
		timeline,
		episodes,
		recurrence,
		trend: lead.trend,
		confidence: 'high',
		confidenceWhy: `${together.length} devices agree`,
		lost: together.reduce((sum, c) => sum + c.lost, 0),
	};
	return [...culprits.filter((c) => !together.includes(c)), culprit];
}

function nextStep(queueing: boolean): string {
	return queueing
		? 'Commands queue in the VMkernel on most devices: check the HBA driver queue depth and multipathing policy for the whole host, and whether the host has enough adapters for its load.'
		: 'Look at the host itself: CPU and memory contention (%RDY, swapping), the vSCSI layer and the storage driver, not at any one LUN.';
}

/** Overlapping episodes of several devices as one: worst severity, summed loss, highest peaks. Worst first. */
function mergeEpisodes(all: readonly Episode[]): Episode[] {
	const sorted = [...all].sort((a, b) => a.from - b.from);
	const merged: Episode[] = [];
	for (const e of sorted) {
		const last = merged.at(-1);
		if (last && e.from <= last.to) {
			last.to = Math.max(last.to, e.to);
			last.seconds = Math.max(last.seconds, e.seconds);
			last.samples = Math.max(last.samples, e.samples);
			last.lost += e.lost;
			if (e.severity === 'crit') last.severity = 'crit';
			for (const m of ['davg', 'kavg', 'gavg'] as const) last.peak[m] = Math.max(last.peak[m] ?? 0, e.peak[m] ?? 0);
		} else merged.push({...e, peak: {...e.peak}});
	}
	return merged.sort((a, b) => b.lost - a.lost || (b.severity === 'crit' ? 1 : 0) - (a.severity === 'crit' ? 1 : 0));
}
