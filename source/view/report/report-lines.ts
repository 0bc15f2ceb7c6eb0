import {sketchRelativeError} from '../../triage/report/sketch.js';
import {formatInstant} from '../../triage/report/time-format.js';
import type {Report} from '../../triage/report/types.js';
import {oddities} from '../../model/read-notes.js';

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

/** `2026-01-05 02:00:05 UTC – 2026-01-05 03:00:00 UTC · 719 samples, every 5 s`. */
export function captureLine(report: Report): string {
	if (report.from === null || report.to === null) return 'no samples';
	const every = report.interval === null ? '' : `, every ${report.interval} s`;
	return `${formatInstant(report.from)} – ${formatInstant(report.to)} · ${plural(report.samples, 'sample')}${every}`;
}

/** What was read and what was left out, and why. */
export function inputLine(report: Report): string {
	const {input} = report;
	const left: string[] = [];
	if (input.warmup > 0) left.push(`${plural(input.warmup, 'warm-up row')} left out (esxtop's first row has no rates)`);
	if (input.outsideWindow > 0) left.push(`${plural(input.outsideWindow, 'row')} outside --from/--to`);
	const skipped: string[] = [];
	if (input.skipped.truncated) skipped.push(`${plural(input.skipped.truncated, 'truncated last row')}`);
	if (input.skipped.drift) skipped.push(`${plural(input.skipped.drift, 'row')} with schema drift (cell count differs from the header)`);
	if (input.skipped.time) skipped.push(`${plural(input.skipped.time, 'row')} without a timestamp`);
	const parts = [`Read ${input.name}: ${plural(input.rows, 'row')}${input.headers > 1 ? ` in ${input.headers} concatenated captures` : ''}`];
	if (left.length > 0) parts.push(left.join(', '));
	parts.push(skipped.length > 0 ? `skipped ${skipped.join(', ')}` : 'no rows skipped');
	parts.push(...oddities(input));
	return `${parts.join('; ')}.`;
}

export function methodLine(report?: Report): string {
	const minIo = report ? ` Culprits are ranked by guest waiting above the thresholds (Σ commands/s × excess latency × interval); samples under ${report.minIo} commands/s (--min-io) are too little I/O to judge.` : '';
	return `Percentiles within ±${sketchRelativeError * 100}% (log-bucket sketch), max exact; error totals ≈ rate × interval; "samples at" warn/crit counts each sample's worst latency.${minIo}`;
}

/** The entities left out for too little I/O, one line each (empty when none). */
export function lowIoLines(report: Report): string[] {
	return report.lowIo.map((entry) => `${entry.view} ${entry.id}: ${entry.why} (${plural(entry.samples, 'sample')} at warn or above)`);
}

/** Adapters that are not adapter-wide, with the LUNs whose latency shows through them. */
export function showsThroughLines(report: Report): string[] {
	return report.entities.filter((e) => e.view === 'adapter' && e.showsThrough.length > 0).map((e) => `${e.id}: not adapter-wide; its latency is ${e.showsThrough.join(', ')} showing through`);
}
