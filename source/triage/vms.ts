import type {Sample} from '../parse/capture-parser.js';
import type {Entity, Schema, WorldEntity} from '../parse/schema.js';
import {ownerLabel} from '../parse/world-owners.js';
import {fieldValue} from '../model/rows.js';

/**
 * Who is behind a LUN's load, from `Physical Disk Per-Device-Per-World`: each world's commands/s
 * and latency on the device, joined to its VM (or host group) by the header's Vcpu names.
 * Pure: the screen (expand, hint pane) and the report both use it. Names are exact here;
 * whoever shows them to a human passes them through displayText.
 */
export interface WorldLoad {
	world: WorldEntity;
	/** The VM's name, a group's with its world's (`hostd.66694 (hostd-worker)`), or `world N`. */
	name: string;
	kind: 'vm' | 'system' | 'unknown';
	cmds: number | null;
	/** Of the device's commands/s (its SCSI Device counter, else the sum of its worlds). */
	share: number | null;
	/** Its own GAVG on the device (what its commands wait). */
	gavg: number | null;
}

export interface DeviceWorlds {
	device: string;
	/** The device's commands/s that shares are taken of. */
	total: number | null;
	worlds: WorldLoad[];
}

/** The worlds on a device in one sample, busiest first (then slowest, then by world id). */
export function worldsOn(sample: Sample, device: Entity | string): DeviceWorlds {
	const id = typeof device === 'string' ? device : device.id;
	const entity = typeof device === 'string' ? deviceById(sample.schema, id) : device;
	const worlds = sample.schema.worldsOf.get(id) ?? [];
	const {values} = sample;
	const deviceCmds = entity ? fieldValue(values, entity, 'cmds') : null;
	let sum = 0;
	const loads = worlds.map((world): WorldLoad => {
		const cmds = fieldValue(values, world, 'cmds');
		if (cmds !== null) sum += cmds;
		return {
			world,
			name: ownerLabel(world.owner, world.world),
			kind: world.owner?.kind ?? 'unknown',
			cmds,
			share: null,
			gavg: fieldValue(values, world, 'gavg'),
		};
	});
	const total = deviceCmds !== null && deviceCmds > 0 ? deviceCmds : sum > 0 ? sum : deviceCmds;
	for (const load of loads) load.share = load.cmds !== null && total !== null && total > 0 ? Math.min(1, load.cmds / total) : null;
	loads.sort(byLoad);
	return {device: id, total, worlds: loads};
}

const deviceMaps = new WeakMap<Schema, Map<string, Entity>>();

function deviceById(schema: Schema, id: string): Entity | undefined {
	let map = deviceMaps.get(schema);
	if (!map) deviceMaps.set(schema, (map = new Map(schema.byView.device.map((e) => [e.id, e]))));
	return map.get(id);
}

function byLoad(a: WorldLoad, b: WorldLoad): number {
	return desc(a.cmds, b.cmds) || desc(a.gavg, b.gavg) || (a.world.world < b.world.world ? -1 : a.world.world > b.world.world ? 1 : 0);
}

function desc(a: number | null, b: number | null): number {
	if (a === b) return 0;
	if (a === null) return 1;
	if (b === null) return -1;
	return b - a;
}

/** One VM (or host group) on one device: its worlds there summed. */
export interface OwnerLoad {
	name: string;
	kind: WorldLoad['kind'];
	/** World ids, busiest first. */
	worlds: string[];
	cmds: number;
	share: number | null;
	/** Commands-weighted GAVG of its worlds (what its I/O on this LUN waits). */
	gavg: number | null;
}

