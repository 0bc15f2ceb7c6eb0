import {parseCounterPath} from './counter-path.js';
import {adapterQueueDepth, F, type FieldName, fieldNames, groupViews, type ViewName, viewNames, worldGroup} from './storage-views.js';
import {type WorldOwner, worldOwners} from './world-owners.js';
import {type PdhMarker, parsePdhMarker} from './timestamp.js';
import {CaptureFormatError} from './errors.js';

/** One row of a storage view: a device, adapter, path, virtual disk or NFS volume. */
export interface Entity {
	view: ViewName;
	/** The instance name from the counter paths (`naa.…`, `vmhba2`, `vm01:scsi0:0`, …). */
	id: string;
	/** Index into `Sample.values` for each field (in `fieldNames` order); -1 when absent. */
	slots: Int32Array;
	/** Adapters this entity sits on, where the capture says so (empty when it does not). */
	adapters: string[];
}

/** A world's I/O on one device (`Physical Disk Per-Device-Per-World(<device>-<world>)`). */
export interface WorldEntity {
	/** The device id, as its SCSI Device entity has it. */
	device: string;
	/** The world id, as the capture writes it. */
	world: string;
	/** Index into `Sample.values` for each field (in `fieldNames` order); -1 when absent. */
	slots: Int32Array;
	/** The VM or group the world belongs to, from the header's Vcpu/Group Cpu names; null when it names none. */
	owner: WorldOwner | null;
}

/** What a header line tells: the host, the cell layout and the columns esxlat reads. */
export interface Schema {
	host: string;
	marker: PdhMarker;
	/** Cells per line, counting the timestamp cell and the trailing empty cell. */
	fieldCount: number;
	/** Ascending cell indices read from each data row; columns[0] is the timestamp. */
	columns: Uint32Array;
	/** Every entity of the selected views, in header order. */
	entities: Entity[];
	byView: Record<ViewName, Entity[]>;
	/** Fields that at least one entity of the view has (e.g. failed/aborts only with `-a`). */
	present: Record<ViewName, ReadonlySet<FieldName>>;
	/** 0 for the first header of a stream, 1 after a concatenated capture's header, … */
	segment: number;
	/** Every world on a device, in header order (read with the device view; empty without it). */
	worlds: WorldEntity[];
	/** Device id → its worlds, in header order. */
	worldsOf: ReadonlyMap<string, WorldEntity[]>;
}

/**
 * A header line as the schema needs it: the first cell (the PDH marker), the cell count, the
 * host, and the counter cells of the storage groups with their index. The parser reads these
 * straight from the line's bytes so the other 90% of a 50,000-cell header never become strings.
 */
export interface HeaderCells {
	marker: string;
	fieldCount: number;
	/** The host part of the first counter path; null when the line has none. */
	host: string | null;
	storageCells: Iterable<readonly [index: number, text: string]>;
	/** The distinct instance names of the `Group Cpu` and `Vcpu` cells (who each world belongs to). */
	groupInstances?: readonly string[];
	vcpuInstances?: readonly string[];
}

/** Every storage view esxlat reads lives in a group that starts with one of these. */
export const storageGroupPrefixes = ['Physical Disk', 'Virtual Disk'] as const;

/**
 * Whether `schemaFromHeader` reads a cell of this group and counter for `views`: a header
 * reader may leave every other cell undecoded. Keep it in step with `schemaFromHeader`.
 */
export function cellWanted(group: string, counter: string, views: ReadonlySet<ViewName>): boolean {
	if (!groupWanted(group, views)) return false;
	if (group === adapterQueueDepth.group) return counter === adapterQueueDepth.counter && views.has('adapter');
	if (group === worldGroup.group) return views.has('device') && worldGroup.counters[counter] !== undefined;
	const mapping = groupViews[group];
	return mapping !== undefined && views.has(mapping.view) && mapping.counters[counter] !== undefined;
}

/** Whether any cell of `group` can be one `cellWanted` takes for `views`. */
export function groupWanted(group: string, views: ReadonlySet<ViewName>): boolean {
	if (group === adapterQueueDepth.group) return views.has('adapter');
	if (group === worldGroup.group) return views.has('device');
	const mapping = groupViews[group];
	return mapping !== undefined && views.has(mapping.view);
}

/** The same from a header already split into cells (tests, small files). */
export function buildSchema(cells: string[], views: ReadonlySet<ViewName>, segment = 0): Schema {
	let host: string | null = null;
	const storageCells: Array<[number, string]> = [];
	const groupInstances = new Set<string>();
	const vcpuInstances = new Set<string>();
	for (let cell = 1; cell < cells.length; cell++) {
		const path = parseCounterPath(cells[cell]!);
		if (!path) continue;
		host ??= path.host;
		if (storageGroupPrefixes.some((prefix) => path.group.startsWith(prefix))) storageCells.push([cell, cells[cell]!]);
		else if (path.group === 'Group Cpu' && path.instance !== null) groupInstances.add(path.instance);
		else if (path.group === 'Vcpu' && path.instance !== null) vcpuInstances.add(path.instance);
	}
	return schemaFromHeader({marker: cells[0] ?? '', fieldCount: cells.length, host, storageCells, groupInstances: [...groupInstances], vcpuInstances: [...vcpuInstances]}, views, segment);
}

/**
 * Builds the schema of a header line, keeping only the columns that feed the requested views.
 * Throws CaptureFormatError when the line is not an esxtop header.
 */
