import type {Feed} from '../model/feed.js';
import type {ViewName} from '../parse/storage-views.js';
import type {KeyPress} from './key-input.js';

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
	{keys: 'u d p v n  1-5', what: 'devices, adapters, paths, VM disks, NFS volumes (esxtop panels; after a / filter n is next match, 5 is NFS)', short: 'u d p v n views', rank: 3},
	{keys: '< >  ← →', what: 'move the sort column', short: '<> sort', rank: 4},
	{keys: 'r', what: 'reverse the sort (default: GAVG, worst first)', short: 'r rev', rank: 7},
	{keys: 'e', what: 'expand the selected device into the VMs/worlds behind its I/O (share, latency); again to collapse', short: 'e expand', rank: 6},
	{keys: '/', what: 'filter the ids: a substring or regex, any case; Enter applies, Esc clears; n N next / previous match', short: '/ filter', rank: 5},
	{keys: '↑ ↓  j k  PgUp PgDn  Home End', what: 'select a row: the hint pane explains it', short: '↑↓ select', rank: 10},
	{keys: 'f', what: 'choose the columns of this view and their order (esxtop f/o)', short: 'f fields', rank: 12},
	{keys: '{ }', what: 'narrow / widen the id column', short: '{} id width', rank: 13},
	{keys: 'W', what: 'save the layout (columns, order, sort, id width, view) to the config file', short: 'W save', rank: 14},
	{keys: 'space', what: 'pause / resume', short: 'space pause', rank: 2, needs: 'togglePause'},
	{keys: 't T', what: 'step one sample forward / back', short: 't/T step', rank: 6, needs: 'step'},
	{keys: '+ -', what: 'faster / slower: 0.5× to 64×, then as fast as possible', short: '+/- speed', rank: 8, needs: 'changeSpeed'},
	{keys: 'g G', what: 'first / last sample', short: 'g/G ends', rank: 11, needs: 'seek'},
	{keys: 'b', what: 'jump: 02:05, 02:05:00, 2026-01-05 02:05:00 (UTC), +10m / -30s, or a sample number', short: 'b jump', rank: 9, needs: 'seek'},
	{keys: 'z', what: 'back to live after a freeze or a step back (G too)', short: 'z live', rank: 3, needs: 'followLive'},
	{keys: 'R', what: 'start / stop recording what arrives to a file', short: 'R rec', rank: 5, needs: 'toggleRecording'},
	{keys: '?  h  F1', what: 'this help (q, Esc or any key closes it)', short: '? help', rank: 1},
	{keys: 'q  F10  Ctrl-C', what: 'quit', short: 'q quit', rank: 0},
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

/** What a key asks the screen to do; the App carries it out. */
export type KeyCommand =
	| {type: 'quit'}
	/** Ctrl-C: quit, exit code 130 as shells expect. */
	| {type: 'interrupt'}
	| {type: 'help'; show: boolean}
	| {type: 'view'; view: ViewName}
	| {type: 'sort-move'; delta: 1 | -1}
	| {type: 'sort-reverse'}
	| {type: 'filter-open'}
	| {type: 'filter-clear'}
	| {type: 'move'; to: 'up' | 'down' | 'page-up' | 'page-down' | 'first' | 'last'}
	| {type: 'fields-open'}
	| {type: 'id-width'; delta: number}
	| {type: 'save-layout'}
	/** e: a device's worlds under it, or back (esxtop's expand). */
	| {type: 'expand'}
	| {type: 'pause'}
	| {type: 'step'; delta: 1 | -1}
	| {type: 'speed'; direction: 1 | -1}
	| {type: 'ends'; which: 'first' | 'last'}
	| {type: 'jump-open'}
	| {type: 'follow-live'}
	| {type: 'record'}
	/** A key that does nothing here: say so in the key bar instead of staying silent. */
	| {type: 'hint'; text: string};

const viewByKey: Record<string, ViewName> = {u: 'device', d: 'adapter', p: 'path', v: 'vm', n: 'nfs', 1: 'device', 2: 'adapter', 3: 'path', 4: 'vm', 5: 'nfs'};

/** esxtop, htop and atop keys that are not part of esxlat, with what to do instead. */
const foreignKeys: Record<string, string> = {
	c: 'c: the CPU panel is not part of esxlat (storage only); ? for keys',
	m: 'm: the memory panel is not part of esxlat (storage only); ? for keys',
	i: 'i: the interrupt panel is not part of esxlat (storage only); ? for keys',
	x: 'x: the vSAN panel is not part of esxlat; ? for keys',
	s: "s: the sample interval is esxtop's: --interval on live and record",
	V: 'V: for VM disks only press v; ? for keys',
	l: 'l: to show one entity, filter with /; ? for keys',
	o: 'o: field order is in the field chooser: f',
	F: 'F: fields are chosen with f',
	L: 'L: widen or narrow the id column with { and }',
};

