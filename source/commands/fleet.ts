import {mkdirSync, statSync} from 'node:fs';
import type {FleetSession} from '../fleet/fleet-session.js';
import {describeStatus, type LiveStatus} from '../live/status.js';
import {sampleJson} from '../model/json.js';
import type {Thresholds} from '../model/thresholds.js';
import {viewNames, type ViewName} from '../parse/storage-views.js';
import {displayText} from '../view/display-text.js';
import {fleetConnection, type FleetConnection} from './fleet-connection.js';
import type {SessionFlags} from './live-session.js';
import type {MetricsOptions} from '../export/exporter.js';
import {heldNotices, serveFleetMetrics} from './metrics.js';
import {LineWriter} from './output.js';
import {UsageError} from './usage-error.js';

export interface FleetLiveFlags extends SessionFlags {
	json: boolean;
	/** `--record [DIR]`: null when absent; `{path: null}` records to the current directory. */
	record: {path: string | null} | null;
	views: ReadonlySet<ViewName>;
	thresholds: Thresholds;
	history: number | undefined;
	/** `--metrics [ADDR]`: every host on one /metrics; null without. */
	metrics?: MetricsOptions | null;
}

/** How long the screen waits for hosts still logging in when nobody is being asked anything. */
const screenWaitMs = 5000;

/** `esxlat live HOST HOST…`: the fleet screen (or NDJSON of every host with --json). */
export async function liveFleet(destinations: readonly string[], flags: FleetLiveFlags): Promise<void> {
	if (flags.history !== undefined && !(Number.isInteger(flags.history) && flags.history >= 2)) {
		throw new UsageError('--history must be a whole number of samples, 2 or more');
	}
	const recordDir = flags.record ? recordingDir(flags.record.path ?? '.') : null;
	if (!flags.json && (!process.stdout.isTTY || !process.stdin.isTTY)) {
		throw new UsageError('the fleet screen needs a terminal: use --json to write samples to a pipe, or esxlat record');
	}
	let screenUp = false;
	const connection = fleetConnection(destinations, flags, {
		views: flags.views,
		...(flags.history === undefined ? {} : {historySamples: flags.history}),
		// Watching, a host that is down when it starts is tried again (record keeps its end: --count, Ctrl-C).
		retryUnreachableStart: true,
		notice: (text) => {
			if (!screenUp) process.stderr.write(`esxlat: ${displayText(text)}\n`);
		},
	});
	const {fleet} = connection;
	const notices = heldNotices();
	await serveFleetMetrics(fleet, flags.metrics ?? null, flags.json ? undefined : notices.notice);
	void fleet.done.finally(() => notices.flush());
	const unsubscribe = fleet.subscribe(({host, event}) => {
		if (!screenUp && event.kind === 'status') reportStatus(host.label, event.status);
	});
	if (recordDir) fleet.startRecording(recordDir);
	if (flags.json) return fleetJson(fleet, flags);
	void fleet.start();
	await waitForLogins(connection);
	connection.closePrompts();
	screenUp = true;
	unsubscribe();
	const [{showFleetScreen}, {LiveFleet}] = await Promise.all([import('./fleet-screen.js'), import('../fleet/live-fleet.js')]);
	await showFleetScreen(new LiveFleet(fleet, recordDir ?? '.'), flags.thresholds);
}

/** Every host's samples as NDJSON lines (each names its host), status changes on stderr. */
async function fleetJson(fleet: FleetSession, flags: FleetLiveFlags): Promise<void> {
	const out = new LineWriter();
	fleet.subscribe(({event}) => {
		if (event.kind !== 'sample') return;
		void out.write(`${sampleJson(event.sample, flags.thresholds, flags.views)}\n`);
		if (out.isClosed) void fleet.close();
	});
	await runFleetUntilDone(fleet);
}

/** `esxlat record HOST HOST… -o DIR/`: one recording per host, named by host and start time. */
export async function recordFleet(destinations: readonly string[], flags: SessionFlags & {output: string | undefined; metrics?: MetricsOptions | null}): Promise<void> {
	const dir = recordingDir(flags.output ?? '.');
	const {fleet} = fleetConnection(destinations, flags, {views: new Set(viewNames), historySamples: 2});
	await serveFleetMetrics(fleet, flags.metrics ?? null);
	const started = fleet.startRecording(dir);
	fleet.subscribe(({host, event}) => {
		if (event.kind === 'status') {
			reportStatus(host.label, event.status);
			if (event.status.state === 'streaming' && host.session.sampleCount === 0) process.stderr.write(`esxlat: recording ${displayText(host.label)} to ${host.session.recording?.path ?? '?'}\n`);
		} else if (event.kind === 'recording' && event.recording?.error) process.stderr.write(`esxlat: ${displayText(event.recording.error)}\n`);
	});
	await runFleetUntilDone(fleet);
	let recorded = 0;
	for (const {host, state} of started) {
		const final = host.session.recording ?? state;
		if (final.rows === 0) continue;
		recorded++;
		process.stderr.write(`esxlat: recorded ${final.rows} ${final.rows === 1 ? 'sample' : 'samples'} from ${displayText(host.label)} to ${final.files.join(', ')}\n`);
	}
	process.stderr.write(`esxlat: ${recorded} of ${fleet.hosts.length} hosts recorded in ${dir}\n`);
	// Every file written is complete; a host missing from the set still makes the exit code say so.
	if (recorded < fleet.hosts.length) process.exitCode = 1;
}

/** A host's failure or reconnect on stderr, one line (a failure's message names the host already). */
function reportStatus(label: string, status: LiveStatus): void {
	if (status.state === 'failed') process.stderr.write(`esxlat: ${displayText(status.message)}\n`);
	else if (status.state === 'reconnecting') process.stderr.write(`esxlat: ${displayText(label)}: ${displayText(describeStatus(status))}\n`);
}

/** Ctrl-C or SIGTERM closes every host (esxtop stops, recordings finish); a second one leaves. */
export async function runFleetUntilDone(fleet: FleetSession): Promise<void> {
	let interrupted = false;
	const onSignal = () => {
		if (interrupted) process.exit(130);
		interrupted = true;
		void fleet.close();
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	try {
		await fleet.start();
		await fleet.done;
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		await fleet.close();
	}
	const failed = fleet.hosts.filter((host) => host.session.status.state === 'failed');
	if (failed.length === fleet.hosts.length) process.exitCode = 1;
}

/** Questions first, host by host; the screen starts once none can come, or when the rest is only waiting on the network. */
async function waitForLogins(connection: FleetConnection): Promise<void> {
	const started = Date.now();
	let settled = false;
	void connection.loginsSettled.then(() => (settled = true));
	while (!settled) {
		if (Date.now() - started > screenWaitMs && !connection.prompting()) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** `-o DIR/` or `--record DIR`: an existing directory, or one to create (a trailing / says so). */
function recordingDir(path: string): string {
	try {
		if (statSync(path).isDirectory()) return path;
		throw new UsageError(`${path} is a file: with several hosts, -o names a directory (one file per host)`);
	} catch (error) {
		if (error instanceof UsageError) throw error;
		try {
			mkdirSync(path, {recursive: true});
			return path;
		} catch (inner) {
			throw new UsageError(`cannot create directory ${path}: ${(inner as Error).message}`);
		}
	}
}
