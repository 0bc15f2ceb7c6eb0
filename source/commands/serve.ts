import {readFileSync} from 'node:fs';
import {parsedViews} from '../export/selection.js';
import type {LiveSession} from '../live/session.js';
import type {Thresholds} from '../model/thresholds.js';
import {describeFsError, InputError} from '../input/byte-source.js';
import {liveSession} from './live-session.js';
import {metricsOptions, startExporter, typedHost} from './metrics.js';
import {UsageError} from './usage-error.js';

export interface ServeFlags {
	hosts: string | undefined;
	metricsAddress: string | null;
	metricsViews: string | undefined;
	metricsFilter: string | undefined;
	thresholds: Thresholds;
	record: boolean;
	identity: string[];
	passwordEnv: string | undefined;
	acceptNew: boolean;
	interval: number;
	all: boolean;
}

/**
 * `esxlat serve HOST… [--hosts FILE] --metrics ADDR`: a headless collector. One live session
 * per host (the same session as `live`: reconnects, stall detection), all served on one
 * /metrics with a `host` label each; nothing is recorded unless --record is given.
 *
 * The sessions are started one after the other, so host-key questions and password prompts
 * come one at a time; a host that fails its first connection ends serve with that error (as
 * `live` does), later failures reconnect.
 */
export async function serve(destinations: readonly string[], flags: ServeFlags): Promise<void> {
	const hosts = [...destinations, ...(flags.hosts === undefined ? [] : readHostsFile(flags.hosts))];
	if (hosts.length === 0) throw new UsageError('serve needs one or more hosts ([user@]host[:port]) or --hosts FILE');
	const duplicate = hosts.find((host, at) => hosts.indexOf(host) !== at);
	if (duplicate) throw new UsageError(`serve: ${duplicate} is given twice`);
	const options = metricsOptions({address: flags.metricsAddress ?? '', views: flags.metricsViews, filter: flags.metricsFilter}, flags.thresholds)!;
	const views = parsedViews(options.selection);
	const sessions = hosts.map((host) => ({host, session: liveSession(host, {...flags, count: undefined}, {views, historySamples: 2})}));
	const exporter = await startExporter(options);
	for (const {host, session} of sessions) {
		exporter!.track(session, typedHost(host));
		session.subscribe((event) => {
			if (event.kind === 'status' && event.status.state === 'reconnecting') process.stderr.write(`esxlat: ${session.label}: ${event.text}\n`);
			else if (event.kind === 'recording' && event.recording?.error) process.stderr.write(`esxlat: ${event.recording.error}\n`);
		});
	}
	try {
		await runAll(sessions.map(({session}) => session), flags.record);
	} finally {
		await exporter!.close();
	}
}

/** Starts each session in turn, then runs until Ctrl-C / SIGTERM or until one session fails. */
async function runAll(sessions: LiveSession[], record: boolean): Promise<void> {
	let interrupted = false;
	const closeAll = () => Promise.all(sessions.map((session) => session.close()));
	const onSignal = () => {
		if (interrupted) process.exit(130);
		interrupted = true;
		void closeAll();
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	try {
		for (const session of sessions) {
			if (interrupted) break;
			await session.start();
			if (record) process.stderr.write(`esxlat: ${session.label}: recording to ${session.startRecording().path}\n`);
		}
		await Promise.all(sessions.map((session) => session.done));
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		await closeAll();
	}
}

/** `--hosts FILE`: one host a line; blank lines and `#` comments are skipped. */
function readHostsFile(path: string): string[] {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		throw new InputError(`--hosts ${path}: ${describeFsError(error)}`);
	}
	return text
		.split('\n')
		.map((line) => line.replace(/#.*/, '').trim())
		.filter(Boolean);
}
