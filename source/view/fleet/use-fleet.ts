import {useEffect, useState} from 'react';
import type {FleetSource} from '../../fleet/fleet-source.js';
import type {FeedSnapshot} from '../../model/feed.js';

export interface FleetSnapshots {
	hosts: FeedSnapshot[];
	clock: FeedSnapshot | null;
	/** Wall-clock time of this render, for the age column. */
	now: number;
}

/**
 * Every host's snapshot (and the clock's), re-rendered at most every `intervalMs` however
 * many hosts send samples, and every second for the age column and countdowns.
 */
export function useFleetSnapshots(source: FleetSource, intervalMs: number, active: boolean): FleetSnapshots {
	const read = (): FleetSnapshots => ({hosts: source.hosts.map((host) => host.feed.snapshot()), clock: source.clock?.snapshot ?? null, now: Date.now()});
	const [snapshots, setSnapshots] = useState(read);
	useEffect(() => {
		if (!active) return;
		let timer: NodeJS.Timeout | null = null;
		let last = 0;
		const flush = () => {
			timer = null;
			last = Date.now();
			setSnapshots(read());
		};
		const changed = () => {
			if (timer === null) timer = setTimeout(flush, Math.max(0, last + intervalMs - Date.now()));
		};
		const unsubscribers = source.hosts.map((host) => host.feed.subscribe(changed));
		if (source.clock) unsubscribers.push(source.clock.subscribe(changed));
		const ticker = source.clock ? null : setInterval(changed, 1000);
		flush();
		return () => {
			for (const unsubscribe of unsubscribers) unsubscribe();
			if (timer !== null) clearTimeout(timer);
			if (ticker) clearInterval(ticker);
		};
	}, [source, intervalMs, active]);
	return snapshots;
}
