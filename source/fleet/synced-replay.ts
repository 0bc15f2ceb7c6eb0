import type {CaptureIndex} from '../model/capture-index.js';
import type {Feed, FeedSnapshot, SeekTarget} from '../model/feed.js';
import type {HistoryView} from '../model/history.js';
import {realScheduler, ReplayFeed, type Scheduler, speedLadder, defaultSpeed} from '../model/replay-feed.js';
import {SnapshotPublisher} from '../model/snapshot-publisher.js';
import type {FleetClock, FleetHostFeed, FleetSource} from './fleet-source.js';

/** Longest wait between two moments, whatever the gap in the recordings and the speed. */
const maxDelayMs = 10_000;
const dayMs = 86_400_000;

/**
 * Several recordings replayed on one clock: the moment on screen is a time, and each host shows
 * its last sample at or before it (within one and a half of its intervals; otherwise "no
 * sample"). Pause, step, speed and jump act on every host together: a step goes to the next
 * moment any host has a sample.
 */
export class SyncedReplay implements FleetSource, FleetClock {
	readonly hosts: FleetHostFeed[];
	private readonly feeds: ReplayFeed[];
	private readonly clocked: ClockedFeed[];
	private readonly published: SnapshotPublisher;
	private readonly scheduler: Scheduler;
	private current: number | null = null;
	private paused: boolean;
	private speed = defaultSpeed;
	private timer: unknown = null;
	private readonly unsubscribers: Array<() => void>;
	/** The sample each host's feed was last sent to (its read may still be under way). */
	private readonly requested: number[];

	constructor(
		private readonly indexes: ReadonlyArray<{label: string; index: CaptureIndex}>,
		options: {paused?: boolean; scheduler?: Scheduler} = {},
	) {
		this.scheduler = options.scheduler ?? realScheduler;
		this.paused = options.paused ?? false;
		// Each host's own feed never plays by itself: the clock moves it.
		// The clock takes each feed's snapshot at every step, not at the fleet screen's repaints
		// (200 ms): a dropped sample's array waits a second, not only for two snapshots.
		this.feeds = indexes.map(({label, index}) => new ReplayFeed(index, {source: label, paused: true, scheduler: {setTimeout: () => 0, clearTimeout: () => {}}, recycleAfterMs: 1000}));
		this.requested = this.feeds.map(() => 0);
		this.clocked = this.feeds.map((feed, i) => new ClockedFeed(feed, this, i));
		this.hosts = this.clocked.map((feed, i) => ({label: indexes[i]!.label, feed}));
		this.published = new SnapshotPublisher(this.build());
		this.unsubscribers = indexes.map(({index}) => index.onChange(() => this.update()));
		this.moveTo(this.firstTime());
		this.reschedule();
	}

	/** The one clock of every host is this object. */
	get clock(): FleetClock {
		return this;
	}

	get time(): number | null {
		return this.current;
	}

	get snapshot(): FeedSnapshot {
		return this.published.current;
	}

	subscribe(listener: () => void): () => void {
		return this.published.subscribe(listener);
	}

	/** Whether host `i` has a sample at the current moment (its feed is on it). */
	covers(i: number): boolean {
		if (this.current === null) return false;
		const index = this.indexes[i]!.index;
		const at = lastAtOrBefore(index, this.current);
		if (at === -1) return false;
		return this.current - index.time(at) <= tolerance(index);
	}

	togglePause(): void {
		if (this.paused && this.current !== null && this.current >= this.lastTime()) this.moveTo(this.firstTime());
		this.paused = !this.paused;
		this.reschedule();
	}

	step(delta: number): void {
		this.paused = true;
		for (let i = 0; i < Math.abs(delta); i++) {
			const next = delta > 0 ? this.nextTime() : this.previousTime();
			if (next === null) break;
			this.moveTo(next);
		}
		this.reschedule();
	}

	seek(target: SeekTarget): string | null {
		switch (target.kind) {
			case 'first':
				this.moveTo(this.firstTime());
				break;
			case 'last':
				this.moveTo(this.lastTime());
				break;
			case 'sample':
				return 'with several recordings, jump to a time (HH:MM:SS, UTC): sample numbers differ from host to host';
			case 'time': {
				const first = this.firstTime();
				const last = this.lastTime();
				let found: number | null = null;
				for (let day = Math.floor(first / dayMs) * dayMs; day <= last && found === null; day += dayMs) {
					const wanted = day + target.secondsOfDay * 1000;
					if (wanted >= first - 60_000 && wanted <= last) found = Math.max(first, wanted);
				}
				const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
				if (found === null) return `no recording covers ${clock(target.secondsOfDay * 1000)} UTC: they run from ${clock(first)} to ${clock(last)}`;
				this.moveTo(found);
				break;
			}
		}
		this.reschedule();
		return null;
	}

	changeSpeed(direction: 1 | -1): void {
		const at = speedLadder.findIndex((speed) => speed >= this.speed);
		this.speed = speedLadder[Math.max(0, Math.min(speedLadder.length - 1, (at === -1 ? speedLadder.length - 1 : at) + direction))]!;
		this.reschedule();
	}

	async close(): Promise<void> {
		this.cancel();
		for (const unsubscribe of this.unsubscribers) unsubscribe();
		this.published.clear();
		await Promise.all(this.feeds.map((feed) => feed.close()));
	}

