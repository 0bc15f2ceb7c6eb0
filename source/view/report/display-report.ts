import type {Report} from '../../triage/report/types.js';
import {displayText} from '../display-text.js';

/**
 * The report with every string passed through displayText: ids, host names, the file name and
 * every sentence built from them. One boundary for the text writers, so no writer can forget a
 * field; widths measured afterwards are widths on screen. `--json` uses the report as it is.
 */
export function displayReport(report: Report): Report {
	return mapStrings(report) as Report;
}

function mapStrings(value: unknown): unknown {
	if (typeof value === 'string') return displayText(value);
	if (Array.isArray(value)) return value.map(mapStrings);
	if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		const out: Record<string, unknown> = {};
		for (const [key, item] of Object.entries(value)) out[key] = mapStrings(item);
		return out;
	}
	return value; // numbers, null, typed arrays
}
