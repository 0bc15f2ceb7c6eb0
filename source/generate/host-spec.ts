/**
 * What a generated host looks like and what happens to its storage over the capture:
 * - `array-slow`: DAVG up at the usual load (the LUN on the array);
 * - `host-queue`: the guests ask more than the device queue holds (ACTV = DQLEN, QUED, QAVG);
 * - `both`: several times the usual load, the array slows under it and the queue fills (over-demand);
 * - `spike`: one sample of high DAVG;
 * - `trend`: DAVG rising steadily from the episode's start to its end (no fall);
 * - `host-kavg`: KAVG up without queueing (host CPU/memory, vSCSI);
 * - `throttle`: the array returns QUEUE FULL: DQLEN halves (adaptive queue depth), DAVG up, the rest queues;
 * - `path-slow`: the paths through `adapter` slow (HBA, cable, fabric), the others fine;
 * - `noisy`: one VM's disk (`vm`) floods the LUN with `iops` more commands/s: the queue fills, everyone on it waits.
 */
export type EpisodeKind = 'array-slow' | 'host-queue' | 'both' | 'spike' | 'trend' | 'host-kavg' | 'throttle' | 'path-slow' | 'noisy';

/** A problem on one device (or NFS volume) during samples [from, to). */
export interface Episode {
	kind: EpisodeKind;
	from: number;
	to: number;
	/** Peak latency in ms of the part that goes wrong (DAVG for array-slow, QAVG for host-queue, KAVG for host-kavg). */
	peak?: number;
	/** Load against the usual (for `both`; default 6). */
	load?: number;
	/** For `path-slow`: the adapter whose paths slow down. */
	adapter?: string;
	/** noisy: the VM whose disk on this device adds `iops` commands/s at the episode's height. */
	vm?: string;
	iops?: number;
}

/** One path of a device: `adapter:C0:T<target>:L<lun>`. */
export interface PathSpec {
	adapter: string;
	target: number;
}

export interface AdapterSpec {
	id: string;
	aqlen: number;
}

export interface DeviceSpec {
	id: string;
	adapter: string;
	/** Path runtime name target and LUN numbers (`vmhba2:C0:T<target>:L<lun>`). */
	target: number;
	lun: number;
	dqlen: number;
	/** Commands/s when healthy. */
	iops: number;
	episodes: Episode[];
	/** DAVG when healthy, ms (default 0.6–2.2). */
	baseDavg?: number;
	/** Round-robin multipathing: the load is split evenly over these paths (default: one, on `adapter`, target `target`). */
	paths?: PathSpec[];
}

export interface VmSpec {
	name: string;
	/** Virtual disks (`scsi0:0`), the device each lives on, and its weight in that device's load (default 1). */
	disks: Array<{name: string; device: string; weight?: number}>;
}

export interface NfsSpec {
	name: string;
	iops: number;
	episodes: Episode[];
}

export interface HostSpec {
	host: string;
	pcpus: number;
	adapters: AdapterSpec[];
	devices: DeviceSpec[];
	vms: VmSpec[];
	nfs: NfsSpec[];
	/** Extra Group Cpu / Vcpu columns, the bulk that makes real captures 7,000–100,000 cells wide. */
	fillerColumns: number;
}

export function naaId(n: number): string {
	return `naa.600a0b800026${(0x3c4d5e6f + n * 7919).toString(16).padStart(8, '0')}${n.toString(16).padStart(12, '0')}`;
}

export interface SpecOptions {
	host?: string;
	adapters?: number;
	devices?: number;
	vms?: number;
	nfs?: number;
	pcpus?: number;
	fillerColumns?: number;
	/** Episodes by device index. */
	episodes?: Record<number, Episode[]>;
	/** Episodes by NFS volume index. */
	nfsEpisodes?: Record<number, Episode[]>;
	/** Changes to devices by index (e.g. multipath, a low load). */
	deviceChanges?: Record<number, Partial<DeviceSpec>>;
	/** Extra local devices after the boot disk (e.g. `t10.ATA…` SATA disks on vmhba0). */
	localDevices?: Array<Partial<DeviceSpec> & {id: string}>;
	/**
	 * Round-robin paths per SAN LUN, fewest to most (default one): LUN d gets `min + d mod
	 * (max − min + 1)` paths on consecutive adapters from its own, as a SAN with 2–4 fabric
	 * paths per LUN has. A device's own `paths` in `deviceChanges` wins.
	 */
	pathsPerLun?: {min: number; max: number};
}

/**
 * A host with `devices` SAN LUNs spread round-robin over `adapters` FC/iSCSI adapters (vmhba2…),
 * plus a local boot disk on vmhba0 (an `mpx.` id), `vms` VMs with one or two disks each and
 * `nfs` NFS datastores.
 */
export function buildHostSpec(options: SpecOptions = {}): HostSpec {
	const adapterCount = Math.max(1, options.adapters ?? 2);
	const adapters: AdapterSpec[] = [{id: 'vmhba0', aqlen: 31}];
	for (let a = 0; a < adapterCount; a++) adapters.push({id: `vmhba${a + 2}`, aqlen: 1024});
	const devices: DeviceSpec[] = [{id: 'mpx.vmhba0:C0:T0:L0', adapter: 'vmhba0', target: 0, lun: 0, dqlen: 31, iops: 15, episodes: []}];
	for (const [i, local] of (options.localDevices ?? []).entries()) devices.push({adapter: 'vmhba0', target: 1 + i, lun: 0, dqlen: 31, iops: 20, episodes: [], ...local});
	const deviceCount = options.devices ?? 6;
	for (let d = 0; d < deviceCount; d++) {
		const adapter = adapters[1 + (d % adapterCount)]!;
		const paths = multipaths(d, adapters.slice(1), options.pathsPerLun);
		devices.push({id: naaId(d), adapter: adapter.id, target: 1, lun: d, dqlen: 32, iops: 150 + ((d * 97) % 400), episodes: options.episodes?.[d] ?? [], ...(paths ? {paths} : {}), ...options.deviceChanges?.[d]});
	}
	const vms: VmSpec[] = [];
	const san = devices.length - deviceCount;
	for (let v = 0; v < (options.vms ?? 4); v++) {
		const disks = [{name: 'scsi0:0', device: devices[san + (v % Math.max(1, deviceCount))]?.id ?? devices[0]!.id}];
		if (v % 2 === 1 && deviceCount > 1) disks.push({name: 'scsi0:1', device: devices[san + ((v + 1) % deviceCount)]!.id});
		vms.push({name: `vm-${String(v + 1).padStart(2, '0')}`, disks});
	}
	const nfs: NfsSpec[] = [];
	for (let n = 0; n < (options.nfs ?? 1); n++) nfs.push({name: `nfs-datastore-${n + 1}`, iops: 80, episodes: options.nfsEpisodes?.[n] ?? []});
	return {host: options.host ?? 'esx01.lab.local', pcpus: options.pcpus ?? 8, adapters, devices, vms, nfs, fillerColumns: options.fillerColumns ?? 0};
}

/** LUN d's round-robin paths: consecutive adapters from its own, one target per path (so names never repeat). */
function multipaths(d: number, san: AdapterSpec[], range: SpecOptions['pathsPerLun']): PathSpec[] | undefined {
	if (!range || range.max <= 1) return undefined;
	const count = range.min + (d % (range.max - range.min + 1));
	if (count <= 1) return undefined;
	return Array.from({length: count}, (_, k) => ({adapter: san[(d + k) % san.length]!.id, target: k}));
}
