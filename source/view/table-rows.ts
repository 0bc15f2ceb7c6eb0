import type {Severity} from '../triage/classify.js';
import {entitySeverity} from '../model/entity-stats.js';
import {fieldValue} from '../model/rows.js';
import type {Thresholds} from '../model/thresholds.js';
import type {Sample} from '../parse/capture-parser.js';
import type {Entity} from '../parse/schema.js';
import type {ViewName} from '../parse/storage-views.js';
import type {WorldLoad} from '../triage/vms.js';
import type {Column} from './columns.js';

export interface TableRow {
	/** The row's entity; for a world row, the device it is on. */
	entity: Entity;
	severity: Severity | null;
	/** Unique among the rows: what the selection and React keys go by. */
	key: string;
	/** 1 for a row under another (a world under its device, a disk under its VM). */
	depth?: number;
	/** A world row: the world's load on `entity`. */
	world?: WorldLoad;
	/** What the id column shows instead of the entity's id (raw: the table passes it through displayText). */
	label?: string;
}

export interface SortOrder {
	key: Column['key'];
	descending: boolean;
}

/** A compiled `/` filter: a case-insensitive regex, or a plain substring when the text is no valid regex. */
export interface IdFilter {
	text: string;
	regex: boolean;
	test(id: string): boolean;
}

export function compileFilter(text: string): IdFilter | null {
	if (text === '') return null;
	try {
		const pattern = new RegExp(text, 'i');
		return {text, regex: true, test: (id) => pattern.test(id)};
	} catch {
		const needle = text.toLowerCase();
		return {text, regex: false, test: (id) => id.toLowerCase().includes(needle)};
	}
}

/**
 * The rows of a view in one sample: filtered on the id, sorted on one column (nulls last
 * either way, ties by id so the order never flickers).
 */
export function tableRows(sample: Sample, view: ViewName, thresholds: Thresholds, sort: SortOrder, filter: IdFilter | null): TableRow[] {
	const warmup = sample.index === 0;
	const entities = sample.schema.byView[view];
	const rows: Array<TableRow & {value: number | null}> = [];
	for (const entity of entities) {
		if (filter && !filter.test(entity.id)) continue;
		const value = sort.key === 'id' ? null : fieldValue(sample.values, entity, sort.key);
		rows.push({entity, key: entity.id, severity: warmup ? null : entitySeverity(sample.values, entity, thresholds), value});
	}
	const direction = sort.descending ? -1 : 1;
	rows.sort((a, b) => {
		if (sort.key !== 'id') {
			if (a.value !== b.value) {
				if (a.value === null) return 1;
				if (b.value === null) return -1;
				return (a.value - b.value) * direction;
			}
			return a.entity.id < b.entity.id ? -1 : a.entity.id > b.entity.id ? 1 : 0;
		}
		return (a.entity.id < b.entity.id ? -1 : a.entity.id > b.entity.id ? 1 : 0) * direction;
	});
	return rows;
}
