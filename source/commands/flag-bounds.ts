import {UsageError} from './usage-error.js';

interface Bound {
	max: number;
	/** Lower bound checked here; the commands check the others with their own words. */
	min?: number;
	integer?: boolean;
	what: string;
}

/**
 * The largest value each numeric flag may take. Without a ceiling `generate --devices 1e9`
 * allocates until the machine runs out of memory; a number past these is a typo, not a host.
 * ESXi 8 supports 1,024 LUNs and 4,096 paths per host; the ceilings leave room above that.
 */
const bounds: Record<string, Bound> = {
	samples: {max: 10_000_000, what: 'samples'},
	interval: {max: 86_400, what: 'seconds'},
	devices: {max: 16_384, what: 'devices'},
	adapters: {max: 1_024, what: 'adapters'},
	vms: {max: 16_384, what: 'VMs'},
	nfs: {max: 1_024, what: 'NFS volumes'},
	columns: {max: 2_000_000, min: 0, integer: true, what: 'columns'},
	seed: {max: 2 ** 32 - 1, min: 0, integer: true, what: 'a seed'},
	count: {max: 100_000_000, what: 'samples'},
	top: {max: 100_000, what: 'culprits'},
	history: {max: 10_000_000, what: 'samples'},
};

const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

/** Throws a UsageError for a numeric flag that is not a number or past its ceiling. */
export function checkFlagBounds(flags: Record<string, unknown>): void {
	for (const [name, bound] of Object.entries(bounds)) {
		const value = flags[name];
		if (typeof value !== 'number') continue;
		const flag = `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
		if (Number.isNaN(value)) throw new UsageError(`${flag}: expected a number`);
		if (value > bound.max) throw new UsageError(`${flag} ${value}: at most ${grouped(bound.max)} ${bound.what}`);
		if (bound.min !== undefined && value < bound.min) throw new UsageError(`${flag} ${value}: at least ${grouped(bound.min)}`);
		if (bound.integer && !Number.isInteger(value)) throw new UsageError(`${flag} ${value}: expected a whole number`);
	}
}
