import type {Severity} from '../triage/classify.js';
import type {Band} from '../model/thresholds.js';

const levels = '▁▂▃▄▅▆▇█';

/** A run of sparkline characters of one severity (so a run shares one colour). */
export interface SparkSegment {
	text: string;
	severity: Severity | null;
}

/**
 * One character per value: ▁ to █ scaled to the larger of the window's maximum and the warn
 * threshold (so healthy noise stays low and a full bar means trouble); a space for a gap or a
 * missing value, so gaps show as gaps.
 */
export function sparkline(series: ReadonlyArray<number | null | 'gap'>, band: Band): SparkSegment[] {
	let max = band.warn;
	for (const value of series) if (typeof value === 'number' && value > max) max = value;
	const segments: SparkSegment[] = [];
	for (const value of series) {
		let char = ' ';
		let severity: Severity | null = null;
		if (typeof value === 'number') {
			const level = max > 0 ? Math.min(levels.length - 1, Math.max(0, Math.ceil((value / max) * levels.length) - 1)) : 0;
			char = levels[level]!;
			severity = value >= band.crit ? 'crit' : value >= band.warn ? 'warn' : 'ok';
		}
		const last = segments.at(-1);
		if (last && last.severity === severity) last.text += char;
		else segments.push({text: char, severity});
	}
	return segments;
}
