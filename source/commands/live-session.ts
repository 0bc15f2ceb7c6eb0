import {defaultRecordingName} from '../live/recording-name.js';
import {LiveSession} from '../live/session.js';
import type {ViewName} from '../parse/storage-views.js';
import {sshConnection, type SshFlags} from './ssh-connection.js';
import {UsageError} from './usage-error.js';

/** The flags `live` and `record` share. */
export interface SessionFlags extends SshFlags {
	/** Seconds between samples (esxtop -d). */
	interval: number;
	/** esxtop -a */
	all: boolean;
	/** Samples before the session ends by itself; undefined: until quit. */
	count: number | undefined;
}

/**
 * The session `live` and `record` run, from their flags: checked, nothing connected yet (a
 * usage error comes before any prompt or connection).
 */
export function liveSession(destination: string, flags: SessionFlags, options: {views: ReadonlySet<ViewName>; historySamples?: number}): LiveSession {
	checkInterval(flags.interval);
	const count = checkCount(flags.count);
	const connection = sshConnection(destination, flags);
	return new LiveSession({
		label: connection.label,
		openStream: connection.openStream,
		interval: flags.interval,
		all: flags.all,
		count,
		views: options.views,
		defaultRecordingPath: () => defaultRecordingName(connection.target.alias),
		...(options.historySamples === undefined ? {} : {historySamples: options.historySamples}),
	});
}

/** esxtop takes 2 s or more; shorter ones are let through for test doubles of esxtop. */
export function checkInterval(interval: number): void {
	if (!(interval > 0) || !Number.isFinite(interval)) throw new UsageError('--interval must be a number of seconds (esxtop takes 2 or more)');
}

export function checkCount(count: number | undefined): number | null {
	if (count === undefined) return null;
	if (!(Number.isInteger(count) && count >= 1)) throw new UsageError('--count must be a whole number of samples, 1 or more');
	return count;
}
