import type {Severity} from '../../triage/classify.js';
import {severityRank} from '../../triage/classify.js';
import type {FeedSnapshot} from '../../model/feed.js';
import {type HostOverview, hostOverview} from '../../fleet/host-overview.js';
import type {Thresholds} from '../../model/thresholds.js';
import {displayText} from '../display-text.js';

export type HostState = 'live' | 'reconnecting' | 'failed' | 'connecting' | 'ended' | 'replay' | 'no-sample';

/** One row of the fleet table, ready to draw. */
export interface FleetRow {
	/** Position in the fleet (command-line order). */
	index: number;
	/** Shown name (display-safe): the host name esxtop reports, else the destination. */
	name: string;
	label: string;
	state: HostState;
	/** "LIVE", "RECONNECTING in 4 s, attempt 2", "FAILED: authentication refused (…)" */
	status: string;
	overview: HostOverview | null;
	/** How old the sample on screen is: against the wall clock (live) or the replay clock. */
	ageMs: number | null;
	severity: Severity | null;
}

/** A host's row from its feed's snapshot; `clock` is the replay's moment (null for live). */
export function fleetRow(index: number, label: string, snapshot: FeedSnapshot, thresholds: Thresholds, now: number, clock: number | null): FleetRow {
	const sample = snapshot.sample;
	const overview = sample ? hostOverview(sample, thresholds) : null;
	const {mode, detail} = snapshot.status;
	let state: HostState;
	let status: string;
	switch (mode) {
		case 'live':
		case 'frozen':
			[state, status] = ['live', 'LIVE'];
			break;
		case 'reconnecting': {
			// Why it is reconnecting (the feed's error line): "connection refused", "stalled …".
			const why = snapshot.error ? `: ${snapshot.error.replace(`${label}: `, '')}` : '';
			[state, status] = ['reconnecting', `RECONNECTING${detail ? ` ${detail}` : ''}${why}`];
			break;
		}
		case 'failed':
			// Errors start with the destination, which the row already shows.
			[state, status] = ['failed', `FAILED: ${(detail ?? 'unknown reason').replace(`${label}: `, '')}`];
			break;
		case 'loading':
			[state, status] = ['connecting', clock === null ? 'CONNECTING' : 'LOADING'];
			break;
		case 'ended':
			[state, status] = clock === null ? ['ended', `ENDED${detail ? `: ${detail}` : ''}`] : ['replay', 'REPLAY'];
			break;
		default:
			[state, status] = ['replay', 'REPLAY'];
	}
	if (clock !== null && !sample && state !== 'failed' && state !== 'connecting') [state, status] = ['no-sample', 'no sample'];
	const reference = clock ?? now;
	return {
		index,
		name: displayText(sample?.schema.host || label),
		label: displayText(label),
		state,
		status: displayText(status),
		overview,
		ageMs: sample ? Math.max(0, reference - sample.time) : null,
		severity: overview && !overview.warmup ? overview.severity : null,
	};
}

const stateRank: Record<HostState, number> = {failed: 3, reconnecting: 2, 'no-sample': 1, connecting: 1, ended: 1, live: 0, replay: 0};

/** Worst first: crit, warn, then hosts in trouble (failed, reconnecting), then by worst GAVG, then fleet order. */
export function sortFleetRows(rows: FleetRow[], worstFirst = true): FleetRow[] {
	const score = (row: FleetRow) => (severityRank(row.severity) >= 1 ? 10 + severityRank(row.severity) : stateRank[row.state]);
	return [...rows].sort((a, b) => {
		if (!worstFirst) return a.index - b.index;
		return score(b) - score(a) || (b.overview?.worst?.gavg ?? -1) - (a.overview?.worst?.gavg ?? -1) || a.index - b.index;
	});
}

/** Keeps hosts whose name, destination, status or worst entity matches (`/` on the fleet screen). */
export function filterFleetRows(rows: FleetRow[], test: ((text: string) => boolean) | null): FleetRow[] {
	if (!test) return rows;
	return rows.filter((row) => test(row.name) || test(row.label) || test(row.status) || (row.overview?.worst ? test(row.overview.worst.id) : false));
}

/** "8 hosts: 6 live, 1 reconnecting, 1 failed" */
export function fleetCounts(rows: readonly FleetRow[]): string {
	const counts = new Map<string, number>();
	for (const row of rows) counts.set(row.state, (counts.get(row.state) ?? 0) + 1);
	const order: HostState[] = ['live', 'replay', 'no-sample', 'connecting', 'reconnecting', 'failed', 'ended'];
	const words: Record<HostState, string> = {live: 'live', replay: 'with a sample', 'no-sample': 'no sample', connecting: 'connecting', reconnecting: 'reconnecting', failed: 'failed', ended: 'ended'};
	const parts = order.filter((state) => counts.has(state)).map((state) => `${counts.get(state)} ${words[state]}`);
	return `${rows.length} ${rows.length === 1 ? 'host' : 'hosts'}: ${parts.join(', ')}`;
}

/** "4 s", "2 min", "3 h" */
export function formatAge(ms: number | null): string {
	if (ms === null) return '-';
	const seconds = Math.round(ms / 1000);
	if (seconds < 120) return `${seconds} s`;
	if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
	return `${Math.round(seconds / 3600)} h`;
}
