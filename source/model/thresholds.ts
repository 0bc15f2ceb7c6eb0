/** A warn/crit pair in milliseconds: a value at or above `warn` is a warning, at or above `crit` critical. */
export interface Band {
	warn: number;
	crit: number;
}

export const thresholdMetrics = ['kavg', 'davg', 'gavg'] as const;
export type ThresholdMetric = (typeof thresholdMetrics)[number];

/**
 * Bands for the devices whose id matches `pattern` (`*` any run, `?` one character, any case,
 * the whole id): all-flash LUNs `naa.624a9370*` with DAVG 2:5 beside spinning disks at 20:50.
 * Metrics a rule leaves out keep the global band.
 */
export interface DeviceThresholds {
	pattern: string;
	bands: Readonly<Partial<Record<ThresholdMetric, Band>>>;
}

/** The global bands, and per-device rules (first match wins; see thresholdsFor). */
export type Thresholds = Readonly<Record<ThresholdMetric, Band>> & {readonly devices?: readonly DeviceThresholds[]};

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
	const result: Record<ThresholdMetric, Band> & {devices?: readonly DeviceThresholds[]} = {kavg: {...base.kavg}, davg: {...base.davg}, gavg: {...base.gavg}};
	if (base.devices) result.devices = base.devices;
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

/** `kavg=2:5,davg=20:50,gavg=20:50`, then each per-device rule: `; naa.624a9370* davg=2:5`. */
export function formatThresholds(thresholds: Thresholds): string {
	const global = thresholdMetrics.map((metric) => `${metric}=${thresholds[metric].warn}:${thresholds[metric].crit}`).join(',');
	const rules = (thresholds.devices ?? []).map((rule) => `; ${rule.pattern} ${thresholdMetrics.filter((metric) => rule.bands[metric]).map((metric) => `${metric}=${rule.bands[metric]!.warn}:${rule.bands[metric]!.crit}`).join(',')}`);
	return global + rules.join('');
}

const compiled = new WeakMap<Thresholds, {rules: Array<{match: RegExp; bands: Partial<Record<ThresholdMetric, Band>>}>; byId: Map<string, Thresholds>}>();

/**
 * The bands in force for one entity: the first per-device rule whose pattern matches its id
 * over the global bands, else the global bands themselves. Every place that judges a row
 * (screen, hint pane, --json, report) asks this, so they never disagree. Cached per id.
 */
export function thresholdsFor(t: Thresholds, id: string): Thresholds {
	if (!t.devices || t.devices.length === 0) return t;
	let entry = compiled.get(t);
	if (!entry) {
		entry = {rules: t.devices.map((rule) => ({match: globPattern(rule.pattern), bands: rule.bands})), byId: new Map()};
		compiled.set(t, entry);
	}
	let found = entry.byId.get(id);
	if (!found) {
		const rule = entry.rules.find((candidate) => candidate.match.test(id));
		found = rule ? {kavg: rule.bands.kavg ?? t.kavg, davg: rule.bands.davg ?? t.davg, gavg: rule.bands.gavg ?? t.gavg} : t;
		entry.byId.set(id, found);
	}
	return found;
}

/** `naa.624a9370*` as a whole-id, any-case regex. */
export function globPattern(pattern: string): RegExp {
	const body = [...pattern].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
	return new RegExp(`^${body}$`, 'i');
}

/** `warn:crit` (config files, --threshold's right-hand side) as a band, or a one-line reason. */
export function parseBand(text: string): Band | string {
	const match = /^\s*([^:]+):(.+)$/.exec(text);
	if (!match) return `"${text}": expected warn:crit in ms, e.g. 20:50`;
	const warn = Number(match[1]);
	const crit = Number(match[2]);
	if (!Number.isFinite(warn) || !Number.isFinite(crit) || warn < 0 || crit < 0) return `"${text}": warn and crit must be milliseconds ≥ 0`;
	if (warn > crit) return `"${text}": warn (${warn}) is above crit (${crit})`;
	return {warn, crit};
}
