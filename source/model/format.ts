/** Number formatting shared by the screen, the hints and the report. */

/** Milliseconds as admins quote them: 0.05, 3.4, 25.9, 148. */
export function formatMs(value: number | null): string {
	if (value === null || Number.isNaN(value)) return '-';
	if (value < 1) return value.toFixed(2);
	if (value < 100) return value.toFixed(1);
	return value.toFixed(0);
}

/** Rates and counts: 0.6, 12.3, 1,234. */
export function formatRate(value: number | null): string {
	if (value === null || Number.isNaN(value)) return '-';
	if (value < 100) return Number.isInteger(value) ? String(value) : value.toFixed(1);
	// Thousands separators without Intl: its first use costs milliseconds, a report makes hundreds of calls.
	return String(Math.round(value)).replace(/\B(?=(\d{3})+$)/g, ',');
}

export function percent(part: number, whole: number): string {
	return whole > 0 ? `${Math.round((100 * part) / whole)}%` : '-';
}

/** `naa.600a0b80…1234`: the middle of a long id goes, both ends stay. */
export function shortenMiddle(text: string, width: number): string {
	if (text.length <= width) return text;
	if (width <= 1) return text.slice(0, width);
	const keepEnd = Math.floor((width - 1) / 2);
	const keepStart = width - 1 - keepEnd;
	return `${text.slice(0, keepStart)}…${text.slice(text.length - keepEnd)}`;
}
