import type {ParseStats} from '../parse/capture-parser.js';
import {oddities} from '../model/read-notes.js';

/** "3 samples; skipped 1 truncated last row, 2 rows with schema drift": one line for stderr. */
export function skipSummary(name: string, stats: ParseStats): string {
	const skipped: string[] = [];
	if (stats.truncated) skipped.push(`${stats.truncated} truncated last row`);
	if (stats.drift) skipped.push(`${stats.drift} ${plural(stats.drift, 'row')} with schema drift (cell count differs from the header)`);
	if (stats.badTime) skipped.push(`${stats.badTime} ${plural(stats.badTime, 'row')} without a timestamp`);
	const segments = stats.headers > 1 ? ` in ${stats.headers} concatenated captures` : '';
	const odd = oddities(stats);
	return `esxlat: ${name}: ${stats.samples} ${plural(stats.samples, 'sample')}${segments}; ${skipped.length > 0 ? `skipped ${skipped.join(', ')}` : 'no rows skipped'}${odd.length > 0 ? `; ${odd.join('; ')}` : ''}`;
}

function plural(n: number, word: string): string {
	return n === 1 ? word : `${word}s`;
}
