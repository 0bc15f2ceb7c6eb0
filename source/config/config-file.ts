import {readFileSync} from 'node:fs';
import {mkdir, rename, writeFile} from 'node:fs/promises';
import {homedir} from 'node:os';
import {dirname, join} from 'node:path';
import {type Band, type DeviceThresholds, parseBand, type ThresholdMetric, thresholdMetrics} from '../model/thresholds.js';
import {type FieldName, isViewName, type ViewName, viewNames} from '../parse/storage-views.js';

/**
 * esxlat's config file (esxtop's rc file, as JSON): what `W` saves from the screen, and the
 * thresholds and minimum I/O rate an admin sets once. Read at start; every key is checked, and
 * a bad one is a one-line ConfigError naming the file and the key.
 */
export interface ViewSettings {
	/** The columns shown, in order (field names as in --json). */
	columns?: FieldName[];
	sort?: {key: FieldName | 'id'; descending: boolean};
	/** Fixed id column width; absent: what is left once the other columns fit. */
	idWidth?: number;
}

export interface EsxlatConfig {
	/** Where it was read from, and where W writes. */
	path: string;
	/** False when there is no file yet (W creates it). */
	exists: boolean;
	defaultView?: ViewName;
	views: Partial<Record<ViewName, ViewSettings>>;
	thresholds: Partial<Record<ThresholdMetric, Band>>;
	deviceThresholds: DeviceThresholds[];
	/** Minimum commands/s for a verdict: quieter rows are not judged. */
	minIo?: number;
}

export class ConfigError extends Error {
	override name = 'ConfigError';
}

/** `--config FILE`, else $XDG_CONFIG_HOME/esxlat/config.json, else ~/.config/esxlat/config.json. */
export function configPath(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
	if (explicit !== undefined) return explicit;
	const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), '.config');
	return join(base, 'esxlat', 'config.json');
}

/** The columns each view may list (the id is always shown). */
export const viewFieldNames: Record<ViewName, readonly FieldName[]> = {
	device: ['dqlen', 'actv', 'qued', 'cmds', 'reads', 'writes', 'mbRead', 'mbWritten', 'davg', 'kavg', 'gavg', 'qavg', 'failed', 'aborts', 'resets'],
	adapter: ['aqlen', 'cmds', 'reads', 'writes', 'mbRead', 'mbWritten', 'davg', 'kavg', 'gavg', 'qavg', 'failed', 'aborts', 'resets'],
	path: ['cmds', 'reads', 'writes', 'mbRead', 'mbWritten', 'davg', 'kavg', 'gavg', 'qavg', 'failed', 'aborts', 'resets'],
	vm: ['cmds', 'reads', 'writes', 'mbRead', 'mbWritten', 'readLatency', 'writeLatency'],
	nfs: ['actv', 'cmds', 'reads', 'writes', 'mbRead', 'mbWritten', 'gavg'],
};

const topKeys = ['defaultView', 'views', 'thresholds', 'deviceThresholds', 'minIo'];

/** Reads and checks the config at `path`; a missing file is an empty config. */
export function readConfig(path: string): EsxlatConfig {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') return {path, exists: false, views: {}, thresholds: {}, deviceThresholds: []};
		throw new ConfigError(`${path}: cannot read the config file (${code ?? String(error)})`);
	}
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch (error) {
		throw new ConfigError(`${path}: not valid JSON (${error instanceof Error ? error.message.split('\n', 1)[0] : String(error)})`);
	}
	return parseConfig(raw, path);
}

export function parseConfig(raw: unknown, path: string): EsxlatConfig {
	const fail = (key: string, why: string): never => {
		throw new ConfigError(`${path}: ${key}: ${why}`);
	};
	if (!isObject(raw)) fail('(top level)', 'expected a JSON object { … }');
	const top = raw as Record<string, unknown>;
	const config: EsxlatConfig = {path, exists: true, views: {}, thresholds: {}, deviceThresholds: []};
	for (const key of Object.keys(top)) if (!topKeys.includes(key)) fail(key, `unknown key (known: ${topKeys.join(', ')})`);

	if (top.defaultView !== undefined) {
		if (typeof top.defaultView !== 'string' || !isViewName(top.defaultView)) fail('defaultView', `expected one of ${viewNames.join(', ')}`);
		config.defaultView = top.defaultView as ViewName;
	}
	if (top.views !== undefined) {
		if (!isObject(top.views)) fail('views', 'expected an object of views, e.g. {"device": {"columns": [...]}}');
		for (const [view, value] of Object.entries(top.views as Record<string, unknown>)) {
			if (!isViewName(view)) fail(`views.${view}`, `unknown view (use ${viewNames.join(', ')})`);
			config.views[view as ViewName] = viewSettings(view as ViewName, value, `views.${view}`, fail);
		}
	}
	if (top.thresholds !== undefined) config.thresholds = bands(top.thresholds, 'thresholds', fail);
	if (top.deviceThresholds !== undefined) {
		if (!isObject(top.deviceThresholds)) fail('deviceThresholds', 'expected {"PATTERN": {"davg": "warn:crit"}}, e.g. {"naa.624a9370*": {"davg": "2:5"}}');
		for (const [pattern, value] of Object.entries(top.deviceThresholds as Record<string, unknown>)) {
			const key = `deviceThresholds.${pattern}`;
			if (pattern.trim() === '') fail(key, 'the device pattern is empty');
			const rule = bands(value, key, fail);
			if (Object.keys(rule).length === 0) fail(key, 'no thresholds given (kavg, davg, gavg)');
			config.deviceThresholds.push({pattern, bands: rule});
		}
	}
	if (top.minIo !== undefined) {
		if (typeof top.minIo !== 'number' || !Number.isFinite(top.minIo) || top.minIo < 0) fail('minIo', 'expected commands per second, a number ≥ 0');
		config.minIo = top.minIo as number;
	}
	return config;
}

