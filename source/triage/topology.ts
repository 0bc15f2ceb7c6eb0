import type {Entity, Schema} from '../parse/schema.js';
import {F} from '../parse/storage-views.js';

/**
 * How a capture says which paths (and so which adapters) serve a device. esxtop batch output
 * never names a device's paths, but:
 * - `device-id`: an `mpx.vmhbaN:C0:T5:L0` device is the path with that runtime name;
 * - `path-name`: some builds name paths `<device>-vmhbaN:C…`;
 * - `header-order`: real captures list each device's `Physical Disk Path` cells right after
 *   its `Physical Disk SCSI Device` cells (checked: trusted only when devices and path runs alternate);
 * - `commands`: the paths' commands/s add up to the device's, sample after sample (several
 *   paths of one LUN number for round-robin multipathing, or one path with the same DAVG too).
 */
export type LinkBasis = 'device-id' | 'path-name' | 'header-order' | 'commands';

export const linkBasisText: Record<LinkBasis, string> = {
	'device-id': 'the mpx. device id',
	'path-name': 'its path names',
	'header-order': 'header order',
	commands: 'commands/s adding up',
};

/** Devices with no array behind them: advice is the local controller, disk or boot media. */
export type LocalKind = 'mpx' | 'sata' | 'nvme' | 'usb';

export const localKindText: Record<LocalKind, string> = {
	mpx: 'a local device (mpx.: local controller, USB/SD boot media or CD-ROM)',
	sata: 'a local SATA disk',
	nvme: 'a local NVMe disk',
	usb: 'USB/SD boot media',
};

/** Local devices by id: `mpx.` (no SAN identity), `t10.ATA…` SATA, `t10.NVMe…`, USB/SD media. */
export function localKind(id: string): LocalKind | null {
	if (/usb|sd_?card|flash_?drive|idsdm|cruzer|sandisk/i.test(id)) return 'usb';
	if (id.startsWith('mpx.')) return 'mpx';
	if (/^t10\.ATA/i.test(id)) return 'sata';
	if (/^t10\.NVMe/i.test(id)) return 'nvme';
	return null;
}

const runtimeName = /(vmhba\d+):C(\d+):T(\d+):L(\d+)$/;

/** `vmhba2:C0:T1:L3` → its adapter, target and LUN number (null for other names). */
export function parseRuntimeName(id: string): {adapter: string; channel: number; target: number; lun: number} | null {
	const match = runtimeName.exec(id);
	return match ? {adapter: match[1]!, channel: Number(match[2]), target: Number(match[3]), lun: Number(match[4])} : null;
}

/** A device's paths in one schema, by index into `schema.byView.path`, and how they were found. */
export interface DeviceLinks {
	paths: number[];
	basis: Set<LinkBasis>;
}

/** A device linked by commands/s once this many sampled rows agreed (and most of its busy ones). */
const votesToLink = 3;
/** Target subsets tried per LUN-number group (2^targets). */
const maxTargets = 8;

/**
 * One schema's device ↔ path ↔ adapter links. What the ids and the header order prove is known
 * at once; the rest comes from `observe`d samples. Pure: arrays indexed like `schema.byView`.
 */
export class SchemaTopology {
	readonly devices: readonly Entity[];
	readonly paths: readonly Entity[];
	/** Per device. */
	readonly links: DeviceLinks[];
	/** Per path: its device's index, or -1. */
	readonly deviceOf: Int32Array;
	/** Per device, local kind or null. */
	readonly local: Array<LocalKind | null>;
	/** Bumped whenever links change (callers rebuild what they derived). */
	version = 0;
	private readonly pathAdapter: Array<string | null>;
	/** Unlinked paths grouped by LUN number, then by target. */
	private readonly byLun = new Map<number, Map<number, number[]>>();
	private readonly votes: Array<Map<string, number> | null>;
	private readonly busy: Uint32Array;
	private readonly agree: Uint32Array;

	constructor(readonly schema: Schema) {
		this.devices = schema.byView.device;
		this.paths = schema.byView.path;
		this.links = this.devices.map(() => ({paths: [], basis: new Set<LinkBasis>()}));
		this.deviceOf = new Int32Array(this.paths.length).fill(-1);
		this.local = this.devices.map((device) => localKind(device.id));
		this.pathAdapter = this.paths.map((path) => parseRuntimeName(path.id)?.adapter ?? path.adapters[0] ?? null);
		this.votes = this.devices.map(() => null);
		this.busy = new Uint32Array(this.devices.length);
		this.agree = new Uint32Array(this.devices.length);
		this.linkFromNames();
		this.linkFromHeaderOrder();
		this.groupUnlinked();
	}

