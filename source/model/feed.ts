import type {Sample} from '../parse/capture-parser.js';
import type {HistoryView} from './history.js';
import {parseOffset, parseTimeArg, TimeArgError} from '../triage/report/time-window.js';

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
	/** Live only: back to following the newest sample after a freeze or a step back. */
	followLive?(): void;
	/** Live only: start recording (to the default file name) or stop; the line to show (where it went, or why not). */
	toggleRecording?(): Promise<string | null>;
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

export type SeekTarget =
	| {kind: 'first'}
	| {kind: 'last'}
	| {kind: 'sample'; number: number}
	| {kind: 'time'; secondsOfDay: number}
	/** A date and time, as the title bar shows it (`2026-01-05 02:05:00`, UTC). */
	| {kind: 'instant'; ms: number}
	/** From the sample on screen: `+10m`, `-30s`. */
	| {kind: 'offset'; seconds: number};

/**
 * Parses what the user types after `b`: a sample number (1-based, as the title bar counts), a
 * time of day `H:M`, `HH:MM:SS` (UTC, as esxtop stamps its rows), the title bar's own
 * `2026-01-05 02:05:00` (or ISO 8601, or esxtop's `01/05/2026 02:05:00`), or a jump from the
 * sample on screen: `+10m`, `-30s`, `+1h30m`.
 */
export function parseSeekTarget(text: string): SeekTarget | string {
	const trimmed = text.trim();
	if (/^\d+$/.test(trimmed)) return {kind: 'sample', number: Number(trimmed)};
	const offset = parseOffset(trimmed);
	if (offset !== null) return typeof offset === 'string' ? offset : {kind: 'offset', seconds: offset};
	const match = /^(\d{1,2}):(\d{1,2})(?::(\d{2}))?$/.exec(trimmed);
	if (match) {
		const [h, m, s] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
		if (h > 23 || m > 59 || s > 59) return `"${trimmed}" is not a time of day`;
		return {kind: 'time', secondsOfDay: h * 3600 + m * 60 + s};
	}
	try {
		const arg = parseTimeArg('b', trimmed);
		if (arg.kind === 'instant') return {kind: 'instant', ms: arg.ms};
	} catch (error) {
		if (!(error instanceof TimeArgError)) throw error;
	}
	return `"${trimmed}": type a time (02:05:00 or 2026-01-05 02:05:00, UTC), +10m / -30s, or a sample number`;
}
