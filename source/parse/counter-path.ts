/** A header cell `\\host\Group(Instance)\Counter`, split as esxtop-format.md §2 describes. */
export interface CounterPath {
	host: string;
	group: string;
	/** Text between the group's first `(` and the middle's last `)`; null when the group has none. */
	instance: string | null;
	counter: string;
}

/**
 * Splits a counter path. Instances may hold nested parentheses, colons and spaces
 * (`Virtual Disk(Ubuntu 14.04-LTS Server (20160602)_10.62.59.186:scsi0:0)`) and counters may hold
 * parentheses (`Cpu Load (1 Minute Avg)`), so: host up to the first `\`, counter after the last
 * `\`, group up to the middle's first `(`, instance up to the middle's last `)`.
 * Returns null for anything that is not a counter path (the PDH marker, esxtop's `   -` cells).
 */
export function parseCounterPath(cell: string): CounterPath | null {
	if (!cell.startsWith('\\\\')) return null;
	const hostEnd = cell.indexOf('\\', 2);
	const counterStart = cell.lastIndexOf('\\');
	if (hostEnd < 0 || counterStart <= hostEnd) return null;
	const host = cell.slice(2, hostEnd);
	const middle = cell.slice(hostEnd + 1, counterStart);
	const counter = cell.slice(counterStart + 1);
	if (!host || !middle || !counter) return null;
	const open = middle.indexOf('(');
	const close = middle.lastIndexOf(')');
	if (open < 0 || close < open) return {host, group: middle, instance: null, counter};
	return {host, group: middle.slice(0, open), instance: middle.slice(open + 1, close), counter};
}
