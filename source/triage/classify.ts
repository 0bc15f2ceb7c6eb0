import type {Thresholds} from '../model/thresholds.js';

export type Severity = 'ok' | 'warn' | 'crit';
/** Where the latency comes from: the VMkernel (`host`), the array side (`storage`), or both. */
export type Bottleneck = 'host' | 'storage' | 'both' | 'none';

const rank: Record<Severity, number> = {ok: 0, warn: 1, crit: 2};

export function worstSeverity(a: Severity, b: Severity): Severity {
	return rank[a] >= rank[b] ? a : b;
}

export function severityRank(severity: Severity | null): number {
	return severity === null ? -1 : rank[severity];
}

function bandOf(value: number, warn: number, crit: number): Severity {
	return value >= crit ? 'crit' : value >= warn ? 'warn' : 'ok';
}

/** The worst of KAVG, DAVG and GAVG against their bands; null when one of them is unknown. */
export function latencySeverity(kavg: number | null, davg: number | null, gavg: number | null, t: Thresholds): Severity | null {
	if (kavg === null || davg === null || gavg === null) return null;
	return worstSeverity(worstSeverity(bandOf(kavg, t.kavg.warn, t.kavg.crit), bandOf(davg, t.davg.warn, t.davg.crit)), bandOf(gavg, t.gavg.warn, t.gavg.crit));
}

/** NFS volumes only report guest latency. */
export function guestSeverity(gavg: number | null, t: Thresholds): Severity | null {
	return gavg === null ? null : bandOf(gavg, t.gavg.warn, t.gavg.crit);
}

/**
 * KAVG and DAVG both at warn → both (the guests ask more than host and array can serve);
 * KAVG alone → host (VMkernel queueing or resources); DAVG alone → storage (array, fabric,
 * HBA); only GAVG → whichever part is larger; otherwise none. Null when one value is unknown.
 */
export function bottleneckOf(kavg: number | null, davg: number | null, gavg: number | null, t: Thresholds): Bottleneck | null {
	if (kavg === null || davg === null || gavg === null) return null;
	const k = kavg >= t.kavg.warn;
	const d = davg >= t.davg.warn;
	if (k && d) return 'both';
	if (k) return 'host';
	if (d) return 'storage';
	if (gavg >= t.gavg.warn) return davg >= kavg ? 'storage' : 'host';
	return 'none';
}
