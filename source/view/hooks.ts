import {useStdout} from 'ink';
import {useEffect, useState} from 'react';
import type {Feed, FeedSnapshot} from '../model/feed.js';

/**
 * The feed's snapshot, re-rendered at most every `intervalMs`: a replay at "max" speed or a
 * burst of live rows must not cost a repaint each. Key presses re-render at once (own state).
 */
export function useFeedSnapshot(feed: Feed, intervalMs: number): FeedSnapshot {
	const [snapshot, setSnapshot] = useState(() => feed.snapshot());
	useEffect(() => {
		let timer: NodeJS.Timeout | null = null;
		let last = 0;
		const flush = () => {
			timer = null;
			last = Date.now();
			setSnapshot(feed.snapshot());
		};
		const unsubscribe = feed.subscribe(() => {
			if (timer !== null) return;
			timer = setTimeout(flush, Math.max(0, last + intervalMs - Date.now()));
		});
		flush();
		return () => {
			unsubscribe();
			if (timer !== null) clearTimeout(timer);
		};
	}, [feed, intervalMs]);
	return snapshot;
}

/** The terminal's size, following resizes. */
export function useTerminalSize(): {columns: number; rows: number} {
	const {stdout} = useStdout();
	const read = () => ({columns: stdout.columns || 80, rows: stdout.rows || 24});
	const [size, setSize] = useState(read);
	useEffect(() => {
		const onResize = () => setSize(read());
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}
