import type {Sample} from '../parse/capture-parser.js';

/**
 * One point of a feed's history: a sample, or a gap where samples are missing (a reconnect in a
 * live session, skipped rows or a jump in time in a capture). Sparklines leave gaps blank
 * instead of drawing a line across them.
 */
export type HistoryPoint = {kind: 'sample'; sample: Sample} | {kind: 'gap'; reason: string};

/** What the screen reads: oldest (0) to newest (length - 1). A RingBuffer<HistoryPoint> is one. */
export interface HistoryView {
	readonly length: number;
	at(index: number): HistoryPoint | undefined;
}

export function gapPoint(reason: string): HistoryPoint {
	return {kind: 'gap', reason};
}

/**
 * The replay's history: the samples just before the one on screen, as a window that can move
 * both ways. Stepping forward appends, stepping back drops the newest and refills at the old end.
 */
export class HistoryWindow implements HistoryView {
	private slots: Array<HistoryPoint | undefined>;
	private head = 0;
	private count = 0;

	constructor(readonly capacity: number) {
		if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`history capacity must be a positive integer, not ${capacity}`);
		this.slots = new Array<HistoryPoint | undefined>(capacity);
	}

	get length(): number {
		return this.count;
	}

	at(index: number): HistoryPoint | undefined {
		const i = index < 0 ? this.count + index : index;
		if (i < 0 || i >= this.count) return undefined;
		return this.slots[(this.head + i) % this.capacity];
	}

	get full(): boolean {
		return this.count === this.capacity;
	}

	clear(): void {
		this.slots = new Array<HistoryPoint | undefined>(this.capacity);
		this.head = 0;
		this.count = 0;
	}

	/** Adds a newest point; when full the oldest drops out and is returned. */
	pushNewest(point: HistoryPoint): HistoryPoint | undefined {
		const slot = (this.head + this.count) % this.capacity;
		const dropped = this.count === this.capacity ? this.slots[slot] : undefined;
		this.slots[slot] = point;
		if (this.count < this.capacity) this.count++;
		else this.head = (this.head + 1) % this.capacity;
		return dropped;
	}

	/** Adds an oldest point; ignored when full (the window keeps the newest points). */
	pushOldest(point: HistoryPoint): boolean {
		if (this.count === this.capacity) return false;
		this.head = (this.head - 1 + this.capacity) % this.capacity;
		this.slots[this.head] = point;
		this.count++;
		return true;
	}

	popNewest(): HistoryPoint | undefined {
		if (this.count === 0) return undefined;
		const i = (this.head + this.count - 1) % this.capacity;
		const point = this.slots[i];
		this.slots[i] = undefined;
		this.count--;
		return point;
	}
}
