import {bottleneckOf, type Bottleneck, latencySeverity, type Severity, severityRank} from './classify.js';
import {formatMs} from '../model/format.js';
import type {Thresholds} from '../model/thresholds.js';

/**
 * The same LUN seen from several hosts (triage-knowledge §4): slow from every host that uses it
 * → the array; slow from one host only → that host's paths, HBA or queue settings; from some →
 * what those hosts share. Pure: the fleet screen feeds it each host's current sample, the
 * report each host's percentiles.
 */

/** One host's figures for one LUN (a sample's values, or a report's p95s). */
export interface LunFigures {
	davg: number | null;
	kavg: number | null;
	gavg: number | null;
	cmds: number | null;
}

export interface LunReading extends LunFigures {
	host: string;
	severity: Severity | null;
	bottleneck: Bottleneck | null;
}

export type CrossHostCause = 'array' | 'all-hosts-queue' | 'one-host' | 'some-hosts' | 'healthy' | 'unknown';

export interface SharedLun {
	id: string;
	/** One per host that has the LUN, in the order the hosts were given. */
	readings: LunReading[];
	/** Hosts from which it is slow (warn or above). */
	slow: string[];
	cause: CrossHostCause;
	/** The worst severity among the hosts. */
	severity: Severity | null;
	/** "slow from 5 of 5 hosts → the array" */
	verdict: string;
}

export interface HostLuns {
	host: string;
	luns: Iterable<readonly [id: string, figures: LunFigures]>;
}

/** Ids that name the same LUN on every host (NAA and EUI-64 are world-wide; mpx. and t10. are not). */
export function isSharedLunId(id: string): boolean {
	return id.startsWith('naa.') || id.startsWith('eui.');
}

/** Every naa./eui. LUN seen on two or more hosts, worst first (then by id). */
export function sharedLuns(hosts: readonly HostLuns[], thresholds: Thresholds): SharedLun[] {
	const byId = new Map<string, LunReading[]>();
	for (const {host, luns} of hosts) {
		for (const [id, figures] of luns) {
			if (!isSharedLunId(id)) continue;
			const reading: LunReading = {host, ...figures, severity: latencySeverity(figures.kavg, figures.davg, figures.gavg, thresholds), bottleneck: bottleneckOf(figures.kavg, figures.davg, figures.gavg, thresholds)};
			const list = byId.get(id);
			if (list) list.push(reading);
			else byId.set(id, [reading]);
		}
	}
	const out: SharedLun[] = [];
	for (const [id, readings] of byId) {
		if (new Set(readings.map((reading) => reading.host)).size < 2) continue;
		out.push(judge(id, readings));
	}
	return out.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.slow.length - a.slow.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The verdict for one LUN from its readings. */
export function judge(id: string, readings: LunReading[]): SharedLun {
	const known = readings.filter((reading) => reading.severity !== null);
	const slowReadings = known.filter((reading) => severityRank(reading.severity) >= severityRank('warn'));
	const slow = slowReadings.map((reading) => reading.host);
	const severity = known.reduce<Severity | null>((worst, reading) => (severityRank(reading.severity) > severityRank(worst) ? reading.severity : worst), null);
	const base = {id, readings, slow, severity};
	const n = known.length;
	if (n < 2) return {...base, cause: 'unknown', verdict: `seen from ${readings.length} hosts, latency known on ${n}: no cross-host verdict`};
	if (slow.length === 0) return {...base, cause: 'healthy', verdict: `fine from all ${n} hosts`};
	const fine = known.filter((reading) => !slow.includes(reading.host));
	const hostSide = slowReadings.every((reading) => reading.bottleneck === 'host');
	const metric: 'davg' | 'kavg' = hostSide ? 'kavg' : 'davg';
	const label = metric === 'davg' ? 'DAVG' : 'KAVG';
	const unknownNote = known.length < readings.length ? ` (${readings.length - known.length} without figures)` : '';
	if (fine.length === 0) {
		const where = hostSide ? "every host's queue for it (its queue depth, or the load on it)" : 'the array';
		return {...base, cause: hostSide ? 'all-hosts-queue' : 'array', verdict: `slow from ${n} of ${n} hosts (${label} ${range(slowReadings, metric)}) → ${where}${unknownNote}`};
	}
	const contrast = `${label} ${range(slowReadings, metric)} vs ${range(fine, metric)} elsewhere`;
	if (slow.length === 1) {
		const host = slow[0]!;
		const bottleneck = slowReadings[0]!.bottleneck;
		const part = bottleneck === 'host' ? 'queue settings (queue depth, load)' : bottleneck === 'both' ? 'paths/HBA or queue settings' : 'paths/HBA';
		return {...base, cause: 'one-host', verdict: `slow only from ${host} (${contrast}) → ${host}'s ${part}${unknownNote}`};
	}
	return {...base, cause: 'some-hosts', verdict: `slow from ${slow.length} of ${n} hosts (${slow.join(', ')}; ${contrast}) → what those hosts share: fabric, array ports or paths${unknownNote}`};
}

/** "3–4 ms", or "48.1 ms" when every value is the same. */
function range(readings: readonly LunReading[], metric: 'davg' | 'kavg'): string {
	const values = readings.map((reading) => reading[metric]).filter((value): value is number => value !== null);
	if (values.length === 0) return '- ms';
	const low = formatMs(Math.min(...values));
	const high = formatMs(Math.max(...values));
	return low === high ? `${low} ms` : `${low}–${high} ms`;
}