	/** The adapters a device's paths go through (its own for an mpx. id), in path order. */
	adaptersOf(device: number): string[] {
		const adapters: string[] = [];
		for (const p of this.links[device]!.paths) {
			const adapter = this.pathAdapter[p];
			if (adapter && !adapters.includes(adapter)) adapters.push(adapter);
		}
		for (const adapter of this.devices[device]!.adapters) if (!adapters.includes(adapter)) adapters.push(adapter);
		return adapters;
	}

	adapterOfPath(path: number): string | null {
		return this.pathAdapter[path] ?? null;
	}

	/** Devices that still have no path. */
	get unlinked(): number {
		return this.links.reduce((n, links) => n + (links.paths.length === 0 ? 1 : 0), 0);
	}

	/**
	 * One sample: for each busy device without paths, the paths whose commands/s add up to its
	 * own (a LUN-number group, or a subset of its targets; a single path must match DAVG too).
	 * For linked devices, counts the samples where their paths add up (the link's confirmation).
	 * Returns true when links changed.
	 */
	observe(values: Float64Array, linkAfter = votesToLink): boolean {
		let changed = false;
		for (let d = 0; d < this.devices.length; d++) {
			const device = this.devices[d]!;
			const cmds = valueOf(values, device, F.cmds);
			if (!(cmds > 0)) continue;
			this.busy[d]!++;
			const links = this.links[d]!;
			if (links.paths.length > 0) {
				if (addsUp(cmds, sumCmds(values, this.paths, links.paths), links.paths.length)) {
					if (++this.agree[d]! * 2 >= this.busy[d]! && this.busy[d]! >= Math.min(linkAfter, 2)) links.basis.add('commands');
				}
				continue;
			}
			const match = this.matchPaths(values, device, cmds);
			if (match === null) continue;
			const votes = (this.votes[d] ??= new Map());
			const key = match.join(',');
			const count = (votes.get(key) ?? 0) + 1;
			votes.set(key, count);
			if (count >= linkAfter && count * 2 >= this.busy[d]!) {
				this.link(d, match, 'commands');
				changed = true;
			}
		}
		if (changed) {
			this.version++;
			this.groupUnlinked();
		}
		return changed;
	}

	/** At the end of a pass: links with at least one vote and most of the device's busy samples. */
	settle(): boolean {
		let changed = false;
		for (let d = 0; d < this.devices.length; d++) {
			const votes = this.votes[d];
			if (!votes || this.links[d]!.paths.length > 0) continue;
			let best: string | null = null;
			let most = 0;
			for (const [key, count] of votes) {
				if (count > most) {
					best = key;
					most = count;
				}
			}
			if (best === null || most * 2 < this.busy[d]!) continue;
			const paths = best.split(',').map(Number);
			if (paths.some((p) => this.deviceOf[p] !== -1)) continue;
			this.link(d, paths, 'commands');
			changed = true;
		}
		if (changed) this.version++;
		return changed;
	}

	private link(device: number, paths: readonly number[], basis: LinkBasis): void {
		const links = this.links[device]!;
		for (const p of paths) {
			if (this.deviceOf[p] !== -1 && this.deviceOf[p] !== device) continue;
			if (!links.paths.includes(p)) links.paths.push(p);
			this.deviceOf[p] = device;
		}
		// In header order, whatever order they were found in.
		links.paths.sort((a, b) => a - b);
		links.basis.add(basis);
	}

	private linkFromNames(): void {
		const byName = new Map(this.paths.map((path, p) => [path.id, p]));
		this.devices.forEach((device, d) => {
			if (device.id.startsWith('mpx.')) {
				const p = byName.get(device.id.slice(4));
				if (p !== undefined) this.link(d, [p], 'device-id');
			}
		});
		const deviceByName = new Map(this.devices.map((device, d) => [device.id, d]));
		this.paths.forEach((path, p) => {
			const match = runtimeName.exec(path.id);
			if (!match || match.index === 0 || path.id[match.index - 1] !== '-') return;
			const d = deviceByName.get(path.id.slice(0, match.index - 1));
			if (d !== undefined) this.link(d, [p], 'path-name');
		});
	}

