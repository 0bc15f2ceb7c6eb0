import type {Sample} from '../parse/capture-parser.js';
import type {CaptureIndex} from './capture-index.js';
import {SnapshotPublisher} from './snapshot-publisher.js';
import type {Feed, FeedSnapshot, FeedStatus, SeekTarget} from './feed.js';
import {gapPoint, type HistoryPoint, HistoryWindow} from './history.js';
import {historyCapacity} from './ring-buffer.js';

/** Playback speeds, × capture time; Infinity plays as fast as the samples can be read. */
export const speedLadder = [0.5, 1, 2, 4, 8, 16, 32, 64, Number.POSITIVE_INFINITY] as const;
export const defaultSpeed = 4;

/** Timers, injectable so tests step playback by hand instead of waiting. */
export interface Scheduler {
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export const realScheduler: Scheduler = {
	setTimeout: (callback, ms) => (ms <= 0 ? setImmediate(callback) : setTimeout(callback, ms)),
	clearTimeout: (handle) => {
		clearTimeout(handle as NodeJS.Timeout);
		clearImmediate(handle as NodeJS.Immediate);
	},
};

export interface ReplayOptions {
	/** Title-bar name of the source (default: the index's name). */
	source?: string;
	speed?: number;
	paused?: boolean;
	/** History points kept for sparklines and the sustained/spike count (default: up to 120). */
	historySize?: number;
	scheduler?: Scheduler;
	/**
	 * How long a sample that fell out of the history waits at least before its values array is
	 * reused (default 250 ms); it also waits until two newer snapshots were taken. The screen
	 * draws from the snapshot it took at its last repaint (every 100–200 ms), and at max speed
	 * hundreds of samples can leave the history in between: the sample it still shows must keep
	 * its values. Tests that step by hand pass 0.
	 */
	recycleAfterMs?: number;
}

/** Longest wait between two samples, whatever the capture's interval and the speed. */
const maxDelayMs = 10_000;
/** Budget for replay history values (the live feed's ring buffer has its own). */
const historyBytes = 32 * 1024 * 1024;

/**
 * Plays a capture through its index: one sample on screen, playing or paused, at a speed from
 * the ladder; steps, seeks and jumps to a time. History is the window of samples up to the one
 * on screen, refilled from the index after a jump.
 */
export class ReplayFeed implements Feed {
	readonly source: string;
	readonly history: HistoryWindow;
	private readonly scheduler: Scheduler;
	private readonly published: SnapshotPublisher;
	private position = -1;
	private paused: boolean;
	private speed: number;
	private timer: unknown = null;
	/** Bumped by every move, so a read that finishes after a newer move is dropped. */
	private generation = 0;
	private moving = false;
	/** Where the move in progress goes: keys pressed faster than reads finish count from there. */
	private target = -1;
	private readError: string | null = null;
	private historyVersion = 0;
	private readonly unsubscribeIndex: () => void;
	private readonly recycleAfterMs: number;
	/** Samples out of the history, oldest first, with when they left: reused once no snapshot holds them. */
	private readonly leaving: Array<{sample: Sample; at: number; taken: number}> = [];
	/** snapshot() calls so far: a consumer that took a newer snapshot no longer draws an older one. */
	private snapshotsTaken = 0;

	constructor(
		private readonly index: CaptureIndex,
		options: ReplayOptions = {},
	) {
		this.source = options.source ?? index.name;
		this.scheduler = options.scheduler ?? realScheduler;
		this.paused = options.paused ?? false;
		this.speed = options.speed ?? defaultSpeed;
		this.recycleAfterMs = options.recycleAfterMs ?? 250;
		const first = index.first;
		const capacity = options.historySize ?? historyCapacity(first?.values.length ?? 1, 120, historyBytes);
		this.history = new HistoryWindow(capacity);
		this.published = new SnapshotPublisher(this.build(null));
		this.unsubscribeIndex = index.onChange(() => this.onIndexChange());
		if (first) {
			this.position = 0;
			this.history.pushNewest({kind: 'sample', sample: first});
			this.historyVersion++;
			this.update(first);
			this.schedule();
		}
	}

	subscribe(listener: () => void): () => void {
		return this.published.subscribe(listener);
	}

	snapshot(): FeedSnapshot {
		this.snapshotsTaken++;
		return this.published.current;
	}

	togglePause(): void {
		if (this.paused && this.atEnd()) {
			// Space at the end plays again from the start.
			this.paused = false;
			this.goTo(0);
			return;
		}
		this.paused = !this.paused;
		this.cancelTimer();
		this.update();
		this.schedule();
	}

