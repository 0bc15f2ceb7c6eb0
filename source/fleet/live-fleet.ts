import {LiveFeed} from '../live/live-feed.js';
import {RecordingError} from '../live/recorder.js';
import type {FleetSession} from './fleet-session.js';
import type {FleetHostFeed, FleetSource} from './fleet-source.js';

/**
 * The fleet screen's source over live sessions: each host's LiveFeed (its own monitor screen,
 * freeze and time travel included) and R recording every host, one file per host in `dir`.
 */
export class LiveFleet implements FleetSource {
	readonly hosts: FleetHostFeed[];

	constructor(
		private readonly fleet: FleetSession,
		private readonly dir: string,
	) {
		this.hosts = fleet.hosts.map((member) => ({label: member.label, feed: new LiveFeed(member.session)}));
	}

	async toggleRecording(): Promise<string | null> {
		try {
			if (this.fleet.recording) await this.fleet.stopRecording();
			else if (this.fleet.startRecording(this.dir).length === 0) return 'no host to record: every one failed or ended';
			return null;
		} catch (error) {
			if (error instanceof RecordingError) return error.message;
			throw error;
		}
	}

	recordingText(): string | null {
		let files = 0;
		let rows = 0;
		for (const host of this.fleet.hosts) {
			const state = host.session.recording;
			if (!state || state.error) continue;
			files++;
			rows += state.rows;
		}
		return files === 0 ? null : `REC ${files} ${files === 1 ? 'file' : 'files'} (${rows} samples)`;
	}

	async close(): Promise<void> {
		await Promise.all(this.hosts.map((host) => host.feed.close()));
		await this.fleet.close();
	}
}
