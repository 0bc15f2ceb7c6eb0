import type {Verdict} from '../triage/diagnose.js';
import {hostSummary} from '../model/entity-stats.js';
import type {Severity} from '../triage/classify.js';
import {fieldValue} from '../model/rows.js';
import {SampleContext} from '../triage/sample-context.js';
import type {Thresholds} from '../model/thresholds.js';
import type {Sample} from '../parse/capture-parser.js';
import type {ViewName} from '../parse/storage-views.js';
import type {HostLuns, LunFigures} from '../triage/cross-host.js';

/** One host's current sample in a line: what the fleet screen's row shows. */
export interface HostOverview {
	time: number;
	/** esxtop's warm-up row: no rates yet, never called healthy or sick. */
	warmup: boolean;
	/** Devices and NFS volumes at warn and at crit, of how many. */
	warn: number;
	crit: number;
	total: number;
	severity: Severity | null;
	worst: {view: ViewName; id: string; gavg: number | null; davg: number | null; kavg: number | null; verdict: Verdict; headline: string} | null;
}

const cache = new WeakMap<Sample, {thresholds: Thresholds; overview: HostOverview}>();

/** The overview of a sample (cached per sample: the screen asks every second for every host). */
export function hostOverview(sample: Sample, thresholds: Thresholds): HostOverview {
	const cached = cache.get(sample);
	if (cached && cached.thresholds === thresholds) return cached.overview;
	const summary = hostSummary(sample, thresholds);
	const worst = summary.worst;
	let worstLine: HostOverview['worst'] = null;
	if (worst) {
		const diagnosis = new SampleContext(sample, thresholds).diagnose(worst);
		const value = (field: 'gavg' | 'davg' | 'kavg') => fieldValue(sample.values, worst, field);
		worstLine = {view: worst.view, id: worst.id, gavg: value(worst.view === 'vm' ? 'gavg' : 'gavg'), davg: value('davg'), kavg: value('kavg'), verdict: diagnosis.verdict, headline: diagnosis.headline};
	}
	const overview: HostOverview = {time: sample.time, warmup: sample.index === 0, warn: summary.warn, crit: summary.crit, total: summary.total, severity: summary.severity, worst: worstLine};
	cache.set(sample, {thresholds, overview});
	return overview;
}

/** A sample's devices as cross-host readings (the warm-up row has none). */
export function sampleLuns(host: string, sample: Sample | null): HostLuns {
	const luns: Array<readonly [string, LunFigures]> = [];
	if (sample && sample.index !== 0) {
		for (const device of sample.schema.byView.device) {
			const value = (field: 'davg' | 'kavg' | 'gavg' | 'cmds') => fieldValue(sample.values, device, field);
			luns.push([device.id, {davg: value('davg'), kavg: value('kavg'), gavg: value('gavg'), cmds: value('cmds')}]);
		}
	}
	return {host, luns};
}
