import type {Sample} from '../parse/capture-parser.js';
import type {HistoryView} from './history.js';

/**
 * The monitor screen's only source of data. The screen knows nothing of files, gzip or SSH: it
 * subscribes to a Feed, renders `snapshot()` and `history`, and calls the optional controls
 * when their keys are pressed (a key whose control is missing is left out of the key bar).
 *
 * Implementations:
 * - ReplayFeed (replay-feed.ts): a capture file, with seek/step/speed over a background index.
 * - A live SSH feed (issue 4) implements the same contract:
 *   - push each parsed sample into a RingBuffer<HistoryPoint> (model/ring-buffer.ts) and expose
 *     it as `history`; after a reconnect push `gapPoint('reconnected')` before the first new sample;
 *   - report `status` {mode: 'live'} while streaming, {mode: 'reconnecting', detail: 'in 4 s, attempt 3'}
 *     while retrying, {mode: 'frozen', detail: '12 s behind live'} while paused (keep buffering,
 *     keep showing the frozen sample), {mode: 'failed', detail} when it gives up;
 *   - `togglePause` freezes/unfreezes; `step`/`seek`/`changeSpeed` only where it can (e.g. over
 *     what it recorded), otherwise leave them undefined;
 *   - call the listeners after every change; the screen throttles its repaints itself.
 */
export interface Feed {
	/** Where the data comes from, for the title bar: a file name, `root@esx01`. */
	readonly source: string;
	/** Samples up to the one on screen (oldest first), with gap points where samples are missing. */
	readonly history: HistoryView;
	subscribe(listener: () => void): () => void;
	/** The current state; a new object after every change, the same object otherwise. */
	snapshot(): FeedSnapshot;
	/** Pause or resume (replay), freeze or follow (live). */
	togglePause?(): void;
	/** One sample forward (+1) or back (-1); pauses playback. */
	step?(delta: number): void;
	/** Jumps to a sample; returns a one-line reason when it cannot. */
	seek?(target: SeekTarget): string | null;
	/** One step up (+1) or down (-1) the speed ladder. */
	changeSpeed?(direction: 1 | -1): void;
	close(): Promise<void>;
}

export type FeedMode = 'loading' | 'playing' | 'paused' | 'ended' | 'live' | 'frozen' | 'reconnecting' | 'failed';

export interface FeedStatus {
	mode: FeedMode;
	/** Said after the mode: "in 4 s, attempt 3", "12 s behind live", "end of capture". */
	detail?: string;
}

export interface FeedSnapshot {
	/** The sample on screen (null until the first one arrives). */
	sample: Sample | null;
	status: FeedStatus;
	/** Where `sample` is among the samples known so far; `final` once that count cannot grow. */
	position: {index: number; count: number; final: boolean} | null;
	/** Background work worth a glance: "indexing 43%". */
	progress: string | null;
	/** Playback speed (× real time; Infinity = as fast as possible), null where it does not apply. */
	speed: number | null;
	/** Changes whenever `history` changed. */
	historyVersion: number;
	/** A problem the user should see (one line), e.g. a read error. */
	error: string | null;
}

export type SeekTarget = {kind: 'first'} | {kind: 'last'} | {kind: 'sample'; number: number} | {kind: 'time'; secondsOfDay: number};

/**
 * Parses what the user types after `b`: a sample number (1-based, as the title bar counts) or a
 * time of day `HH:MM` / `HH:MM:SS` (UTC, as esxtop stamps its rows).
 */
export function parseSeekTarget(text: string): SeekTarget | string {
	const trimmed = text.trim();
	if (/^\d+$/.test(trimmed)) return {kind: 'sample', number: Number(trimmed)};
	const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(trimmed);
	if (match) {
		const [h, m, s] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
		if (h > 23 || m > 59 || s > 59) return `"${trimmed}" is not a time of day`;
		return {kind: 'time', secondsOfDay: h * 3600 + m * 60 + s};
	}
	return `"${trimmed}": type a time (HH:MM:SS, UTC) or a sample number`;
}
