import type {Entity} from '../../parse/schema.js';
import {F, type FieldName} from '../../parse/storage-views.js';

/**
 * The report reads these fields of every bound entity, copied per sample into one flat row
 * (entity by entity, in this order) so the per-sample passes are tight loops over a typed array.
 */
export const gatheredFields = ['davg', 'kavg', 'gavg', 'qavg', 'cmds', 'mbRead', 'mbWritten', 'failed', 'aborts', 'resets', 'actv', 'dqlen', 'qued'] as const satisfies readonly FieldName[];
export type GatheredField = (typeof gatheredFields)[number];
/** Offset of each field within an entity's part of the row. */
export const gathered = Object.fromEntries(gatheredFields.map((name, index) => [name, index])) as Record<GatheredField, number>;
/** Row cells per entity. */
export const stride = gatheredFields.length;

/** Each entity's schema slots for `gatheredFields`, back to back (-1 where the capture lacks one). */
export function gatherSlots(entities: readonly Entity[]): Int32Array {
	const slots = new Int32Array(entities.length * stride);
	entities.forEach((entity, e) => {
		gatheredFields.forEach((field, g) => {
			slots[e * stride + g] = entity.slots[F[field]]!;
		});
	});
	return slots;
}

/** Copies a sample's values into `row` in `gatherSlots` order, NaN where a slot is absent. */
export function gatherFields(values: Float64Array, slots: Int32Array, row: Float64Array): void {
	for (let i = 0; i < slots.length; i++) {
		const slot = slots[i]!;
		row[i] = slot < 0 ? Number.NaN : values[slot]!;
	}
}
