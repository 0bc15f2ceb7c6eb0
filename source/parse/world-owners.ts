/**
 * Who a world belongs to, from the header alone: `Group Cpu(<groupId>:<name>)` names the
 * scheduler groups (a VM, or hostd, vpxa, helper, system…) and `Vcpu(<groupId>:<name>:<worldId>:<worldName>)`
 * puts each world in its group. No Vcpu values are read.
 *
 * A VM's storage I/O is often booked on a world id that has no Vcpu of its own: the VM's id,
 * which its worlds carry in their names (`NetWorld-VM-444768`, `vmast.444768`, `LSI-444768:0`).
 * Such an id is attributed to the VM whose world names hold it, and the owner says so.
 */
export interface WorldOwner {
	/** The VM's name, or the group's for a non-VM world (`hostd.66694`, `helper`, `system`). */
	name: string;
	kind: 'vm' | 'system';
	groupId: string;
	/** The world's own name (`vmx`, `hostd-worker`), or the world whose name holds the id. */
	worldName: string | null;
	/** How the id was joined to its owner: its own Vcpu, or named in one of the VM's worlds. */
	basis: 'vcpu' | 'named';
}

interface World {
	groupId: string;
	worldName: string;
}

/** Maps world ids to their owners from the Group Cpu and Vcpu instance names of a header. */
export function worldOwners(groupInstances: readonly string[], vcpuInstances: readonly string[]): Map<string, WorldOwner> {
	const groups = new Map<string, string>();
	for (const instance of groupInstances) {
		const colon = instance.indexOf(':');
		if (colon > 0) groups.set(instance.slice(0, colon), instance.slice(colon + 1));
	}
	const worlds = new Map<string, World>();
	const vmGroups = new Set<string>();
	for (const instance of vcpuInstances) {
		const world = splitVcpu(instance, groups);
		if (!world) continue;
		worlds.set(world.worldId, world);
		if (!groups.has(world.groupId)) groups.set(world.groupId, world.name);
		if (world.worldName === 'vmx' || world.worldName.startsWith('vmx-vcpu')) vmGroups.add(world.groupId);
	}
	const owners = new Map<string, WorldOwner>();
	const kindOf = (groupId: string) => (vmGroups.has(groupId) ? 'vm' : 'system');
	for (const [worldId, world] of worlds) {
		owners.set(worldId, {name: groups.get(world.groupId)!, kind: kindOf(world.groupId), groupId: world.groupId, worldName: world.worldName, basis: 'vcpu'});
	}
	// Ids that VM worlds carry in their names: the VM's own id, on which its disk I/O is booked.
	for (const world of worlds.values()) {
		if (!vmGroups.has(world.groupId)) continue;
		// Up to the first colon: after it comes the VM's own name (`vmx-mks:db-07`), whose digits are no id.
		const own = world.worldName.split(':', 1)[0]!;
		for (const match of own.matchAll(/\d{3,}/g)) {
			const id = match[0];
			if (owners.has(id)) continue;
			owners.set(id, {name: groups.get(world.groupId)!, kind: 'vm', groupId: world.groupId, worldName: world.worldName, basis: 'named'});
		}
	}
	return owners;
}

/**
 * `groupId:name:worldId:worldName`, where name and worldName may hold colons
 * (`vmx-mks:Ubuntu 14.04-LTS Server (20160602)_10.62.59.186`): the group's name from its
 * Group Cpu cell fixes where the world id starts; without one, the first `:digits:` after the group id.
 */
function splitVcpu(instance: string, groups: ReadonlyMap<string, string>): (World & {worldId: string; name: string}) | null {
	const colon = instance.indexOf(':');
	if (colon <= 0) return null;
	const groupId = instance.slice(0, colon);
	const known = groups.get(groupId);
	let name: string;
	let rest: string;
	if (known !== undefined && instance.startsWith(`${known}:`, colon + 1)) {
		name = known;
		rest = instance.slice(colon + 2 + known.length);
	} else {
		const match = /^(.*?):(\d+:.*)$/.exec(instance.slice(colon + 1));
		if (!match) return null;
		name = match[1]!;
		rest = match[2]!;
	}
	const worldMatch = /^(\d+):(.*)$/.exec(rest);
	if (!worldMatch) return null;
	return {groupId, name, worldId: worldMatch[1]!, worldName: worldMatch[2]!};
}

/** How a world shows on screen and in reports: the VM's name, or a group with its world's name. */
export function ownerLabel(owner: WorldOwner | null, worldId: string): string {
	if (!owner) return `world ${worldId}`;
	if (owner.kind === 'vm') return owner.name;
	return owner.worldName && owner.worldName !== owner.name ? `${owner.name} (${owner.worldName})` : owner.name;
}
