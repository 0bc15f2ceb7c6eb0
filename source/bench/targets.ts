/** The issue's targets as the bench prints them: the figure, its ratio, and by how much it is missed. */

export interface Verdict {
	/** The cell: figure, ratio, and "ok" or "missed by …". */
	text: string;
	met: boolean;
}

const s = (seconds: number) => (seconds < 10 ? `${seconds.toFixed(2)} s` : `${seconds.toFixed(1)} s`);

/**
 * `seconds` against `limit` × `base` seconds (the peer's time in the same run). With both CPU
 * times, their ratio follows in brackets: on a loaded machine wall time measures the queue.
 */
export function ratioVerdict(seconds: number, base: number, limit: number, peer: string, cpu?: {own?: number | undefined; base?: number | undefined}): Verdict {
	const ratio = seconds / base;
	const met = ratio <= limit;
	const over = seconds - limit * base;
	const cpuRatio = cpu?.own !== undefined && cpu.base ? ` [cpu ${cpu.own.toFixed(2)} s, ${(cpu.own / cpu.base).toFixed(1)}×]` : '';
	return {met, text: `${s(seconds)} ${ratio.toFixed(1)}×${met ? ' ok' : ` missed by ${(ratio - limit).toFixed(1)}× ${peer} (${s(over)})`}${cpuRatio}`};
}

/** A quantity that must stay under `limit` (MB, ms). */
export function belowVerdict(value: number, limit: number, unit: string): Verdict {
	const met = value < limit;
	return {met, text: `${Math.round(value)} ${unit}${met ? ' ok' : ` missed by ${Math.round(value - limit)} ${unit}`}`};
}

/** Lays out rows of cells in columns. */
export function table(rows: string[][]): string[] {
	const widths: number[] = [];
	for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
	return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}
