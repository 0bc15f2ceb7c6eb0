/** The PDH marker `(PDH-CSV 4.0) (UTC)(0)`: zone name and bias in minutes (UTC = local + bias). */
export interface PdhMarker {
	zone: string;
	biasMinutes: number;
}

const markerPattern = /^\(PDH-CSV [\d.]+\)\s*(?:\(([^)]*)\))?\s*(?:\((-?\d+)\))?/;

/** Parses the first header cell; null when the cell is not a PDH marker at all. */
export function parsePdhMarker(cell: string): PdhMarker | null {
	const match = markerPattern.exec(cell.trim());
	if (!match) return null;
	return {zone: match[1] ?? 'UTC', biasMinutes: match[2] ? Number(match[2]) : 0};
}

/**
 * Parses esxtop's `MM/DD/YYYY HH:MM:SS` (and a spreadsheet's `M/D/YYYY H:MM`, optional fraction)
 * as local time at the marker's bias and returns epoch milliseconds, or NaN.
 * Windows PDH convention: the bias is the negated UTC offset, so UTC = local + bias.
 */
export function parseSampleTime(text: string, biasMinutes: number): number {
	const match = timePattern.exec(text);
	if (!match) return Number.NaN;
	const [, month, day, year, hour, minute, second, fraction] = match;
	const ms = fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
	const local = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), second ? Number(second) : 0, ms);
	const check = new Date(local);
	// Date.UTC rolls 02/30 over into March: reject instead of inventing a date.
	if (check.getUTCDate() !== Number(day) || check.getUTCMonth() !== Number(month) - 1 || Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) {
		return Number.NaN;
	}
	return local + biasMinutes * 60_000;
}

const timePattern = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*$/;
