import type {Sample} from '../parse/capture-parser.js';
import type {Entity} from '../parse/schema.js';
import {F, type FieldName} from '../parse/storage-views.js';

/** A field of an entity in a sample; null when the capture has no such column or the cell is empty. */
export function fieldValue(values: Float64Array, entity: Pick<Entity, 'slots'>, field: FieldName): number | null {
	const slot = entity.slots[F[field]]!;
	if (slot < 0) return null;
	const value = values[slot]!;
	return Number.isNaN(value) ? null : value;
}

export type RowValues = Partial<Record<FieldName, number | null>>;

/** All fields an entity has in one sample. */
export function rowValues(sample: Sample, entity: Entity, fields: readonly FieldName[]): RowValues {
	const row: RowValues = {};
	for (const field of fields) row[field] = fieldValue(sample.values, entity, field);
	return row;
}

/**
 * esxtop's warm-up row: the first after it starts, with every rate and latency zero (a rate
 * needs two snapshots). A row that merely comes first but carries numbers is not one.
 */
export function isWarmupRow(sample: Sample): boolean {
	if (sample.index !== 0) return false;
	for (const entity of sample.schema.entities) {
		for (const field of ['cmds', 'davg', 'gavg'] as const) {
			const value = fieldValue(sample.values, entity, field);
			if (value !== null && value !== 0) return false;
		}
	}
	return true;
}