	step(delta: number): void {
		this.paused = true;
		this.cancelTimer();
		const base = this.moving ? this.target : this.position;
		const target = Math.max(0, Math.min(this.index.count - 1, base + delta));
		if (target === base) return this.update();
		this.goTo(target);
	}

	seek(target: SeekTarget): string | null {
		const count = this.index.count;
		if (count === 0) return 'no samples yet';
		let to: number;
		switch (target.kind) {
			case 'first':
				to = 0;
				break;
			case 'last':
				to = count - 1;
				break;
			case 'sample':
				if (target.number < 1 || target.number > count) return `sample ${target.number} is out of range: 1 to ${count}${this.index.done ? '' : ' so far'}`;
				to = target.number - 1;
				break;
			case 'time': {
				const found = this.findTime(target.secondsOfDay);
				if (typeof found === 'string') return found;
				to = found;
				break;
			}
			case 'instant':
			case 'offset': {
				const base = this.index.time(this.moving ? this.target : Math.max(0, this.position));
				const found = this.findInstant(target.kind === 'instant' ? target.ms : base + target.seconds * 1000);
				if (typeof found === 'string') return found;
				to = found;
				break;
			}
		}
		this.cancelTimer();
		this.goTo(to);
		return null;
	}

	changeSpeed(direction: 1 | -1): void {
		const at = speedLadder.findIndex((speed) => speed >= this.speed);
		const next = speedLadder[Math.max(0, Math.min(speedLadder.length - 1, (at === -1 ? speedLadder.length - 1 : at) + direction))]!;
		this.speed = next;
		this.cancelTimer();
		this.update();
		this.schedule();
	}

	async close(): Promise<void> {
		this.cancelTimer();
		this.generation++;
		this.unsubscribeIndex();
		this.published.clear();
		await this.index.close();
	}

	/**
	 * The first sample at or after a time of day (UTC), on the first day of the capture where
	 * that time falls inside it (a capture from 23:00 to 01:00 finds 00:30 on its second day).
	 */
	private findTime(secondsOfDay: number): number | string {
		const count = this.index.count;
		const day = 86_400_000;
		const first = this.index.time(0);
		const last = this.index.time(count - 1);
		for (let start = Math.floor(first / day) * day; start <= last; start += day) {
			const wanted = start + secondsOfDay * 1000;
			if (wanted > last) break;
			if (wanted < first - 60_000) continue;
			for (let i = 0; i < count; i++) if (this.index.time(i) >= wanted) return i;
		}
		const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
		return `no sample at ${clock(secondsOfDay * 1000)} UTC: the capture ${this.index.done ? 'runs' : 'is indexed'} from ${clock(first)} to ${clock(last)}`;
	}

	/** The sample at an instant: the first at or after it, within the capture (a minute's slack before the first). */
	private findInstant(ms: number): number | string {
		const count = this.index.count;
		const first = this.index.time(0);
		const last = this.index.time(count - 1);
		if (ms >= first - 60_000 && ms <= last) {
			for (let i = 0; i < count; i++) if (this.index.time(i) >= ms) return i;
		}
		const stamp = (time: number) => new Date(time).toISOString().slice(0, 19).replace('T', ' ');
		return `no sample at ${stamp(ms)} UTC: the capture ${this.index.done ? 'runs' : 'is indexed'} from ${stamp(first)} to ${stamp(last)}`;
	}

	private atEnd(): boolean {
		return this.index.done && this.position >= this.index.count - 1;
	}

	private onIndexChange(): void {
		if (this.position === -1 && this.index.first) {
			this.position = 0;
			this.history.pushNewest({kind: 'sample', sample: this.index.first});
			this.historyVersion++;
			this.update(this.index.first);
			this.schedule();
			return;
		}
		this.update();
		// Playback caught up with the index and waits for more rows.
		if (this.timer === null && !this.moving) this.schedule();
	}

	private schedule(): void {
		if (this.paused || this.timer !== null || this.moving || this.position < 0) return;
		const next = this.position + 1;
		if (next >= this.index.count) {
			if (this.index.done) {
				this.paused = true;
				this.update();
			}
			return;
		}
		const delta = this.index.time(next) - this.index.time(this.position);
		const interval = delta > 0 ? delta : 5000;
		const ms = Number.isFinite(this.speed) ? Math.min(maxDelayMs, interval / this.speed) : 0;
		this.timer = this.scheduler.setTimeout(() => {
			this.timer = null;
			if (!this.paused) this.goTo(next);
		}, ms);
	}

	private cancelTimer(): void {
		if (this.timer === null) return;
		this.scheduler.clearTimeout(this.timer);
		this.timer = null;
	}

