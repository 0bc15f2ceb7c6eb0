import type {Feed} from '../model/feed.js';

/** A feed control a key needs; keys whose control the feed lacks are left out. */
export type Capability = 'togglePause' | 'step' | 'seek' | 'changeSpeed' | 'followLive' | 'toggleRecording';

export interface KeyHelp {
	keys: string;
	what: string;
	/** The key bar's short form, and its place in line (lower first when space is short). */
	short?: string;
	rank?: number;
	needs?: Capability;
}

/** Every key, for the help overlay and the key bar: one list, so they never disagree. */
export const keyHelp: KeyHelp[] = [
	{keys: 'u d p v n', what: 'devices, adapters, paths, VM disks, NFS volumes (esxtop panels)', short: 'u d p v n views', rank: 3},
	{keys: '< >  ← →', what: 'move the sort column', short: '<> sort', rank: 4},
	{keys: 'r', what: 'reverse the sort (default: GAVG, worst first)', short: 'r rev', rank: 7},
	{keys: 'e', what: 'expand the selected device into the VMs/worlds behind its I/O (share, latency); again to collapse', short: 'e expand', rank: 6},
	{keys: '/', what: 'filter the ids: a substring or regex, any case; Enter applies, Esc clears', short: '/ filter', rank: 5},
	{keys: '↑ ↓  PgUp PgDn  Home End', what: 'select a row: the hint pane explains it', short: '↑↓ select', rank: 10},
	{keys: 'space', what: 'pause / resume', short: 'space pause', rank: 2, needs: 'togglePause'},
	{keys: 't T', what: 'step one sample forward / back', short: 't/T step', rank: 6, needs: 'step'},
	{keys: '+ -', what: 'faster / slower: 0.5× to 64×, then as fast as possible', short: '+/- speed', rank: 8, needs: 'changeSpeed'},
	{keys: 'g G', what: 'first / last sample', short: 'g/G ends', rank: 11, needs: 'seek'},
	{keys: 'b', what: 'jump to a time (HH:MM:SS, UTC) or a sample number', short: 'b jump', rank: 9, needs: 'seek'},
	{keys: 'z', what: 'back to live after a freeze or a step back (G too)', short: 'z live', rank: 3, needs: 'followLive'},
	{keys: 'R', what: 'start / stop recording what arrives to a file', short: 'R rec', rank: 5, needs: 'toggleRecording'},
	{keys: '?', what: 'this help (any key closes it)', short: '? help', rank: 1},
	{keys: 'q  Ctrl-C', what: 'quit', short: 'q quit', rank: 0},
];

export function keysFor(feed: Feed): KeyHelp[] {
	return keyHelp.filter((entry) => !entry.needs || typeof feed[entry.needs] === 'function');
}

/** The one-line key reminder that fits `width`: most useful keys first, shown in list order. */
export function keyBarText(entries: KeyHelp[], width: number): string {
	const ranked = entries.filter((entry) => entry.short).sort((a, b) => a.rank! - b.rank!);
	const chosen = new Set<KeyHelp>();
	let used = 0;
	for (const entry of ranked) {
		const cost = entry.short!.length + (chosen.size > 0 ? 2 : 0);
		if (used + cost > width - 1) continue;
		chosen.add(entry);
		used += cost;
	}
	return entries
		.filter((entry) => chosen.has(entry))
		.map((entry) => entry.short!)
		.join('  ');
}
