import type {Entity} from '../../parse/schema.js';
import {F} from '../../parse/storage-views.js';

/**
 * Which path a device uses, where the capture does not say it in the ids. esxtop batch output
 * names paths by runtime name (`vmhba2:C0:T1:L3`) and devices by `naa.` id, with nothing that
 * joins them; but a device on a single active path shows exactly the path's commands/s and
 * DAVG in every sample. A device is linked to the path it matched in at least half of the
 * samples where it had traffic. Multipathed devices (load split over paths) stay unlinked.
 */
export class PathLinker {
	private readonly votes = new Map<string, Map<string, number>>();
	private readonly traffic = new Map<string, number>();
	/** Per device key, the path it matched last: tried first, so a steady link costs one comparison. */
	private readonly candidate = new Map<string, Entity>();
	/** Per device key, searches that found no path; past `giveUpAfter` it is taken as multipathed. */
	private readonly misses = new Map<string, number>();

	/** Looks at one sample; `keyOf` names an entity the way the caller keys it. */
	observe(values: Float64Array, devices: readonly Entity[], paths: readonly Entity[], keyOf: (entity: Entity) => string): void {
		for (const device of devices) {
			if (!busy(values, device)) continue;
			const name = keyOf(device);
			this.traffic.set(name, (this.traffic.get(name) ?? 0) + 1);
			let path = this.candidate.get(name);
			if (!path || !same(values, device, path)) {
				const misses = this.misses.get(name) ?? 0;
				if (misses >= giveUpAfter && !this.votes.has(name)) continue;
				path = undefined;
				for (const other of paths) {
					if (!same(values, device, other)) continue;
					// Two paths with the same figures prove nothing about either.
					if (path) {
						path = undefined;
						break;
					}
					path = other;
				}
				if (!path) {
					this.misses.set(name, misses + 1);
					continue;
				}
				this.candidate.set(name, path);
			}
			const pathName = keyOf(path);
			let votes = this.votes.get(name);
			if (!votes) this.votes.set(name, (votes = new Map()));
			votes.set(pathName, (votes.get(pathName) ?? 0) + 1);
		}
	}

	/** Device key → path key, for the devices that matched one path consistently. */
	links(): Map<string, string> {
		const links = new Map<string, string>();
		for (const [device, votes] of this.votes) {
			const traffic = this.traffic.get(device) ?? 0;
			let best: string | null = null;
			let most = 0;
			for (const [path, count] of votes) {
				if (count > most) {
					best = path;
					most = count;
				}
			}
			if (best !== null && most * 2 >= traffic) links.set(device, best);
		}
		return links;
	}
}

/** A device that matched no path this many times (and never one) is not searched for again: the scan is over every path. */
const giveUpAfter = 16;

function value(values: Float64Array, entity: Entity, field: number): number {
	const slot = entity.slots[field]!;
	return slot < 0 ? Number.NaN : values[slot]!;
}

function busy(values: Float64Array, device: Entity): boolean {
	return value(values, device, F.cmds) > 0 && value(values, device, F.davg) >= 0;
}

/** Same commands/s and DAVG (esxtop writes two decimals; a different device hardly ever matches both). */
function same(values: Float64Array, device: Entity, path: Entity): boolean {
	return value(values, device, F.cmds) === value(values, path, F.cmds) && value(values, device, F.davg) === value(values, path, F.davg);
}
