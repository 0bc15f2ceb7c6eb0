import type {ParseStats} from '../parse/capture-parser.js';

/** What was read but is not as esxtop writes it: cells out of range, time going backwards. */
export function oddities(stats: Pick<ParseStats, 'outOfRange' | 'rewound'>): string[] {
	const notes: string[] = [];
	if (stats.outOfRange) notes.push(`${stats.outOfRange} ${plural(stats.outOfRange, 'cell')} out of range (negative, infinite or absurd: read as missing)`);
	if (stats.rewound) notes.push(`time went backwards ${stats.rewound === 1 ? 'once' : `${stats.rewound} times`} (a new segment starts at each)`);
	return notes;
}

function plural(n: number, word: string): string {
	return n === 1 ? word : `${word}s`;
}