	private firstTime(): number {
		return Math.min(...this.indexes.filter(({index}) => index.count > 0).map(({index}) => index.time(0)));
	}

	private lastTime(): number {
		return Math.max(...this.indexes.filter(({index}) => index.count > 0).map(({index}) => index.time(index.count - 1)));
	}

	/** The next moment any host has a sample, or null at the end. */
	private nextTime(): number | null {
		let next: number | null = null;
		for (const {index} of this.indexes) {
			const at = lastAtOrBefore(index, this.current ?? -Infinity) + 1;
			if (at < index.count && (next === null || index.time(at) < next)) next = index.time(at);
		}
		return next;
	}

	private previousTime(): number | null {
		let previous: number | null = null;
		for (const {index} of this.indexes) {
			let at = lastAtOrBefore(index, this.current ?? Infinity);
			if (at >= 0 && index.time(at) === this.current) at--;
			if (at >= 0 && (previous === null || index.time(at) > previous)) previous = index.time(at);
		}
		return previous;
	}

	private moveTo(time: number): void {
		if (!Number.isFinite(time)) return;
		this.current = time;
		this.indexes.forEach(({index}, i) => {
			const at = lastAtOrBefore(index, time);
			if (at === -1) return;
			// Compared with what was asked, not what has landed: a read under way that is no longer wanted is dropped by the feed.
			if (this.requested[i] === at) return;
			this.requested[i] = at;
			this.feeds[i]!.seek({kind: 'sample', number: at + 1});
		});
		this.update();
	}

	private reschedule(): void {
		this.cancel();
		this.update();
		if (this.paused) return;
		const next = this.nextTime();
		if (next === null) {
			this.paused = true;
			this.update();
			return;
		}
		const ms = Number.isFinite(this.speed) ? Math.min(maxDelayMs, (next - (this.current ?? next)) / this.speed) : 20;
		this.timer = this.scheduler.setTimeout(() => {
			this.timer = null;
			this.moveTo(next);
			this.reschedule();
		}, ms);
	}

	private cancel(): void {
		if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
		this.timer = null;
	}

	private update(): void {
		this.published.publish(this.build());
		for (const feed of this.clocked ?? []) feed.refresh();
	}

	private build(): FeedSnapshot {
		const indexing = this.indexes.filter(({index}) => !index.done).length;
		const atEnd = this.current !== null && this.indexes.length > 0 && this.nextTime() === null && indexing === 0;
		return {
			sample: null,
			status: atEnd && this.paused ? {mode: 'ended', detail: 'end of the recordings'} : {mode: this.paused ? 'paused' : 'playing'},
			position: null,
			progress: indexing > 0 ? `indexing ${indexing} of ${this.indexes.length}` : null,
			speed: this.speed,
			historyVersion: 0,
			error: null,
		};
	}
}

/** One host's feed on the shared clock: its own sample (or none at this moment), the clock's controls. */
class ClockedFeed implements Feed {
	readonly source: string;
	private readonly published: SnapshotPublisher;
	private readonly unsubscribe: () => void;

	constructor(
		private readonly feed: ReplayFeed,
		private readonly clock: SyncedReplay,
		private readonly host: number,
	) {
		this.source = feed.source;
		this.published = new SnapshotPublisher(feed.snapshot());
		this.unsubscribe = feed.subscribe(() => this.refresh());
	}

	get history(): HistoryView {
		return this.feed.history;
	}

	subscribe(listener: () => void): () => void {
		return this.published.subscribe(listener);
	}

	snapshot(): FeedSnapshot {
		return this.published.current;
	}

	refresh(): void {
		const own = this.feed.snapshot();
		const clock = this.clock.snapshot;
		const covered = this.clock.covers(this.host);
		const time = this.clock.time;
		const noSample = time === null ? null : `no sample at ${new Date(time).toISOString().slice(11, 19)} UTC`;
		this.published.publish({...own, sample: covered ? own.sample : null, status: covered ? clock.status : {mode: clock.status.mode, detail: noSample ?? 'no sample'}, speed: clock.speed});
	}

	togglePause(): void {
		this.clock.togglePause();
	}

	step(delta: number): void {
		this.clock.step(delta);
	}

	seek(target: SeekTarget): string | null {
		return this.clock.seek(target);
	}

	changeSpeed(direction: 1 | -1): void {
		this.clock.changeSpeed(direction);
	}

	async close(): Promise<void> {
		this.unsubscribe();
		this.published.clear();
	}
}

/** The last sample at or before `time` (binary search over the times indexed so far), or -1. */
function lastAtOrBefore(index: CaptureIndex, time: number): number {
	let low = 0;
	let high = index.count - 1;
	let found = -1;
	while (low <= high) {
		const mid = (low + high) >> 1;
		if (index.time(mid) <= time) {
			found = mid;
			low = mid + 1;
		} else high = mid - 1;
	}
	return found;
}

/** How long a sample stands for its host: one and a half of its usual interval. */
function tolerance(index: CaptureIndex): number {
	const count = index.count;
	const interval = count > 1 ? (index.time(count - 1) - index.time(0)) / (count - 1) : 5000;
	return 1.5 * interval;
}