	/**
	 * esxtop writes each device's Path cells right after its SCSI Device cells. Trusted only
	 * when the header really alternates (at least two devices each followed by paths, or one
	 * device with all of them): a header listing all devices, then all paths, proves nothing.
	 */
	private linkFromHeaderOrder(): void {
		const deviceIndex = new Map(this.devices.map((device, d) => [device, d]));
		const pathIndex = new Map(this.paths.map((path, p) => [path, p]));
		const runs: Array<{device: number; paths: number[]}> = [];
		let current: {device: number; paths: number[]} | null = null;
		for (const entity of this.schema.entities) {
			if (entity.view === 'device') current = {device: deviceIndex.get(entity)!, paths: []};
			else if (entity.view === 'path' && current) {
				if (current.paths.length === 0) runs.push(current);
				current.paths.push(pathIndex.get(entity)!);
			}
		}
		if (runs.length < Math.min(this.devices.length, 2)) return;
		for (const run of runs) {
			// All paths of one LUN carry its LUN number: a run that mixes them is not one device's.
			const luns = new Set(run.paths.map((p) => parseRuntimeName(this.paths[p]!.id)?.lun ?? -1));
			if (luns.size === 1) this.link(run.device, run.paths, 'header-order');
		}
	}

	private groupUnlinked(): void {
		this.byLun.clear();
		this.paths.forEach((path, p) => {
			if (this.deviceOf[p] !== -1) return;
			const name = parseRuntimeName(path.id);
			if (!name) return;
			let targets = this.byLun.get(name.lun);
			if (!targets) this.byLun.set(name.lun, (targets = new Map()));
			const list = targets.get(name.target) ?? [];
			list.push(p);
			targets.set(name.target, list);
		});
	}

	/**
	 * The one set of unlinked busy paths that carries this device's commands in this sample, or
	 * null (none, or more than one: ambiguous). Idle paths (standby, or another LUN's) are left
	 * out: they would add up with any set.
	 */
	private matchPaths(values: Float64Array, device: Entity, cmds: number): number[] | null {
		let found: number[] | null = null;
		const davg = valueOf(values, device, F.davg);
		for (const targets of this.byLun.values()) {
			const groups: number[][] = [];
			for (const list of targets.values()) {
				const busy = list.filter((p) => valueOf(values, this.paths[p]!, F.cmds) > 0);
				if (busy.length > 0) groups.push(busy);
			}
			if (groups.length === 0 || groups.length > maxTargets) continue;
			for (let mask = 1; mask < 1 << groups.length; mask++) {
				const set: number[] = [];
				for (let t = 0; t < groups.length; t++) if (mask & (1 << t)) set.push(...groups[t]!);
				if (!addsUp(cmds, sumCmds(values, this.paths, set), set.length)) continue;
				// One path alone must carry the same DAVG too: a coincidence of one rate proves little.
				if (set.length === 1 && valueOf(values, this.paths[set[0]!]!, F.davg) !== davg) continue;
				if (found) return null;
				found = set;
			}
		}
		return found;
	}
}

function valueOf(values: Float64Array, entity: Entity, field: number): number {
	const slot = entity.slots[field]!;
	return slot < 0 ? Number.NaN : values[slot]!;
}

function sumCmds(values: Float64Array, paths: readonly Entity[], set: readonly number[]): number {
	let sum = 0;
	for (const p of set) {
		const cmds = valueOf(values, paths[p]!, F.cmds);
		if (cmds === cmds) sum += cmds;
	}
	return sum;
}

/** esxtop prints two decimals: each path's rate may be off by 0.005 from the device's share. */
function addsUp(device: number, paths: number, count: number): boolean {
	return paths > 0 && Math.abs(paths - device) <= Math.max(0.011 * (count + 1), device * 0.002);
}

const cache = new WeakMap<Schema, SchemaTopology>();

/** The topology of a schema, made once (the screen asks for it on every sample). */
export function topologyOf(schema: Schema): SchemaTopology {
	let topology = cache.get(schema);
	if (!topology) cache.set(schema, (topology = new SchemaTopology(schema)));
	return topology;
}
