import type {Sample} from '../parse/capture-parser.js';
import {type ViewName, viewFields} from '../parse/storage-views.js';
import {bottleneckOf, guestSeverity, latencySeverity} from '../triage/classify.js';
import {fieldValue} from './rows.js';
import {type Thresholds, thresholdsFor} from './thresholds.js';

/**
 * One line of `replay --json`: the sample's time, host and one row per entity of each view,
 * in header order. This shape is a contract other tools read; keep it stable.
 */
export function sampleJson(sample: Sample, thresholds: Thresholds, views: ReadonlySet<ViewName>): string {
	const {schema, values} = sample;
	const rows: Array<Record<string, unknown>> = [];
	for (const entity of schema.entities) {
		if (!views.has(entity.view)) continue;
		const row: Record<string, unknown> = {view: entity.view, id: entity.id};
		for (const field of viewFields[entity.view]) row[field] = fieldValue(values, entity, field);
		if (sample.index === 0) {
			// esxtop's warm-up row has no rates: never called healthy or sick.
			if (entity.view !== 'vm') row.severity = null;
			if (entity.view !== 'vm' && entity.view !== 'nfs') row.bottleneck = null;
		} else if (entity.view === 'nfs') {
			row.severity = guestSeverity(row.gavg as number | null, thresholdsFor(thresholds, entity.id));
		} else if (entity.view !== 'vm') {
			const k = row.kavg as number | null;
			const d = row.davg as number | null;
			const g = row.gavg as number | null;
			const bands = thresholdsFor(thresholds, entity.id);
			row.severity = latencySeverity(k, d, g, bands);
			row.bottleneck = bottleneckOf(k, d, g, bands);
		}
		rows.push(row);
	}
	const line: Record<string, unknown> = {time: new Date(sample.time).toISOString(), host: schema.host};
	if (sample.index === 0) line.warmup = true;
	if (sample.rewound) line.timeWentBack = true;
	line.rows = rows;
	return JSON.stringify(line);
}
