import type {Severity} from '../../triage/classify.js';
import type {Band} from '../../model/thresholds.js';
import type {Style} from './style.js';

const bars = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * A timeline as one line of block characters: height scaled to the larger of its peak and the
 * crit threshold (so a healthy stretch stays low), each run of blocks in its severity's colour.
 * Buckets without a value are blank.
 */
export function sparkline(values: ReadonlyArray<number | null>, band: Band, style: Style): string {
	const peak = Math.max(band.crit, ...values.map((v) => v ?? 0));
	let line = '';
	let run = '';
	let runSeverity: Severity | null = null;
	const flush = () => {
		line += runSeverity ? style.severity[runSeverity](run) : run;
		run = '';
	};
	for (const value of values) {
		const severity: Severity | null = value === null ? null : value >= band.crit ? 'crit' : value >= band.warn ? 'warn' : 'ok';
		if (severity !== runSeverity) {
			flush();
			runSeverity = severity;
		}
		run += value === null ? ' ' : bars[peak > 0 ? Math.min(bars.length - 1, Math.floor((value / peak) * bars.length)) : 0];
	}
	flush();
	return line;
}
