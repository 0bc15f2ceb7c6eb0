import type {KeyHelp} from '../keys.js';
import type {FleetSource} from '../../fleet/fleet-source.js';

/** The fleet screen's keys (the host screen adds Esc, [ and ] to its own). */
export const fleetKeyHelp: Array<Omit<KeyHelp, 'needs'> & {needs?: 'clock' | 'record'}> = [
	{keys: '↑ ↓  PgUp PgDn  Home End', what: 'select a host (or a LUN)', short: '↑↓ select', rank: 10},
	{keys: 'Enter', what: "open the host's monitor screen (Esc returns; [ and ] step to the previous / next host)", short: 'Enter open', rank: 1},
	{keys: 'l', what: 'LUNs across hosts: each naa./eui. LUN seen on two or more hosts, with the cross-host verdict (l or Esc again: hosts)', short: 'l LUNs', rank: 2},
	{keys: 'o', what: 'order: worst first (default) or as given on the command line', short: 'o order', rank: 7},
	{keys: '/', what: 'filter hosts (name, status, worst entity) or LUN ids: substring or regex; Enter applies, Esc clears', short: '/ filter', rank: 4},
	{keys: 'space', what: 'pause / resume every host (one clock)', short: 'space pause', rank: 3, needs: 'clock'},
	{keys: 't T', what: 'step every host to the next / previous sample time', short: 't/T step', rank: 5, needs: 'clock'},
	{keys: '+ -', what: 'faster / slower', short: '+/- speed', rank: 8, needs: 'clock'},
	{keys: 'g G', what: 'first / last moment of the recordings', short: 'g/G ends', rank: 9, needs: 'clock'},
	{keys: 'b', what: 'jump every host to a time (HH:MM:SS, UTC)', short: 'b jump', rank: 6, needs: 'clock'},
	{keys: 'R', what: 'start / stop recording every host, one file per host', short: 'R rec', rank: 5, needs: 'record'},
	{keys: '?', what: 'this help (any key closes it)', short: '? help', rank: 1},
	{keys: 'q  Ctrl-C', what: 'quit', short: 'q quit', rank: 0},
];

export function fleetKeysFor(source: FleetSource): KeyHelp[] {
	return fleetKeyHelp.filter((entry) => !entry.needs || (entry.needs === 'clock' ? Boolean(source.clock) : Boolean(source.toggleRecording))).map(({needs: _needs, ...entry}) => entry);
}
