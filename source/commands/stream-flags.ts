import {UsageError} from './usage-error.js';

/** esxtop takes 2 s or more; shorter ones are let through for test doubles of esxtop. */
export function checkInterval(interval: number): void {
	if (!(interval > 0) || !Number.isFinite(interval)) throw new UsageError('--interval must be a number of seconds (esxtop takes 2 or more)');
}

/** --count N: samples before the session ends by itself (esxtop -n). */
export function checkCount(count: number | undefined): number | null {
	if (count === undefined) return null;
	if (!(Number.isInteger(count) && count >= 1)) throw new UsageError('--count must be a whole number of samples, 1 or more');
	return count;
}
