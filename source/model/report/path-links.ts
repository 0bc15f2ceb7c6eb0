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
	private readonly byKey = new Map<number, string | null>();

	/** Looks at one sample; `keyOf` names an entity the way the caller keys it. */
	observe(values: Float64Array, devices: readonly Entity[], paths: readonly Entity[], keyOf: (entity: Entity) => string): void {
		this.byKey.clear();
		for (const path of paths) {
			const key = matchKey(values, path);
			if (key === null) continue;
			// Two paths with the same figures prove nothing about either.
			this.byKey.set(key, this.byKey.has(key) ? null : keyOf(path));
		}
		for (const device of devices) {
			const key = matchKey(values, device);
			if (key === null) continue;
			const name = keyOf(device);
			this.traffic.set(name, (this.traffic.get(name) ?? 0) + 1);
			const path = this.byKey.get(key);
			if (!path) continue;
			let votes = this.votes.get(name);
			if (!votes) this.votes.set(name, (votes = new Map()));
			votes.set(path, (votes.get(path) ?? 0) + 1);
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

/** Commands/s and DAVG in hundredths (esxtop's precision) packed in one number; null when idle. */
function matchKey(values: Float64Array, entity: Entity): number | null {
	const cmdsSlot = entity.slots[F.cmds]!;
	const davgSlot = entity.slots[F.davg]!;
	if (cmdsSlot < 0 || davgSlot < 0) return null;
	const cmds = values[cmdsSlot]!;
	const davg = values[davgSlot]!;
	if (!(cmds > 0) || !(davg >= 0)) return null;
	return Math.round(cmds * 100) * 1e7 + Math.min(Math.round(davg * 100), 1e7 - 1);
}
