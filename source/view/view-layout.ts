import type {FieldName, ViewName} from '../parse/storage-views.js';
import {viewNames} from '../parse/storage-views.js';
import {type Column, viewColumns} from './columns.js';

/**
 * How one view's table is laid out: every field of the view in the order chosen (esxtop's
 * `o`), which of them are hidden (esxtop's `f`), and the id column's width (null: what is
 * left once the other columns fit).
 */
export interface ViewLayout {
	order: readonly FieldName[];
	hidden: ReadonlySet<FieldName>;
	idWidth: number | null;
}

export type Layouts = Readonly<Record<ViewName, ViewLayout>>;

/** The narrowest and widest id column `[` and `]` give. */
export const idWidthRange = {min: 12, max: 160} as const;

/** A view's fields in panel order (the id column is always first and always shown). */
export function fieldsOf(view: ViewName): FieldName[] {
	return viewColumns[view].filter((column) => column.key !== 'id').map((column) => column.key as FieldName);
}

export function defaultLayout(view: ViewName): ViewLayout {
	return {order: fieldsOf(view), hidden: new Set(), idWidth: null};
}

export function defaultLayouts(): Record<ViewName, ViewLayout> {
	return Object.fromEntries(viewNames.map((view) => [view, defaultLayout(view)])) as Record<ViewName, ViewLayout>;
}

/** A layout from a list of shown columns in order (a config file's `columns`); the rest are hidden, in panel order. */
export function layoutFromColumns(view: ViewName, shown: readonly FieldName[], idWidth: number | null): ViewLayout {
	const rest = fieldsOf(view).filter((field) => !shown.includes(field));
	return {order: [...shown, ...rest], hidden: new Set(rest), idWidth};
}

/** The shown columns in order, as a config file stores them. */
export function shownColumns(layout: ViewLayout): FieldName[] {
	return layout.order.filter((field) => !layout.hidden.has(field));
}

/** The view's columns in the layout's order, hidden ones left out, the id first. */
export function orderedColumns(view: ViewName, layout: ViewLayout): Column[] {
	const byKey = new Map(viewColumns[view].map((column) => [column.key, column]));
	const id = byKey.get('id')!;
	return [id, ...layout.order.filter((field) => !layout.hidden.has(field)).map((field) => byKey.get(field)!)];
}

export function toggleField(layout: ViewLayout, field: FieldName): ViewLayout {
	const hidden = new Set(layout.hidden);
	if (hidden.has(field)) hidden.delete(field);
	else hidden.add(field);
	return {...layout, hidden};
}

/** Moves a field one place earlier (-1) or later (+1) in the order. */
export function shiftField(layout: ViewLayout, field: FieldName, delta: -1 | 1): ViewLayout {
	const order = [...layout.order];
	const at = order.indexOf(field);
	const to = at + delta;
	if (at === -1 || to < 0 || to >= order.length) return layout;
	[order[at], order[to]] = [order[to]!, order[at]!];
	return {...layout, order};
}

export function clampIdWidth(width: number): number {
	return Math.max(idWidthRange.min, Math.min(idWidthRange.max, Math.round(width)));
}