export interface KeyContext {
	/** A `/` filter is in force: n and N step through its matches (less, vim). */
	filtered: boolean;
	/** What the feed can do. */
	can: ReadonlySet<Capability>;
}

/** The screen's keys (no prompt, help or chooser open). */
export function screenCommand(key: KeyPress, context: KeyContext): KeyCommand | null {
	const {name} = key;
	if (key.ctrl && name === 'c') return {type: 'interrupt'};
	if (key.ctrl || key.meta) return null;
	if (name === 'q' || name === 'f10') return {type: 'quit'};
	if (name === '?' || name === 'h' || name === 'f1') return {type: 'help', show: true};
	if (context.filtered && (name === 'n' || name === 'N')) return {type: 'move', to: name === 'n' ? 'down' : 'up'};
	const view = viewByKey[name];
	if (view) return {type: 'view', view};
	switch (name) {
		case '<':
		case 'left':
			return {type: 'sort-move', delta: -1};
		case '>':
		case 'right':
			return {type: 'sort-move', delta: 1};
		case 'r':
			return {type: 'sort-reverse'};
		case '/':
			return {type: 'filter-open'};
		case 'escape':
			return context.filtered ? {type: 'filter-clear'} : null;
		case 'up':
		case 'k':
			return {type: 'move', to: 'up'};
		case 'down':
		case 'j':
			return {type: 'move', to: 'down'};
		case 'pageup':
			return {type: 'move', to: 'page-up'};
		case 'pagedown':
			return {type: 'move', to: 'page-down'};
		case 'home':
			return {type: 'move', to: 'first'};
		case 'end':
			return {type: 'move', to: 'last'};
		case 'f':
			return {type: 'fields-open'};
		// Not [ ]: on a fleet's host screen they step to the previous / next host.
		case '{':
			return {type: 'id-width', delta: -4};
		case '}':
			return {type: 'id-width', delta: 4};
		case 'W':
			return {type: 'save-layout'};
		case 'e':
			return {type: 'expand'};
	}
	const feedCommand = feedKey(name, context.can);
	if (feedCommand) return feedCommand;
	const foreign = foreignKeys[name];
	if (foreign) return {type: 'hint', text: foreign};
	if (name === 'N') return {type: 'hint', text: 'n N: next / previous match after a / filter'};
	if (name === 'return') return {type: 'hint', text: 'Enter: the screen follows the feed by itself; t steps, ? for keys'};
	if (name === 'unknown' || name.length > 1) return {type: 'hint', text: `that key does nothing here; ? for keys`};
	return {type: 'hint', text: `${name}: not a key of esxlat; ? for keys`};
}

/** Keys that drive the feed, or a hint when this feed cannot do that (z and R on a replay). */
function feedKey(name: string, can: ReadonlySet<Capability>): KeyCommand | null {
	const needs = (capability: Capability, command: KeyCommand, otherwise: string): KeyCommand => (can.has(capability) ? command : {type: 'hint', text: otherwise});
	switch (name) {
		case ' ':
			return needs('togglePause', {type: 'pause'}, 'space: this feed cannot pause');
		case 't':
			return needs('step', {type: 'step', delta: 1}, 't: this feed cannot step');
		case 'T':
			return needs('step', {type: 'step', delta: -1}, 'T: this feed cannot step');
		case '+':
		case '=':
			return needs('changeSpeed', {type: 'speed', direction: 1}, `${name}: speed is for replays; a live feed comes at esxtop's interval`);
		case '-':
		case '_':
			return needs('changeSpeed', {type: 'speed', direction: -1}, `${name}: speed is for replays; a live feed comes at esxtop's interval`);
		case 'g':
			return needs('seek', {type: 'ends', which: 'first'}, 'g: this feed cannot seek');
		case 'G':
			return needs('seek', {type: 'ends', which: 'last'}, 'G: this feed cannot seek');
		case 'b':
			return needs('seek', {type: 'jump-open'}, 'b: this feed cannot seek');
		case 'z':
			return needs('followLive', {type: 'follow-live'}, 'z: follows a live feed; in a replay G goes to the end');
		case 'R':
			return needs('toggleRecording', {type: 'record'}, 'R: records a live feed (esxlat live HOST); a replay is a file already');
	}
	return null;
}

/** In the help overlay: q, Esc and any other key close it; F10 and Ctrl-C still quit. */
export function helpCommand(key: KeyPress): KeyCommand {
	if (key.ctrl && key.name === 'c') return {type: 'interrupt'};
	if (key.name === 'f10') return {type: 'quit'};
	return {type: 'help', show: false};
}

export function capabilitiesOf(feed: Feed): Set<Capability> {
	const all: Capability[] = ['togglePause', 'step', 'seek', 'changeSpeed', 'followLive', 'toggleRecording'];
	return new Set(all.filter((capability) => typeof feed[capability] === 'function'));
}
