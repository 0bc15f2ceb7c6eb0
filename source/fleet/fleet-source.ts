import type {Feed, FeedSnapshot, SeekTarget} from '../model/feed.js';

/** One host on the fleet screen: the feed its own monitor screen shows. */
export interface FleetHostFeed {
	/** `user@host:port` or a file name; untrusted text. */
	readonly label: string;
	readonly feed: Feed;
}

/** Replay of many recordings: one clock for every host. */
export interface FleetClock {
	/** The moment on screen (ms since the epoch), null before any sample. */
	readonly time: number | null;
	readonly snapshot: FeedSnapshot;
	subscribe(listener: () => void): () => void;
	togglePause(): void;
	step(delta: number): void;
	seek(target: SeekTarget): string | null;
	changeSpeed(direction: 1 | -1): void;
}

/**
 * What the fleet screen shows: a feed per host and, for replays, their shared clock. Live
 * fleets record (the R key) every host at once, one file per host.
 */
export interface FleetSource {
	readonly hosts: readonly FleetHostFeed[];
	readonly clock?: FleetClock;
	toggleRecording?(): Promise<string | null>;
	/** "REC 3 files (120 samples)" while recording. */
	recordingText?(): string | null;
	close(): Promise<void>;
}
