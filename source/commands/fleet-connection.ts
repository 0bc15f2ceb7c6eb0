import {join} from 'node:path';
import {FleetSession, fleetRecordingHosts, type FleetMember} from '../fleet/fleet-session.js';
import {PromptQueue} from '../fleet/prompt-queue.js';
import {terminalPrompter} from '../input/ssh/prompt.js';
import {defaultRecordingName} from '../live/recording-name.js';
import {LiveSession} from '../live/session.js';
import type {ViewName} from '../parse/storage-views.js';
import {checkCount, checkInterval, type SessionFlags} from './live-session.js';
import {sshConnection} from './ssh-connection.js';

export interface FleetConnection {
	fleet: FleetSession;
	/**
	 * Settles when no host can ask anything any more: each has logged in once or failed. The
	 * screen waits for it (questions come first, host by host), then calls `closePrompts()`.
	 */
	loginsSettled: Promise<void>;
	/** From now on a host that would ask a question fails with that reason instead. */
	closePrompts(): void;
	/** True while a host holds the terminal for its questions. */
	prompting(): boolean;
}

/**
 * The sessions of `live`/`record` (and `serve`) over many hosts, from their flags: checked,
 * nothing connected yet. Questions are asked host by host on the terminal (PromptQueue);
 * notes such as "added to known_hosts" go to `notice` (stderr by default).
 */
export function fleetConnection(
	destinations: readonly string[],
	flags: SessionFlags,
	options: {views: ReadonlySet<ViewName>; historySamples?: number; notice?: (text: string) => void; retryUnreachableStart?: boolean},
): FleetConnection {
	checkInterval(flags.interval);
	const count = checkCount(flags.count);
	const queue = new PromptQueue(terminalPrompter());
	const logins: Array<Promise<void>> = [];
	const built = destinations.map((destination) => {
		const prompts = queue.forHost(destination);
		const connection = sshConnection(destination, flags, process.env, {prompter: prompts.prompter, ...(options.notice ? {notice: options.notice} : {})});
		let settleLogin!: () => void;
		logins.push(new Promise<void>((resolve) => (settleLogin = resolve)));
		const settled = async (ok: boolean) => {
			await prompts.loginSettled(ok);
			settleLogin();
		};
		const session = new LiveSession({
			label: connection.label,
			async openStream(command, onData) {
				try {
					const stream = await connection.openStream(command, onData);
					await settled(true);
					return stream;
				} catch (error) {
					await settled(false);
					throw error;
				}
			},
			interval: flags.interval,
			all: flags.all,
			count,
			views: options.views,
			defaultRecordingPath: () => defaultRecordingName(connection.target.alias),
			// A watched fleet keeps trying a host that is down, its reason in its row (auth and host-key refusals stay final).
			retryUnreachableStart: options.retryUnreachableStart ?? false,
			...(options.historySamples === undefined ? {} : {historySamples: options.historySamples}),
		});
		// A session that fails before it ever connected (closed early) settles its login too.
		session.done.catch(() => {}).finally(() => void settled(false));
		return {connection, session};
	});
	const names = fleetRecordingHosts(built.map(({connection}) => connection.target));
	const members: FleetMember[] = built.map(({connection, session}, index) => ({
		index,
		label: connection.label,
		session,
		recordingPath: (dir: string) => join(dir, defaultRecordingName(names[index]!)),
	}));
	return {fleet: new FleetSession(members), loginsSettled: Promise.all(logins).then(() => {}), closePrompts: () => queue.close(), prompting: () => queue.busy};
}
