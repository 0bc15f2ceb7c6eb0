import {basename} from 'node:path';
import type {Feed, FeedSnapshot, FeedStatus, SeekTarget} from '../model/feed.js';
import type {HistoryView} from '../model/history.js';
import {SnapshotPublisher} from '../model/snapshot-publisher.js';
import type {Timeline} from '../model/timeline.js';
import {RecordingError, type RecordingState} from './recorder.js';
import type {LiveSession} from './session.js';
import {reconnectCountdown} from './status.js';

const dayMs = 86_400_000;

/** What R says when it stops: where the rows went and how many, so nothing is left to guess. */
export function recordingStopped(state: RecordingState): string {
	const files = state.files.length > 1 ? `${state.files.join(', ')} (${state.files.length} files: the columns changed)` : state.path;
	return `recording stopped: ${files}, ${state.rows} ${state.rows === 1 ? 'sample' : 'samples'}${state.error ? ` (${state.error})` : ''}`;
}
const noHistory: HistoryView = {length: 0, at: () => undefined};

/**
 * The monitor screen's Feed over a live session (atop's twin mode): space freezes the screen
 * while samples keep filling the history and the recording; t/T step and b jumps through what
 * was kept; z (followLive) or G follows live again. The title bar gets "12 s behind live" while
 * frozen, "in 4 s, attempt 3" while reconnecting, and the recording in `progress`.
 * `toggleRecording()` is the R key and `followLive()` the z key (replay has neither).
 */
export class LiveFeed implements Feed {
	readonly source: string;
	private readonly published: SnapshotPublisher;
	private historyVersion = 0;
	private countdown: NodeJS.Timeout | undefined;
	private readonly unsubscribe: () => void;

	constructor(private readonly session: LiveSession) {
		this.source = session.label;
		this.published = new SnapshotPublisher(this.build());
		this.unsubscribe = session.subscribe((event) => {
			if (event.kind === 'sample' || event.kind === 'status') this.historyVersion++; // a sample or a gap marker
			if (event.kind === 'status') this.tickWhileReconnecting();
			this.update();
		});
	}

	/** The session's timeline, up to the sample on screen; empty until the first header. */
	get history(): HistoryView {
		return this.session.timeline ?? noHistory;
	}

	subscribe(listener: () => void): () => void {
		return this.published.subscribe(listener);
	}

	snapshot(): FeedSnapshot {
		return this.published.current;
	}

	togglePause(): void {
		this.move((timeline) => (timeline.isLive ? timeline.freeze() : timeline.resume()));
	}

	step(delta: number): void {
		this.move((timeline) => timeline.step(delta));
	}

	seek(target: SeekTarget): string | null {
		const timeline = this.session.timeline;
		const newest = timeline?.newest;
		if (!timeline || !newest) return 'no samples yet';
		switch (target.kind) {
			case 'first':
				timeline.goToSample(1);
				break;
			case 'last':
				timeline.resume();
				break;
			case 'sample': {
				const count = timeline.position()!.count;
				if (!timeline.goToSample(target.number)) return `sample ${target.number} is out of range: 1 to ${count} (the history kept)`;
				break;
			}
			case 'time': {
				// The last such time of day (UTC) at or before the newest sample.
				let time = newest.time - (newest.time % dayMs) + target.secondsOfDay * 1000;
				if (time > newest.time) time -= dayMs;
				const oldest = timeline.at(0);
				if (oldest?.kind === 'sample' && time < oldest.sample.time) return `${new Date(time).toISOString().slice(11, 19)} UTC is before the oldest sample kept (${new Date(oldest.sample.time).toISOString().slice(11, 19)})`;
				timeline.jumpTo(time);
				break;
			}
			case 'instant':
			case 'offset': {
				const shown = timeline.shown;
				const time = target.kind === 'instant' ? target.ms : (shown?.time ?? newest.time) + target.seconds * 1000;
				const oldest = timeline.at(0);
				const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
				if (oldest?.kind === 'sample' && time < oldest.sample.time - 60_000) return `${stamp(time)} UTC is before the oldest sample kept (${stamp(oldest.sample.time)})`;
				if (time > newest.time) {
					if (target.kind === 'offset') {
						timeline.resume(); // past the newest sample: follow live
						break;
					}
					return `${stamp(time)} UTC has not come yet (newest sample ${stamp(newest.time)})`;
				}
				timeline.jumpTo(time);
				break;
			}
		}
		this.historyVersion++;
		this.update();
		return null;
	}

	followLive(): void {
		this.move((timeline) => timeline.resume());
	}

	/** The R key: starts recording to the default file, or stops; a one-line reason when it cannot. */
	async toggleRecording(): Promise<string | null> {
		try {
			if (!this.session.recording) {
				const started = this.session.startRecording();
				return `recording to ${started.path} (R stops)`;
			}
			const stopped = await this.session.stopRecording();
			return stopped ? recordingStopped(stopped) : null;
		} catch (error) {
			if (error instanceof RecordingError) return error.message;
			throw error;
		} finally {
			this.update();
		}
	}

	async close(): Promise<void> {
		clearInterval(this.countdown);
		this.unsubscribe();
		this.published.clear();
		await this.session.close();
	}

	private move(change: (timeline: Timeline) => void): void {
		const timeline = this.session.timeline;
		if (!timeline) return;
		change(timeline);
		this.historyVersion++;
		this.update();
	}

	/** "reconnecting in 4 s" counts down while nothing else happens. */
	private tickWhileReconnecting(): void {
		clearInterval(this.countdown);
		this.countdown = undefined;
		if (this.session.status.state === 'reconnecting') this.countdown = setInterval(() => this.update(), 1000);
	}

	private update(): void {
		this.published.publish(this.build());
	}

	private build(): FeedSnapshot {
		const timeline = this.session.timeline;
		const recording = this.session.recording;
		const status = this.session.status;
		const position = timeline?.position() ?? null;
		return {
			sample: timeline?.shown ?? null,
			status: this.status(),
			position: position && {...position, final: false},
			progress: recording && !recording.error ? `REC ${basename(recording.path)} (${recording.rows} ${recording.rows === 1 ? 'sample' : 'samples'})` : null,
			speed: null,
			historyVersion: this.historyVersion,
			error: recording?.error ?? (status.state === 'reconnecting' ? status.reason : null),
		};
	}

	private status(): FeedStatus {
		const status = this.session.status;
		const timeline = this.session.timeline;
		const frozen = timeline && !timeline.isLive ? `${Math.round(timeline.behindMs() / 1000)} s behind live` : null;
		switch (status.state) {
			case 'connecting':
				return timeline ? {mode: 'reconnecting', detail: `attempt ${status.attempt}`} : {mode: 'loading', detail: 'connecting'};
			case 'reconnecting':
				return {mode: 'reconnecting', detail: `${reconnectCountdown(status)}${frozen ? `; frozen ${frozen}` : ''}`};
			case 'ended':
				return {mode: 'ended', detail: status.reason};
			case 'failed':
				return {mode: 'failed', detail: status.message};
			case 'streaming':
				return frozen ? {mode: 'frozen', detail: frozen} : {mode: 'live'};
		}
	}
}
