import type {LiveEvent, LiveSession} from '../live/session.js';
import type {RecordingState} from '../live/recorder.js';
import type {LiveStatus} from '../live/status.js';

/** One host of a fleet: its own SSH session, reconnect loop, host-key check and status. */
export interface FleetMember {
	/** Position on the command line (or in --hosts), 0-based. */
	readonly index: number;
	/** `user@host[:port]`, as typed or resolved; untrusted text (displayText before showing it). */
	readonly label: string;
	readonly session: LiveSession;
	/** The file `startRecording()` writes for this host (by host and start time). */
	readonly recordingPath: (dir: string) => string;
}

export type FleetState = 'connecting' | 'live' | 'reconnecting' | 'failed' | 'ended';

export interface FleetEvent {
	host: FleetMember;
	event: LiveEvent;
}

/** A host's status as one word. */
export function fleetState(status: LiveStatus): FleetState {
	switch (status.state) {
		case 'connecting':
			return 'connecting';
		case 'streaming':
			return 'live';
		case 'reconnecting':
			return 'reconnecting';
		case 'failed':
			return 'failed';
		case 'ended':
			return 'ended';
	}
}

/**
 * N live sessions run side by side: a host that fails to start (auth, host key, no esxtop)
 * keeps its reason in its status and never blocks or ends the others; one that drops
 * reconnects on its own. Subscribers get every host's samples and status changes, tagged
 * with the host. The fleet screen, `record` of many hosts and `serve` build on it.
 *
 *   await fleet.start()    every host started or failed (never rejects)
 *   fleet.subscribe(fn)    {host, event} for samples, status, recording
 *   fleet.counts()         hosts by state, for a title bar
 *   await fleet.close()    ends esxtop on every host, finishes every recording
 */
export class FleetSession {
	readonly hosts: readonly FleetMember[];
	private readonly listeners = new Set<(event: FleetEvent) => void>();
	private readonly unsubscribers: Array<() => void>;
	private started: Promise<void> | null = null;

	constructor(members: readonly FleetMember[]) {
		this.hosts = members;
		this.unsubscribers = members.map((host) => host.session.subscribe((event) => this.emit({host, event})));
	}

	subscribe(listener: (event: FleetEvent) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Starts every host at once; resolves when each has its header or has failed. */
	start(): Promise<void> {
		this.started ??= Promise.all(this.hosts.map((host) => host.session.start().catch(() => {}))).then(() => {});
		return this.started;
	}

	/** Settles when every host's session has ended (closed, count reached, failed). */
	get done(): Promise<void> {
		return Promise.all(this.hosts.map((host) => host.session.done.catch(() => {}))).then(() => {});
	}

	counts(): Record<FleetState, number> {
		const counts: Record<FleetState, number> = {connecting: 0, live: 0, reconnecting: 0, failed: 0, ended: 0};
		for (const host of this.hosts) counts[fleetState(host.session.status)]++;
		return counts;
	}

	/** Starts recording every host that has not failed, one file per host in `dir`. */
	startRecording(dir: string): Array<{host: FleetMember; state: RecordingState}> {
		const started: Array<{host: FleetMember; state: RecordingState}> = [];
		for (const host of this.hosts) {
			const status = host.session.status.state;
			if (status === 'failed' || status === 'ended') continue;
			started.push({host, state: host.session.startRecording(host.recordingPath(dir))});
		}
		return started;
	}

	async stopRecording(): Promise<void> {
		await Promise.all(this.hosts.map((host) => host.session.stopRecording()));
	}

	/** True while any host records. */
	get recording(): boolean {
		return this.hosts.some((host) => host.session.recording !== null);
	}

	async close(): Promise<void> {
		await Promise.all(this.hosts.map((host) => host.session.close()));
		for (const unsubscribe of this.unsubscribers) unsubscribe();
		this.listeners.clear();
	}

	private emit(event: FleetEvent): void {
		for (const listener of this.listeners) listener(event);
	}
}

/**
 * Recording names for a fleet: `HOST-YYYYmmdd-HHMMSS.csv` by the host's name, with the port
 * added where two hosts of the fleet share a name (several sshd on one test machine).
 */
export function fleetRecordingHosts(targets: ReadonlyArray<{alias: string; port: number}>): string[] {
	const seen = new Map<string, number>();
	for (const target of targets) seen.set(target.alias, (seen.get(target.alias) ?? 0) + 1);
	return targets.map((target) => (seen.get(target.alias)! > 1 ? `${target.alias}_${target.port}` : target.alias));
}
