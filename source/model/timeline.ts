import type {Sample} from '../parse/capture-parser.js';
import type {HistoryView} from './history.js';
import {RingBuffer} from './ring-buffer.js';

/** A sample, or the place where the stream was lost (a HistoryPoint, with when it was lost). */
export type TimelineEntry = {kind: 'sample'; sample: Sample} | {kind: 'gap'; since: number; reason: string};

/**
 * A live session's history and the screen's place in it (atop's twin mode): samples in
 * arrival order with a gap marker wherever the stream was lost, and a cursor that can be
 * frozen and moved while new samples keep coming in.
 *
 *   live (default) ── freeze() / step(-1) / jumpTo(t) ──▶ frozen ── resume() ──▶ live
 *
 * `shown` is the sample to draw; `behindMs()` is how far behind live it is ("40 s behind live").
 * As a HistoryView it is the screen's history: the entries from the oldest up to the shown one.
 * Positions are counted over the buffer's whole life, so a frozen cursor stays on its sample as
 * new ones arrive; only when that sample falls out of the buffer does it move to the oldest.
 */
export class Timeline implements HistoryView {
	private readonly entries: RingBuffer<TimelineEntry>;
	/** Absolute position of the frozen sample; null while live. */
	private cursor: number | null = null;
	private gapOpen = false;

	constructor(capacity: number) {
		this.entries = new RingBuffer(capacity);
	}

	push(sample: Sample): void {
		this.entries.push({kind: 'sample', sample});
		this.gapOpen = false;
	}

	/** Marks that the stream was lost `since` (epoch ms); one marker per outage. */
	markGap(reason: string, since = Date.now()): void {
		if (this.gapOpen || this.entries.length === 0) return;
		this.entries.push({kind: 'gap', since, reason});
		this.gapOpen = true;
	}

	get isLive(): boolean {
		return this.cursor === null;
	}

	get newest(): Sample | undefined {
		const at = this.newestSamplePosition();
		return at === null ? undefined : this.sampleAt(at);
	}

	/** The sample the screen shows: the newest while live, the frozen one otherwise. */
	get shown(): Sample | undefined {
		const at = this.shownPosition();
		return at === null ? undefined : this.sampleAt(at);
	}

	/** Stops following new samples (space). */
	freeze(): void {
		if (this.cursor === null) this.cursor = this.newestSamplePosition();
	}

	/** Moves `delta` samples (t = +1, T = -1) over gaps, freezing first; stops at either end. */
	step(delta: number): void {
		this.freeze();
		const from = this.shownPosition();
		if (from === null) return;
		let at: number = from;
		const direction = Math.sign(delta);
		for (let moved = 0; moved < Math.abs(delta); ) {
			const next: number = at + direction;
			if (next < this.first() || next > this.last()) break;
			at = next;
			if (this.entryAt(at)!.kind === 'sample') {
				this.cursor = at;
				moved++;
			}
		}
	}

	/** Freezes on the last sample at or before `time` (b), or the oldest one. */
	jumpTo(time: number): void {
		let target: number | null = null;
		for (let at = this.first(); at <= this.last(); at++) {
			const entry = this.entryAt(at)!;
			if (entry.kind !== 'sample') continue;
			if (target === null || entry.sample.time <= time) target = at;
			if (entry.sample.time > time) break;
		}
		if (target !== null) this.cursor = target;
	}

	/** Freezes on the `number`th sample kept (1 = the oldest); false when there is no such sample. */
	goToSample(number: number): boolean {
		let seen = 0;
		for (let at = this.first(); at <= this.last(); at++) {
			if (this.entryAt(at)!.kind === 'sample' && ++seen === number) {
				this.cursor = at;
				return true;
			}
		}
		return false;
	}

	/** Follows new samples again (z). */
	resume(): void {
		this.cursor = null;
	}

	/** How far the shown sample is behind the newest, in ms of sample time (0 while live). */
	behindMs(): number {
		const shown = this.shown;
		const newest = this.newest;
		return shown && newest ? newest.time - shown.time : 0;
	}

	/** How many samples the shown one is behind the newest (0 while live). */
	behindSamples(): number {
		const shown = this.shownPosition();
		const newest = this.newestSamplePosition();
		if (shown === null || newest === null) return 0;
		let count = 0;
		for (let at = shown + 1; at <= newest; at++) if (this.entryAt(at)!.kind === 'sample') count++;
		return count;
	}

	/** The shown sample's place among the samples kept (0-based), and how many are kept. */
	position(): {index: number; count: number} | null {
		const shown = this.shownPosition();
		if (shown === null) return null;
		let index = -1;
		let count = 0;
		for (let at = this.first(); at <= this.last(); at++) {
			if (this.entryAt(at)!.kind !== 'sample') continue;
			count++;
			if (at <= shown) index++;
		}
		return {index, count};
	}

	/** Entries from the oldest up to the shown sample (HistoryView). */
	get length(): number {
		const shown = this.shownPosition();
		return shown === null ? 0 : shown - this.first() + 1;
	}

	/** Entry `index` of the history (0 = the oldest; negative counts back from the shown one). */
	at(index: number): TimelineEntry | undefined {
		const length = this.length;
		const i = index < 0 ? length + index : index;
		return i < 0 || i >= length ? undefined : this.entryAt(this.first() + i);
	}

	/** Up to `count` entries ending at the shown sample, oldest first, gaps included (sparklines). */
	history(count: number): TimelineEntry[] {
		const end = this.shownPosition();
		if (end === null) return [];
		const out: TimelineEntry[] = [];
		for (let at = Math.max(this.first(), end - count + 1); at <= end; at++) out.push(this.entryAt(at)!);
		return out;
	}

	private shownPosition(): number | null {
		if (this.cursor === null) return this.newestSamplePosition();
		if (this.cursor < this.first()) this.cursor = this.oldestSamplePosition();
		return this.cursor;
	}

	private newestSamplePosition(): number | null {
		for (let at = this.last(); at >= this.first(); at--) if (this.entryAt(at)!.kind === 'sample') return at;
		return null;
	}

	private oldestSamplePosition(): number | null {
		for (let at = this.first(); at <= this.last(); at++) if (this.entryAt(at)!.kind === 'sample') return at;
		return null;
	}

	private first(): number {
		return this.entries.totalPushed - this.entries.length;
	}

	private last(): number {
		return this.entries.totalPushed - 1;
	}

	private entryAt(position: number): TimelineEntry | undefined {
		return this.entries.at(position - this.first());
	}

	private sampleAt(position: number): Sample | undefined {
		const entry = this.entryAt(position);
		return entry?.kind === 'sample' ? entry.sample : undefined;
	}
}
