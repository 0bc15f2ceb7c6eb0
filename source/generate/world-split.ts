import {type CounterValues, noisyExtra, seededRandom} from './device-model.js';
import type {HostSpec} from './host-spec.js';

/**
 * Who issues a device's commands: the VMs with a disk on it (one world each, the VM's vmx
 * world) and hostd's worker, a little on every device they use and all of the boot disk's. A device's commands/s are split
 * among them by the disks' weights, so the per-world rows sum to the device's (as esxtop's do),
 * and a noisy VM's extra commands go to its world alone.
 */
export interface WorldShare {
	/** The VM's name, or null for hostd. */
	vm: string | null;
	world: number;
	/** This world's commands/s on the device, and per disk of the VM on it. */
	cmds: number;
	disks: Array<{name: string; cmds: number}>;
}

/** The world ids the header names (Vcpu cells) and the storage rows use. */
export const hostdGroup = {groupId: 50, name: 'hostd.66694', world: 66694, worldName: 'hostd-worker'};
export const vmGroupId = (v: number) => 100 + v;
export const vmWorldId = (v: number) => 444_000 + 10 * v;

const hostdWeight = 0.03;

/** Per device (by spec index), its worlds' shares in sample `index`. */
export function worldSplit(spec: HostSpec, devices: readonly CounterValues[], index: number, seed: number): WorldShare[][] {
	const random = seededRandom(seed * 0x2545f491 + index);
	return spec.devices.map((device, d) => {
		const total = devices[d]?.['Commands/sec'] ?? 0;
		const noisy = noisyExtra(device, index);
		const extra = noisy ? Math.min(total, noisy.cmds) : 0;
		const shares: WorldShare[] = [];
		let weights = 0;
		for (const [v, vm] of spec.vms.entries()) {
			const disks = vm.disks.filter((disk) => disk.device === device.id);
			if (disks.length === 0) continue;
			const parts = disks.map((disk) => ({name: disk.name, cmds: (disk.weight ?? 1) * (0.85 + 0.3 * random())}));
			for (const part of parts) weights += part.cmds;
			shares.push({vm: vm.name, world: vmWorldId(v), cmds: 0, disks: parts});
		}
		// hostd: a few percent next to VMs, all of the boot disk's I/O. A LUN no VM uses has no
		// worlds at all (esxtop lists the worlds that have the device open).
		if (shares.length === 0 && d > 0) return shares;
		const hostdPart = shares.length === 0 ? 1 : hostdWeight * weights;
		weights += hostdPart;
		shares.push({vm: null, world: hostdGroup.world, cmds: 0, disks: [{name: '', cmds: hostdPart}]});
		const base = total - extra;
		for (const share of shares) {
			for (const disk of share.disks) disk.cmds = weights > 0 ? (base * disk.cmds) / weights : 0;
			if (noisy && share.vm === noisy.vm && share.disks[0]) share.disks[0].cmds += extra;
			share.cmds = share.disks.reduce((sum, disk) => sum + disk.cmds, 0);
		}
		return shares;
	});
}

/** A world's counters on a device: its commands, the device's latencies (one queue), its part of the queue. */
export function worldCounters(device: CounterValues, cmds: number): CounterValues {
	const total = device['Commands/sec'] ?? 0;
	const share = total > 0 ? cmds / total : 0;
	const out: CounterValues = {...device};
	for (const name of ['Commands/sec', 'Reads/sec', 'Writes/sec', 'MBytes Read/sec', 'MBytes Written/sec', 'Failed Commands/sec', 'Failed Reads/sec', 'Failed Writes/sec', 'Aborts/sec', 'Resets/sec']) {
		out[name] = (device[name] ?? 0) * share;
	}
	out['Active Commands'] = Math.round((device['Active Commands'] ?? 0) * share);
	out['Queued Commands'] = Math.round((device['Queued Commands'] ?? 0) * share);
	out['% Used'] = (device['% Used'] ?? 0) * share;
	out.Shares = 1000;
	return out;
}