/** The owners behind a device's load, busiest first: a VM's worlds on the LUN count as one. */
export function ownersOn(loads: DeviceWorlds): OwnerLoad[] {
	const byName = new Map<string, OwnerLoad & {weighted: number; weight: number}>();
	for (const load of loads.worlds) {
		let owner = byName.get(load.name);
		if (!owner) byName.set(load.name, (owner = {name: load.name, kind: load.kind, worlds: [], cmds: 0, share: null, gavg: null, weighted: 0, weight: 0}));
		owner.worlds.push(load.world.world);
		owner.cmds += load.cmds ?? 0;
		if (load.gavg !== null && load.cmds !== null && load.cmds > 0) {
			owner.weighted += load.gavg * load.cmds;
			owner.weight += load.cmds;
		}
	}
	const owners = [...byName.values()].map(({weighted, weight, ...owner}) => ({
		...owner,
		share: loads.total !== null && loads.total > 0 ? Math.min(1, owner.cmds / loads.total) : null,
		gavg: weight > 0 ? weighted / weight : null,
	}));
	return owners.sort((a, b) => b.cmds - a.cmds || (a.name < b.name ? -1 : 1));
}

/**
 * The owners worth naming behind a busy LUN: the top ones that together drive most of its
 * commands, each with a real share (at least 10%), at most `max`.
 */
export function heavyHitters(loads: DeviceWorlds, max = 3): OwnerLoad[] {
	const hitters: OwnerLoad[] = [];
	let covered = 0;
	for (const owner of ownersOn(loads)) {
		if (hitters.length >= max || covered >= 0.8 || owner.share === null || owner.share < 0.1) break;
		hitters.push(owner);
		covered += owner.share;
	}
	return hitters;
}

/** A VM's use of one device. */
export interface VmDevice {
	device: string;
	cmds: number;
	share: number | null;
	gavg: number | null;
}

/** Per VM: the devices its worlds use, busiest first, and its share of each one's commands. */
export function vmDevices(sample: Sample): Map<string, VmDevice[]> {
	const byVm = new Map<string, VmDevice[]>();
	for (const device of sample.schema.worldsOf.keys()) {
		for (const owner of ownersOn(worldsOn(sample, device))) {
			if (owner.kind !== 'vm') continue;
			let list = byVm.get(owner.name);
			if (!list) byVm.set(owner.name, (list = []));
			list.push({device, cmds: owner.cmds, share: owner.share, gavg: owner.gavg});
		}
	}
	for (const list of byVm.values()) list.sort((a, b) => b.cmds - a.cmds || (a.device < b.device ? -1 : 1));
	return byVm;
}

const diskSuffix = /:(?:scsi|ide|sata|nvme)\d+:\d+$/;

/** `styx:scsi0:0` → `styx`; a VM total's id is its VM's name. */
export function vmOfDisk(id: string): {vm: string; disk: string | null} {
	const match = diskSuffix.exec(id);
	return match ? {vm: id.slice(0, match.index), disk: id.slice(match.index + 1)} : {vm: id, disk: null};
}

/** Where a virtual disk lives, and what says so. */
export interface DiskPlacement {
	device: string;
	basis: string;
}

/**
 * Which device each virtual disk is on, where the sample shows it: a VM whose worlds use one
 * device only has all its disks there; otherwise a disk whose commands/s match one of the VM's
 * devices' (within 5%, or 0.5/s) and no other is on that one. Batch output never says it outright.
 */
export function placeDisks(sample: Sample, devicesOf: ReadonlyMap<string, VmDevice[]> = vmDevices(sample)): Map<string, DiskPlacement> {
	const placed = new Map<string, DiskPlacement>();
	for (const disk of sample.schema.byView.vm) {
		const {vm, disk: diskName} = vmOfDisk(disk.id);
		const devices = devicesOf.get(vm);
		if (!devices || devices.length === 0) continue;
		if (devices.length === 1) {
			placed.set(disk.id, {device: devices[0]!.device, basis: `the only device ${vm}'s worlds use`});
			continue;
		}
		// A VM total on several devices is on all of them: its row lists them instead.
		if (diskName === null) continue;
		const cmds = fieldValue(sample.values, disk, 'cmds');
		if (cmds === null || cmds <= 0) continue;
		const close = devices.filter((device) => Math.abs(device.cmds - cmds) <= Math.max(0.5, 0.05 * cmds));
		if (close.length !== 1) continue;
		placed.set(disk.id, {device: close[0]!.device, basis: `its commands/s match ${vm}'s on that device in this sample (${round(cmds)} vs ${round(close[0]!.cmds)}/s)`});
	}
	return placed;
}

const round = (value: number) => (value >= 100 ? String(Math.round(value)) : value.toFixed(1));