export function schemaFromHeader(header: HeaderCells, views: ReadonlySet<ViewName>, segment = 0): Schema {
	const marker = parsePdhMarker(header.marker);
	if (!marker) throw new CaptureFormatError('the first line is not an esxtop batch header (expected "(PDH-CSV 4.0) (UTC)(0)" in its first cell)');
	const {host} = header;
	if (host === null) {
		throw new CaptureFormatError('the header has no counter columns (`\\\\host\\Group(Instance)\\Counter`); a transposed or trimmed file cannot be replayed');
	}
	const entityByKey = new Map<string, Entity>();
	const picked: Array<{cell: number; entity: {slots: Int32Array}; field: number}> = [];
	// The worlds under each device come with the device view (esxtop's expand).
	const withWorlds = views.has('device');
	const worldByInstance = new Map<string, WorldEntity>();
	const adapterDepth = new Map<string, number>();

	for (const [cell, text] of header.storageCells) {
		const path = parseCounterPath(text);
		if (!path || path.instance === null) continue;
		if (path.group === adapterQueueDepth.group && path.counter === adapterQueueDepth.counter && !path.instance.includes(':')) {
			adapterDepth.set(path.instance, cell);
			continue;
		}
		if (path.group === worldGroup.group) {
			const field = withWorlds ? worldGroup.counters[path.counter] : undefined;
			if (field === undefined) continue;
			let world = worldByInstance.get(path.instance);
			if (!world) {
				// `<device>-<world>`: device ids hold dashes and colons, world ids are digits.
				const dash = path.instance.lastIndexOf('-');
				if (dash <= 0 || !/^\d+$/.test(path.instance.slice(dash + 1))) continue;
				world = {device: path.instance.slice(0, dash), world: path.instance.slice(dash + 1), slots: new Int32Array(fieldNames.length).fill(-1), owner: null};
				worldByInstance.set(path.instance, world);
			}
			picked.push({cell, entity: world, field: F[field]});
			continue;
		}
		const mapping = groupViews[path.group];
		if (!mapping || !views.has(mapping.view)) continue;
		const field = mapping.counters[path.counter];
		if (field === undefined) continue;
		const key = `${mapping.view}\u0000${path.instance}`;
		let entity = entityByKey.get(key);
		if (!entity) {
			entity = {view: mapping.view, id: path.instance, slots: new Int32Array(fieldNames.length).fill(-1), adapters: []};
			entityByKey.set(key, entity);
		}
		picked.push({cell, entity, field: F[field]});
	}

	for (const entity of entityByKey.values()) {
		if (entity.view !== 'adapter') continue;
		const cell = adapterDepth.get(entity.id);
		if (cell !== undefined) picked.push({cell, entity, field: F.aqlen});
	}
	picked.sort((a, b) => a.cell - b.cell);
	const columns = [0];
	for (const {cell, entity, field} of picked) {
		if (entity.slots[field] !== -1) continue; // a repeated counter: the first one wins
		entity.slots[field] = columns.length;
		columns.push(cell);
	}

	const entities = [...entityByKey.values()];
	linkAdapters(entities);
	const byView = Object.fromEntries(viewNames.map((view) => [view, entities.filter((entity) => entity.view === view)])) as Record<ViewName, Entity[]>;
	const present = Object.fromEntries(
		viewNames.map((view) => [view, new Set(fieldNames.filter((name) => byView[view].some((entity) => entity.slots[F[name]] !== -1)))]),
	) as unknown as Record<ViewName, ReadonlySet<FieldName>>;
	const worlds = [...worldByInstance.values()];
	const worldsOf = new Map<string, WorldEntity[]>();
	if (worlds.length > 0) {
		const owners = worldOwners(header.groupInstances ?? [], header.vcpuInstances ?? []);
		for (const world of worlds) {
			world.owner = owners.get(world.world) ?? null;
			let list = worldsOf.get(world.device);
			if (!list) worldsOf.set(world.device, (list = []));
			list.push(world);
		}
	}
	return {host, marker, fieldCount: header.fieldCount, columns: new Uint32Array(columns), entities, byView, present, segment, worlds, worldsOf};
}

const runtimeName = /(?:^|[-:])(vmhba\d+):C\d+:T\d+:L\d+$/;
const mpxDevice = /^mpx\.(vmhba\d+):/;

/**
 * Batch output rarely says which adapter a device is on. Where it does: `mpx.vmhbaN:…` device
 * ids, path runtime names (`vmhbaN:C0:T1:L2`), and per-device path instances (`<device>-vmhbaN:…`).
 */
function linkAdapters(entities: Entity[]): void {
	const devices = new Map(entities.filter((entity) => entity.view === 'device').map((entity) => [entity.id, entity]));
	for (const entity of entities) {
		if (entity.view === 'adapter') entity.adapters = [entity.id];
		if (entity.view === 'device') {
			const match = mpxDevice.exec(entity.id);
			if (match) entity.adapters = [match[1]!];
		}
		if (entity.view !== 'path') continue;
		const match = runtimeName.exec(entity.id);
		if (!match) continue;
		entity.adapters = [match[1]!];
		const dash = entity.id.length - match[0].length;
		if (entity.id[dash] === '-') {
			const device = devices.get(entity.id.slice(0, dash));
			if (device && !device.adapters.includes(match[1]!)) device.adapters.push(match[1]!);
		}
	}
}
