/**
 * A fixed-capacity buffer of the most recent items: O(1) push, the oldest item drops out when
 * full, and memory never grows past `capacity` slots.
 */
export class RingBuffer<T> {
	private readonly slots: Array<T | undefined>;
	private head = 0; // index of the oldest item
	private count = 0;
	/** Items pushed over the buffer's life, dropped ones included. */
	private pushed = 0;

	constructor(readonly capacity: number) {
		if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring buffer capacity must be a positive integer, not ${capacity}`);
		this.slots = new Array<T | undefined>(capacity);
	}

	get length(): number {
		return this.count;
	}

	/** How many items were ever pushed; `totalPushed - length` were dropped. */
	get totalPushed(): number {
		return this.pushed;
	}

	push(item: T): void {
		const tail = (this.head + this.count) % this.capacity;
		this.slots[tail] = item;
		if (this.count < this.capacity) this.count++;
		else this.head = (this.head + 1) % this.capacity;
		this.pushed++;
	}

	/** Item `index` counting from the oldest (0) to the newest (length - 1); negative counts from the newest. */
	at(index: number): T | undefined {
		const i = index < 0 ? this.count + index : index;
		if (i < 0 || i >= this.count) return undefined;
		return this.slots[(this.head + i) % this.capacity];
	}

	newest(): T | undefined {
		return this.at(-1);
	}

	clear(): void {
		this.slots.fill(undefined);
		this.head = 0;
		this.count = 0;
	}

	*[Symbol.iterator](): IterableIterator<T> {
		for (let i = 0; i < this.count; i++) yield this.slots[(this.head + i) % this.capacity] as T;
	}

	/** The newest `n` items, oldest first. */
	last(n: number): T[] {
		const out: T[] = [];
		for (let i = Math.max(0, this.count - n); i < this.count; i++) out.push(this.slots[(this.head + i) % this.capacity] as T);
		return out;
	}
}

/** Default history: four hours at esxtop's default 5 s interval. */
export const defaultHistorySamples = 4 * 3600 / 5;
/** Budget for history values; a host with thousands of devices keeps fewer samples. */
export const defaultHistoryBytes = 128 * 1024 * 1024;

/** How many samples of `valuesPerSample` float64 values fit the budget, at most `wanted`. */
export function historyCapacity(valuesPerSample: number, wanted = defaultHistorySamples, budgetBytes = defaultHistoryBytes): number {
	const perSample = Math.max(1, valuesPerSample) * 8 + 64;
	return Math.max(2, Math.min(wanted, Math.floor(budgetBytes / perSample)));
}
