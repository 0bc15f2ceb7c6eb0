import type {FeedSnapshot} from './feed.js';

/** A feed's listeners and the snapshot they were last told about (shared by every Feed). */
export class SnapshotPublisher {
	private readonly listeners = new Set<() => void>();

	constructor(private snapshot: FeedSnapshot) {}

	get current(): FeedSnapshot {
		return this.snapshot;
	}

	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Replaces the snapshot and tells every listener (the screen throttles its own repaints). */
	publish(next: FeedSnapshot): void {
		this.snapshot = next;
		for (const listener of this.listeners) listener();
	}

	clear(): void {
		this.listeners.clear();
	}
}
