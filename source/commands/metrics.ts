import {AddressSyntaxError, defaultListenAddress, parseListenAddress} from '../export/address.js';
import type {MetricsOptions, SessionExporter} from '../export/exporter.js';
import type {MetricsSelection} from '../export/selection.js';
import type {FleetSession} from '../fleet/fleet-session.js';
import type {Thresholds} from '../model/thresholds.js';
import {isViewName, type ViewName, viewNames} from '../parse/storage-views.js';
import {type OptionalFlag, settleOptionalValue} from './optional-flag.js';
import {UsageError} from './usage-error.js';

/** `--metrics [ADDR]`, `--metrics-views LIST`, `--metrics-filter RE` as the commands take them. */
export interface MetricsFlags {
	/** Null: --metrics absent; '' or null value: the default address. */
	address: string | null | undefined;
	views: string | undefined;
	filter: string | undefined;
}

/** The exporter's options, checked (a usage error before anything starts); null without --metrics. */
export function metricsOptions(flags: MetricsFlags, thresholds: Thresholds): MetricsOptions | null {
	if (flags.address === undefined) {
		if (flags.views !== undefined || flags.filter !== undefined) throw new UsageError('--metrics-views and --metrics-filter go with --metrics');
		return null;
	}
	let address = defaultListenAddress;
	try {
		if (flags.address) address = parseListenAddress(flags.address);
	} catch (error) {
		if (error instanceof AddressSyntaxError) throw new UsageError(error.message);
		throw error;
	}
	return {address, selection: metricsSelection(flags), thresholds};
}

export function metricsSelection(flags: Pick<MetricsFlags, 'views' | 'filter'>): MetricsSelection {
	let views: ReadonlySet<ViewName> | null = null;
	if (flags.views !== undefined) {
		const names = flags.views.split(',').map((name) => name.trim()).filter(Boolean);
		if (names.length === 0 || names.some((name) => !isViewName(name))) throw new UsageError(`--metrics-views "${flags.views}": use ${viewNames.join(', ')} (comma separated)`);
		views = new Set(names as ViewName[]);
	}
	let filter: RegExp | null = null;
	if (flags.filter !== undefined) {
		try {
			filter = new RegExp(flags.filter, 'i');
		} catch {
			throw new UsageError(`--metrics-filter "${flags.filter}": not a regular expression`);
		}
	}
	return {views, filter};
}

const toStderr = (text: string) => void process.stderr.write(`esxlat: ${text}\n`);

/**
 * Notes for stderr held back while a screen owns the terminal (a line written under Ink
 * would tear its frame), and written when `flush()` is called after it.
 */
export function heldNotices(): {notice: (text: string) => void; flush(): void} {
	const held: string[] = [];
	return {notice: (text) => void held.push(text), flush: () => held.splice(0).forEach(toStderr)};
}

/** Starts serving (the SSH modules are not needed here); says where on stderr. */
export async function startExporter(options: MetricsOptions | null, notice: (text: string) => void = toStderr): Promise<SessionExporter | null> {
	if (!options) return null;
	const {SessionExporter} = await import('../export/exporter.js');
	const exporter = await SessionExporter.start(options, notice);
	process.stderr.write(`esxlat: serving metrics on ${exporter.url}\n`);
	return exporter;
}

/** The host as typed, for the `host` label until esxtop names it: `root@esx01:22` → `esx01`. */
export function typedHost(destination: string): string {
	const host = destination.slice(destination.lastIndexOf('@') + 1);
	const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
	return bracketed ? bracketed[1]! : host.replace(/:\d+$/, '');
}


/**
 * The word after a bare `--metrics`: with one host it is ADDR when the command has a positional
 * too many (`live esx01 --metrics 9465`); with many hosts (a fleet, serve) only when it cannot be
 * a host: a port, `:PORT` or `[IPv6]:PORT` (`--metrics=HOST:PORT` says it either way).
 */
export function settleMetricsFlag(flag: NonNullable<OptionalFlag['flag']>, positionals: readonly string[], hostsFile: boolean): {value: string | null; positionals: string[]} {
	// The command word and one host, not counting the word after --metrics.
	const manyHosts = hostsFile || positionals.length - (flag.next === null ? 0 : 1) > 2;
	if (manyHosts && flag.next !== null && !/^(\d+|:\d+|\[[^\]]*\]:\d+)$/.test(flag.next)) return {value: flag.value, positionals: [...positionals]};
	return settleOptionalValue(flag, positionals, manyHosts ? 1 : 2);
}

/**
 * `--metrics` over a fleet: every host on one endpoint, until every host's session has ended.
 * Listens before any host is contacted, so a port in use fails first.
 */
export async function serveFleetMetrics(fleet: FleetSession, options: MetricsOptions | null, notice: (text: string) => void = toStderr): Promise<SessionExporter | null> {
	const exporter = await startExporter(options, notice);
	if (!exporter) return null;
	for (const host of fleet.hosts) exporter.track(host.session, typedHost(host.label));
	void fleet.done.finally(() => exporter.close());
	return exporter;
}