type Fail = (key: string, why: string) => never;

function viewSettings(view: ViewName, value: unknown, key: string, fail: Fail): ViewSettings {
	if (!isObject(value)) return fail(key, 'expected {"columns": [...], "sort": "gavg", "descending": true, "idWidth": 40}');
	const settings: ViewSettings = {};
	const known = viewFieldNames[view];
	const entries = value as Record<string, unknown>;
	for (const name of Object.keys(entries)) if (!['columns', 'sort', 'descending', 'idWidth'].includes(name)) fail(`${key}.${name}`, 'unknown key (known: columns, sort, descending, idWidth)');
	if (entries.columns !== undefined) {
		if (!Array.isArray(entries.columns)) fail(`${key}.columns`, `expected a list of columns: ${known.join(', ')}`);
		const columns = entries.columns as unknown[];
		columns.forEach((column, i) => {
			if (typeof column !== 'string' || !(known as readonly string[]).includes(column)) fail(`${key}.columns[${i}]`, `unknown column ${JSON.stringify(column)} for ${view} (use ${known.join(', ')})`);
			if (columns.indexOf(column) !== i) fail(`${key}.columns[${i}]`, `${column} is listed twice`);
		});
		settings.columns = columns as FieldName[];
	}
	if (entries.sort !== undefined) {
		if (typeof entries.sort !== 'string' || !(entries.sort === 'id' || (known as readonly string[]).includes(entries.sort))) fail(`${key}.sort`, `unknown column ${JSON.stringify(entries.sort)} (use id, ${known.join(', ')})`);
		const descending = entries.descending === undefined ? entries.sort !== 'id' : entries.descending;
		if (typeof descending !== 'boolean') fail(`${key}.descending`, 'expected true or false');
		settings.sort = {key: entries.sort as FieldName | 'id', descending: descending as boolean};
	} else if (entries.descending !== undefined) fail(`${key}.descending`, 'needs a sort column beside it');
	if (entries.idWidth !== undefined) {
		if (typeof entries.idWidth !== 'number' || !Number.isInteger(entries.idWidth) || entries.idWidth < 12 || entries.idWidth > 160) fail(`${key}.idWidth`, 'expected a whole number of columns from 12 to 160');
		settings.idWidth = entries.idWidth as number;
	}
	return settings;
}

function bands(value: unknown, key: string, fail: Fail): Partial<Record<ThresholdMetric, Band>> {
	if (!isObject(value)) return fail(key, 'expected {"kavg": "2:5", "davg": "20:50", "gavg": "20:50"} (warn:crit in ms)');
	const out: Partial<Record<ThresholdMetric, Band>> = {};
	for (const [metric, text] of Object.entries(value as Record<string, unknown>)) {
		if (!(thresholdMetrics as readonly string[]).includes(metric)) fail(`${key}.${metric}`, `unknown metric (use ${thresholdMetrics.join(', ')})`);
		const band = typeof text === 'string' ? parseBand(text) : `expected "warn:crit" in ms, e.g. "20:50"`;
		if (typeof band === 'string') fail(`${key}.${metric}`, band);
		out[metric as ThresholdMetric] = band as Band;
	}
	return out;
}

function isObject(value: unknown): boolean {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON W writes: this config's keys, with `views` and `defaultView` replaced by the screen's. */
export function configWithLayout(config: EsxlatConfig, layout: {view: ViewName; views: Record<ViewName, ViewSettings>}): Record<string, unknown> {
	const views = Object.fromEntries(
		Object.entries(layout.views).map(([view, settings]) => [
			view,
			{
				...(settings.columns ? {columns: settings.columns} : {}),
				...(settings.sort ? {sort: settings.sort.key, descending: settings.sort.descending} : {}),
				...(settings.idWidth === undefined ? {} : {idWidth: settings.idWidth}),
			},
		]),
	);
	const out: Record<string, unknown> = {defaultView: layout.view, views};
	const text = (band: Band) => `${band.warn}:${band.crit}`;
	if (Object.keys(config.thresholds).length > 0) out.thresholds = Object.fromEntries(Object.entries(config.thresholds).map(([metric, band]) => [metric, text(band)]));
	if (config.deviceThresholds.length > 0) {
		out.deviceThresholds = Object.fromEntries(config.deviceThresholds.map((rule) => [rule.pattern, Object.fromEntries(Object.entries(rule.bands).map(([metric, band]) => [metric, text(band)]))]));
	}
	if (config.minIo !== undefined) out.minIo = config.minIo;
	return out;
}

/** Writes the file whole (a temporary file renamed over it, so a crash never leaves half a config). */
export async function writeConfig(path: string, content: Record<string, unknown>): Promise<void> {
	await mkdir(dirname(path), {recursive: true});
	const temporary = `${path}.${process.pid}.tmp`;
	await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`);
	await rename(temporary, path);
}
