import type {Sample} from '../parse/capture-parser.js';
import type {ViewName} from '../parse/storage-views.js';
import {guestSeverity} from '../triage/classify.js';
import {type Thresholds, thresholdsFor} from '../model/thresholds.js';
import {vmOfDisk, worldsOn} from '../triage/vms.js';
import {shortenMiddle} from '../model/format.js';
import type {WorldLoad} from '../triage/vms.js';
import {displayText} from './display-text.js';
import type {TableRow} from './table-rows.js';

/**
 * Rows under rows. In the device view an expanded LUN (`e`) is followed by its worlds, busiest
 * first, each named after its VM or host group with its share of the LUN's commands, its
 * commands/s and its own GAVG (its marker is GAVG's band). In the VM
 * view each VM's total is followed by its disks, so totals and disks are never sorted into one
 * list; both keep the view's sort among themselves.
 */
export function treeRows(rows: TableRow[], sample: Sample, view: ViewName, thresholds: Thresholds, expanded: ReadonlySet<string>): TableRow[] {
	if (view === 'vm') return vmTree(rows);
	if (view !== 'device' || expanded.size === 0) return rows;
	const out: TableRow[] = [];
	const warmup = sample.index === 0;
	for (const row of rows) {
		out.push(row);
		if (!expanded.has(row.entity.id)) continue;
		// A world is judged by its device's bands (per-device thresholds included).
		const bands = thresholdsFor(thresholds, row.entity.id);
		for (const world of worldsOn(sample, row.entity).worlds) {
			out.push({
				entity: row.entity,
				key: `${row.entity.id}\u0000${world.world.world}`,
				depth: 1,
				world,
				severity: warmup ? null : guestSeverity(world.gavg, bands),
			});
		}
	}
	return out;
}

/**
 * A world row's id cell: its share of the LUN, its VM's (or group's) name, its world id. The
 * name gives way first when the column is narrow. Display-safe.
 */
export function worldCell(world: WorldLoad, width: number): string {
	const share = (world.share === null ? '-' : `${Math.round(world.share * 100)}%`).padStart(4);
	// The group's name only (hostd.66694, system): the hint pane names the world too.
	const name = displayText(world.world.owner?.name ?? 'world');
	const id = displayText(world.world.world);
	const room = width - share.length - id.length - 2;
	if (room < 4) return shortenMiddle(`${share} ${name}`, width);
	return `${share} ${shortenMiddle(name, room)} ${id}`;
}

/** Each VM's total, then its disks; a disk whose total is not among the rows stands alone. */
function vmTree(rows: TableRow[]): TableRow[] {
	const totals = new Set<string>();
	const disksOf = new Map<string, TableRow[]>();
	for (const row of rows) {
		const {vm, disk} = vmOfDisk(row.entity.id);
		if (disk === null) totals.add(vm);
		else {
			let list = disksOf.get(vm);
			if (!list) disksOf.set(vm, (list = []));
			list.push({...row, depth: 1, label: disk});
		}
	}
	const out: TableRow[] = [];
	for (const row of rows) {
		const {vm, disk} = vmOfDisk(row.entity.id);
		if (disk === null) {
			out.push(row);
			out.push(...(disksOf.get(vm) ?? []));
		} else if (!totals.has(vm)) out.push(row);
	}
	return out;
}