	/** Moves to sample `to`: one step forward extends the history, anything else refills it. */
	private goTo(to: number): void {
		const from = this.position;
		const generation = ++this.generation;
		this.moving = true;
		this.target = to;
		this.index.read(to).then(
			(sample) => {
				if (generation !== this.generation) return;
				this.position = to;
				this.readError = null;
				if (to === from + 1) {
					if (this.index.gapBefore(to)) this.recycle(this.history.pushNewest(gapPoint('samples missing')), sample);
					this.recycle(this.history.pushNewest({kind: 'sample', sample}), sample);
				} else if (to === from - 1 && this.history.length > 1) {
					this.history.popNewest();
					if (this.history.at(-1)?.kind === 'gap') this.history.popNewest();
					void this.refill(generation);
				} else {
					this.history.clear();
					this.history.pushNewest({kind: 'sample', sample});
					void this.refill(generation);
				}
				this.historyVersion++;
				this.moving = false;
				this.update(sample);
				this.schedule();
			},
			(error: unknown) => {
				if (generation !== this.generation) return;
				this.moving = false;
				this.paused = true;
				this.readError = error instanceof Error ? error.message : String(error);
				this.update();
			},
		);
	}

	/**
	 * A point that fell out of the history: its values go back to the index for a later read once
	 * `recycleAfterMs` have passed and two newer snapshots were taken (never the sample now
	 * shown), so a screen still drawing an older snapshot reads the values it was given.
	 */
	private recycle(dropped: HistoryPoint | undefined, shown: Sample): void {
		if (dropped?.kind === 'sample' && dropped.sample !== shown && dropped.sample !== this.published.current.sample) {
			this.leaving.push({sample: dropped.sample, at: performance.now(), taken: this.snapshotsTaken});
		}
		const due = performance.now() - this.recycleAfterMs;
		// Two snapshots: the one a repaint took after the sample left, and React's render of it.
		while (this.leaving.length > 0 && this.leaving[0]!.at <= due && this.snapshotsTaken - this.leaving[0]!.taken >= 2) {
			this.index.recycle(this.leaving.shift()!.sample);
		}
	}

	/** Reads older samples into the history until it is full or reaches the first sample. */
	private async refill(generation: number): Promise<void> {
		let oldest = this.position - this.samplesInHistory() + 1;
		while (!this.history.full && oldest > 0) {
			const i = oldest - 1;
			let sample: Sample;
			try {
				sample = await this.index.read(i);
			} catch {
				return;
			}
			if (generation !== this.generation) return;
			if (this.index.gapBefore(i + 1) && !this.history.pushOldest(gapPoint('samples missing'))) return;
			if (!this.history.pushOldest({kind: 'sample', sample})) return;
			oldest = i;
			this.historyVersion++;
			if (this.history.full || oldest === 0 || (this.position - oldest) % 16 === 0) this.update();
		}
	}

	private samplesInHistory(): number {
		let n = 0;
		for (let i = 0; i < this.history.length; i++) if (this.history.at(i)!.kind === 'sample') n++;
		return n;
	}

	private update(sample: Sample | null = this.published.current.sample): void {
		this.published.publish(this.build(sample));
	}

	private build(sample: Sample | null): FeedSnapshot {
		const index = this.index;
		const fraction = index.fraction;
		return {
			sample,
			status: this.status(sample),
			position: this.position < 0 ? null : {index: this.position, count: index.count, final: index.done},
			progress: [index.done ? null : `indexing ${fraction === null ? `${index.count} samples` : `${Math.floor(fraction * 100)}%`}`, ...readNotes(index.oddities)].filter(Boolean).join(' · ') || null,
			speed: this.speed,
			historyVersion: this.historyVersion,
			error: this.readError ?? (index.done ? index.error : null),
		};
	}

	private status(sample: Sample | null): FeedStatus {
		if (this.position < 0) return {mode: 'loading'};
		if (this.atEnd() && this.paused) return {mode: 'ended', detail: 'end of capture'};
		if (sample?.rewound) return {mode: this.paused ? 'paused' : 'playing', detail: 'time went back before this sample'};
		if (this.paused) return {mode: 'paused'};
		if (!this.index.done && this.position >= this.index.count - 1) return {mode: 'playing', detail: 'waiting for the index'};
		return {mode: 'playing'};
	}
}

/** The title bar's word on odd input: time going back (new segments) and cells out of range. */
function readNotes({rewound, outOfRange}: {rewound: number; outOfRange: number}): string[] {
	const notes: string[] = [];
	if (rewound > 0) notes.push(`time went back ${rewound}× (new segments)`);
	if (outOfRange > 0) notes.push(`${outOfRange} cells out of range`);
	return notes;
}
