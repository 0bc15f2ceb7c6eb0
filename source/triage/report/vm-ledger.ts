import type {Entity, Schema} from '../../parse/schema.js';
import {F} from '../../parse/storage-views.js';
import {ownerLabel} from '../../parse/world-owners.js';

/** A world behind a device's load over a stretch of the capture (`--json`: culprits[].vms[], entities[].vms[]). */
export interface VmShare {
	/** The VM's name, or a host group's with its world's (`hostd.66694 (hostd-worker)`), or `world N`. */
	name: string;
	world: string;
	/** Of the device's commands over the same samples (0–1). */
	share: number | null;
	/** Mean commands/s over those samples. */
	cmds: number | null;
	/** Its own GAVG over those samples, weighted by its commands (ms). */
	latency: number | null;
	kind: 'vm' | 'system' | 'unknown';
}

/** Sums of one world (or one device's) over the whole capture [0] and over its device's samples at warn or above [1]. */
const parts = 2;

/**
 * Who drove each device, in one pass: per world, its commands and commands-weighted GAVG,
 * summed over every sample and over the samples its device was at warn or above, with the
 * device's own commands over the same samples for the share. Memory grows with worlds, not samples.
 */
export class VmLedger {
	private readonly keys = new Map<string, number>();
	private readonly info: Array<{host: string; device: string; world: string; name: string; kind: VmShare['kind']}> = [];
	private readonly deviceKeys = new Map<string, number>();
	private cmds: number[] = [];
	private weighted: number[] = [];
	private weight: number[] = [];
	private count: number[] = [];
	private deviceCmds: number[] = [];
	// The current header's worlds: ledger index, value slots, and the binding of their device (its rank).
	private worldIndex = new Int32Array(0);
	private cmdsSlot = new Int32Array(0);
	private gavgSlot = new Int32Array(0);
	private deviceBinding = new Int32Array(0);
	private devices: Array<{binding: number; slot: number; index: number}> = [];

	/** Maps a header's worlds to the report's bindings (the entities whose rank `take` is given). */
	bind(schema: Schema, bindings: readonly Entity[]): void {
		const bindingOf = new Map<string, number>();
		bindings.forEach((entity, i) => entity.view === 'device' && bindingOf.set(entity.id, i));
		const worlds = schema.worlds.filter((world) => bindingOf.has(world.device));
		this.worldIndex = Int32Array.from(worlds, (world) => {
			const key = `${schema.host}\u0000${world.device}\u0000${world.world}`;
			let index = this.keys.get(key);
			if (index === undefined) {
				index = this.info.length;
				this.keys.set(key, index);
				this.info.push({host: schema.host, device: world.device, world: world.world, name: ownerLabel(world.owner, world.world), kind: world.owner?.kind ?? 'unknown'});
				for (const list of [this.cmds, this.weighted, this.weight, this.count]) list.push(...new Array<number>(parts).fill(0));
			}
			return index;
		});
		this.cmdsSlot = Int32Array.from(worlds, (world) => world.slots[F.cmds]!);
		this.gavgSlot = Int32Array.from(worlds, (world) => world.slots[F.gavg]!);
		this.deviceBinding = Int32Array.from(worlds, (world) => bindingOf.get(world.device)!);
		const withWorlds = new Set(worlds.map((world) => world.device));
		this.devices = [...withWorlds].map((device) => {
			const key = `${schema.host}\u0000${device}`;
			let index = this.deviceKeys.get(key);
			if (index === undefined) {
				index = this.deviceKeys.size;
				this.deviceKeys.set(key, index);
				this.deviceCmds.push(...new Array<number>(parts).fill(0));
			}
			const binding = bindingOf.get(device)!;
			return {binding, slot: bindings[binding]!.slots[F.cmds]!, index};
		});
	}

	/** One sample: `ranks` per binding (1 warn, 2 crit), as the report's table computed them. */
	take(values: Float64Array, ranks: Int8Array): void {
		for (const {binding, slot, index} of this.devices) {
			const cmds = slot >= 0 ? values[slot]! : Number.NaN;
			if (!(cmds >= 0)) continue;
			this.deviceCmds[index * parts]! += cmds;
			if (ranks[binding]! >= 1) this.deviceCmds[index * parts + 1]! += cmds;
		}
		for (let w = 0; w < this.worldIndex.length; w++) {
			const slot = this.cmdsSlot[w]!;
			const cmds = slot >= 0 ? values[slot]! : Number.NaN;
			if (!(cmds >= 0)) continue;
			const g = this.gavgSlot[w]! >= 0 ? values[this.gavgSlot[w]!]! : Number.NaN;
			const at = this.worldIndex[w]! * parts;
			this.add(at, cmds, g);
			if (ranks[this.deviceBinding[w]!]! >= 1) this.add(at + 1, cmds, g);
		}
	}

	private add(at: number, cmds: number, gavg: number): void {
		this.cmds[at]! += cmds;
		this.count[at]!++;
		if (gavg >= 0 && cmds > 0) {
			this.weighted[at]! += gavg * cmds;
			this.weight[at]! += cmds;
		}
	}

	/**
	 * The worlds behind a device, busiest first (those with commands), over the whole capture or
	 * over its samples at warn or above; at most `top`.
	 */
	vmsOf(host: string, device: string, over: boolean, top = 5): VmShare[] {
		const d = this.deviceKeys.get(`${host}\u0000${device}`);
		if (d === undefined) return [];
		const p = over ? 1 : 0;
		const total = this.deviceCmds[d * parts + p]!;
		const found: VmShare[] = [];
		this.info.forEach((info, i) => {
			if (info.host !== host || info.device !== device) return;
			const cmds = this.cmds[i * parts + p]!;
			const count = this.count[i * parts + p]!;
			if (count === 0 || cmds <= 0) return;
			const weight = this.weight[i * parts + p]!;
			found.push({
				name: info.name,
				world: info.world,
				share: total > 0 ? Math.min(1, cmds / total) : null,
				cmds: cmds / count,
				latency: weight > 0 ? this.weighted[i * parts + p]! / weight : null,
				kind: info.kind,
			});
		});
		return found.sort((a, b) => (b.cmds ?? 0) - (a.cmds ?? 0) || (a.world < b.world ? -1 : 1)).slice(0, top);
	}
}
