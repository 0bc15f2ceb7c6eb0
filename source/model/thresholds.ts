/** A warn/crit pair in milliseconds: a value at or above `warn` is a warning, at or above `crit` critical. */
export interface Band {
	warn: number;
	crit: number;
}

export const thresholdMetrics = ['kavg', 'davg', 'gavg'] as const;
export type ThresholdMetric = (typeof thresholdMetrics)[number];
export type Thresholds = Readonly<Record<ThresholdMetric, Band>>;

/** Values admins quote: KAVG 2–5 ms, DAVG and GAVG 20–50 ms. */
export const defaultThresholds: Thresholds = {
	kavg: {warn: 2, crit: 5},
	davg: {warn: 20, crit: 50},
	gavg: {warn: 20, crit: 50},
};

export class ThresholdSyntaxError extends Error {
	override name = 'ThresholdSyntaxError';
}

/**
 * Parses `--threshold kavg=3:8,davg=25:60` (metric=warn:crit, comma separated) over `base`.
 * Throws ThresholdSyntaxError with a one-line message on anything else.
 */
export function parseThresholds(spec: string, base: Thresholds = defaultThresholds): Thresholds {
	const result: Record<ThresholdMetric, Band> = {kavg: {...base.kavg}, davg: {...base.davg}, gavg: {...base.gavg}};
	const parts = spec.split(',').map((part) => part.trim()).filter(Boolean);
	if (parts.length === 0) throw new ThresholdSyntaxError(`--threshold "${spec}": expected metric=warn:crit, e.g. kavg=3:8,davg=25:60`);
	for (const part of parts) {
		const match = /^([a-z]+)=([^:]+):(.+)$/i.exec(part);
		if (!match) throw new ThresholdSyntaxError(`--threshold "${part}": expected metric=warn:crit, e.g. davg=25:60`);
		const metric = match[1]!.toLowerCase();
		if (!(thresholdMetrics as readonly string[]).includes(metric)) {
			throw new ThresholdSyntaxError(`--threshold "${part}": unknown metric "${match[1]}" (use ${thresholdMetrics.join(', ')})`);
		}
		const warn = Number(match[2]);
		const crit = Number(match[3]);
		if (!Number.isFinite(warn) || !Number.isFinite(crit) || warn < 0 || crit < 0) {
			throw new ThresholdSyntaxError(`--threshold "${part}": warn and crit must be milliseconds ≥ 0`);
		}
		if (warn > crit) throw new ThresholdSyntaxError(`--threshold "${part}": warn (${warn}) is above crit (${crit})`);
		result[metric as ThresholdMetric] = {warn, crit};
	}
	return result;
}

export function formatThresholds(thresholds: Thresholds): string {
	return thresholdMetrics.map((metric) => `${metric}=${thresholds[metric].warn}:${thresholds[metric].crit}`).join(',');
}
