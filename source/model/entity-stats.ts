import type {Sample} from '../parse/capture-parser.js';
import type {Entity, Schema} from '../parse/schema.js';
import type {FieldName, ViewName} from '../parse/storage-views.js';
import {guestSeverity, latencySeverity, type Severity, severityRank, worstSeverity} from '../triage/classify.js';
import type {HistoryView} from './history.js';
import {fieldValue} from './rows.js';
import {type Thresholds, thresholdsFor} from './thresholds.js';

/**
 * Per-entity figures the screen (and anything else) derives from samples and history: a row's
 * severity, how often it was over the threshold lately, its series for a sparkline.
 */

/** The worst band of an entity's latencies: KAVG/DAVG/GAVG, guest latency for NFS, read/write latency for VM disks. */
export function entitySeverity(values: Float64Array, entity: Entity, thresholds: Thresholds): Severity | null {
	const t = thresholdsFor(thresholds, entity.id);
	switch (entity.view) {
		case 'nfs':
			return guestSeverity(fieldValue(values, entity, 'gavg'), t);
		case 'vm': {
			const read = guestSeverity(fieldValue(values, entity, 'readLatency'), t);
			const write = guestSeverity(fieldValue(values, entity, 'writeLatency'), t);
			if (read === null || write === null) return read ?? write;
			return worstSeverity(read, write);
		}
		default:
			return latencySeverity(fieldValue(values, entity, 'kavg'), fieldValue(values, entity, 'davg'), fieldValue(values, entity, 'gavg'), t);
	}
}

const lookups = new WeakMap<Schema, Map<string, Entity>>();

/** The entity of `view` named `id` in a schema (samples of concatenated captures have different schemas). */
export function findEntity(schema: Schema, view: ViewName, id: string): Entity | undefined {
	let map = lookups.get(schema);
	if (!map) {
		map = new Map(schema.entities.map((entity) => [`${entity.view}\u0000${entity.id}`, entity]));
		lookups.set(schema, map);
	}
	return map.get(`${view}\u0000${id}`);
}

/** Default window for "sustained or a spike": one minute at esxtop's default 5 s interval. */
export const recentSamples = 12;

/**
 * Of the last `n` samples in the history (warm-up rows and gaps left out), how many had the
 * entity at warn or above.
 */
export function recentOver(history: HistoryView, view: ViewName, id: string, t: Thresholds, n = recentSamples): {over: number; of: number} {
	let over = 0;
	let of = 0;
	for (let i = history.length - 1; i >= 0 && of < n; i--) {
		const point = history.at(i)!;
		if (point.kind !== 'sample' || point.sample.index === 0) continue;
		const entity = findEntity(point.sample.schema, view, id);
		if (!entity) continue;
		of++;
		if (severityRank(entitySeverity(point.sample.values, entity, t)) >= severityRank('warn')) over++;
	}
	return {over, of};
}

/** A field's values over the newest `width` history points: null where there is no value, 'gap' where samples are missing. */
export function seriesOf(history: HistoryView, view: ViewName, id: string, field: FieldName, width: number): Array<number | null | 'gap'> {
	const out: Array<number | null | 'gap'> = [];
	for (let i = Math.max(0, history.length - width); i < history.length; i++) {
		const point = history.at(i)!;
		if (point.kind === 'gap') {
			out.push('gap');
			continue;
		}
		const entity = findEntity(point.sample.schema, view, id);
		out.push(entity && point.sample.index !== 0 ? fieldValue(point.sample.values, entity, field) : null);
	}
	return out;
}

export interface HostSummary {
	/** The entity in the worst state (devices and NFS volumes first, then adapters), or null when all are fine. */
	worst: Entity | null;
	severity: Severity | null;
	/** Devices and NFS volumes at crit and at warn, of how many. */
	crit: number;
	warn: number;
	total: number;
}

/**
 * The one-line "worst problem on the host": the entity with the worst severity, then the
 * highest GAVG. Entities under `minIo` commands/s are too little I/O to judge: never the worst.
 */
export function hostSummary(sample: Sample, t: Thresholds, minIo = 0): HostSummary {
	const summary: HostSummary = {worst: null, severity: null, crit: 0, warn: 0, total: 0};
	if (sample.index === 0) return summary;
	let worstGavg = -1;
	const consider = (entity: Entity, count: boolean) => {
		const cmds = fieldValue(sample.values, entity, 'cmds');
		const severity = cmds !== null && cmds < minIo ? 'ok' : entitySeverity(sample.values, entity, t);
		if (count) {
			summary.total++;
			if (severity === 'crit') summary.crit++;
			if (severity === 'warn') summary.warn++;
		}
		if (severity === null || severity === 'ok') return;
		const gavg = fieldValue(sample.values, entity, entity.view === 'vm' ? 'writeLatency' : 'gavg') ?? 0;
		const better = severityRank(severity) > severityRank(summary.severity) || (severity === summary.severity && gavg > worstGavg);
		if (better && (count || summary.worst === null)) {
			summary.worst = entity;
			summary.severity = severity;
			worstGavg = gavg;
		}
	};
	for (const entity of sample.schema.byView.device) consider(entity, true);
	for (const entity of sample.schema.byView.nfs) consider(entity, true);
	if (summary.worst === null) for (const entity of sample.schema.byView.adapter) consider(entity, false);
	return summary;
}
