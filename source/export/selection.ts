import type {Schema} from '../parse/schema.js';
import {displayText} from '../view/display-text.js';
import {type ViewName, viewNames} from '../parse/storage-views.js';

/**
 * Which entities become series: `--metrics-views` (default all, except that paths and VM disks
 * are left out on a host with more than `wideHostEntities` entities) and `--metrics-filter`.
 */
export interface MetricsSelection {
	/** Views asked for with --metrics-views; null: the default. */
	views: ReadonlySet<ViewName> | null;
	/** Only entities whose id matches (any case); null: all. */
	filter: RegExp | null;
}

/**
 * Above this many entities (devices, adapters, paths, VM disks and NFS volumes together) a
 * host's paths and VM disks are not exported unless --metrics-views names them: they are the
 * views that multiply (a LUN has 2–8 paths, a VM 1–10 disks), and a 1,000-LUN host already
 * makes about 27,000 device series.
 */
export const wideHostEntities = 1000;

export const defaultSelection: MetricsSelection = {views: null, filter: null};

const wideHostViews: ReadonlySet<ViewName> = new Set(['device', 'adapter', 'nfs']);
const allViews: ReadonlySet<ViewName> = new Set(viewNames);

/** The views exported for a host with this schema. */
export function exportedViews(selection: MetricsSelection, schema: Schema): ReadonlySet<ViewName> {
	if (selection.views) return selection.views;
	return isWideHost(schema) ? wideHostViews : allViews;
}

export function isWideHost(schema: Schema): boolean {
	return schema.entities.length > wideHostEntities;
}

/** The views the parser must read for the exporter: none it will not export. */
export function parsedViews(selection: MetricsSelection): ReadonlySet<ViewName> {
	return selection.views ?? allViews;
}

/** Said once per wide host, live or exported. */
export function wideHostNotice(schema: Schema): string {
	const count = schema.entities.length.toLocaleString('en-US');
	return `${displayText(schema.host)} has ${count} entities (over ${wideHostEntities.toLocaleString('en-US')}): its paths and VM disks are not exported; --metrics-views device,adapter,path,vm,nfs exports them`;
}
