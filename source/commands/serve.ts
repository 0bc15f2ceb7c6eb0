import type {Thresholds} from '../model/thresholds.js';
import {parsedViews} from '../export/selection.js';
import {fleetDestinations, HostsFileError} from '../fleet/hosts-file.js';
import {displayText} from '../view/display-text.js';
import {runFleetUntilDone} from './fleet.js';
import {fleetConnection} from './fleet-connection.js';
import {metricsOptions, serveFleetMetrics} from './metrics.js';
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
 * `esxlat serve HOST… [--hosts FILE] --metrics ADDR`: a headless collector over the fleet
 * session (one reconnecting live session per host, questions asked host by host), every host on
 * one /metrics with its `host` label. A host that cannot log in stays `esxlat_up 0` with its
 * reason on stderr and never stops the others. Records nothing unless --record is given.
 */
export async function serve(destinations: readonly string[], flags: ServeFlags): Promise<void> {
	let hosts: string[];
	try {
		hosts = fleetDestinations(destinations, flags.hosts);
	} catch (error) {
		if (error instanceof HostsFileError) throw new UsageError(error.message);
		throw error;
	}
	if (hosts.length === 0) throw new UsageError('serve needs one or more hosts ([user@]host[:port]) or --hosts FILE');
	const options = metricsOptions({address: flags.metricsAddress ?? '', views: flags.metricsViews, filter: flags.metricsFilter}, flags.thresholds)!;
	const {fleet} = fleetConnection(hosts, {...flags, count: undefined}, {views: parsedViews(options.selection), historySamples: 2});
	await serveFleetMetrics(fleet, options);
	fleet.subscribe(({host, event}) => {
		const label = displayText(host.label);
		if (event.kind === 'status' && (event.status.state === 'failed' || event.status.state === 'reconnecting')) process.stderr.write(`esxlat: ${label}: ${displayText(event.text)}\n`);
		else if (event.kind === 'status' && event.status.state === 'streaming' && host.session.sampleCount === 0) {
			process.stderr.write(`esxlat: ${label}: streaming${host.session.recording ? `, recording to ${displayText(host.session.recording.path)}` : ''}\n`);
		} else if (event.kind === 'recording' && event.recording?.error) process.stderr.write(`esxlat: ${displayText(event.recording.error)}\n`);
	});
	if (flags.record) fleet.startRecording('.');
	await runFleetUntilDone(fleet);
}
