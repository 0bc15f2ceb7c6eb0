import {allCounters, type CounterSet, cpuLoadCounters, defaultCounters, memoryCounters, pcpuPowerCounters} from './counters.js';
import {aggregate, type CounterValues, type DeviceSample, deviceSample, intensity, pathsOf, type Random, seededRandom} from './device-model.js';
import type {HostSpec} from './host-spec.js';
import {hostdGroup, vmGroupId, vmWorldId, worldCounters, type WorldShare, worldSplit} from './world-split.js';

export interface CaptureOptions {
	spec: HostSpec;
	/** `esxtop -a`: all counters, and the PCPU Power State cells esxtop prints unquoted. */
	all?: boolean;
	/** Epoch ms of the first row (default 2026-01-05T02:00:00Z). */
	start?: number;
	/** Seconds between rows (esxtop -d; default 5). */
	interval?: number;
	seed?: number;
	/**
	 * `esxtop` (default): each device's cells, then its paths', as esxtop writes them; `grouped`:
	 * all devices, then all paths (a header whose order proves nothing about which path is whose).
	 */
	layout?: 'esxtop' | 'grouped';
}

type Cells = (values: DeviceSample[], random: Random, index: number, worlds: WorldShare[][]) => string;

/**
 * Writes captures in esxtop's batch format: a PDH header of `\\host\Group(Instance)\Counter`
 * cells, then one row per sample, every cell quoted, each line ending `",` (or, with -a, with
 * the unquoted PCPU Power State cell that esxtop glues onto its neighbours).
 */
export class CaptureWriter {
	readonly header: string;
	private readonly counters: CounterSet;
	private readonly all: boolean;
	private readonly start: number;
	private readonly interval: number;
	private readonly seed: number;
	private readonly fillerRows: string[] = [];
	private readonly fillerCount: number;
	private readonly sections: Cells[] = [];

	constructor(private readonly options: CaptureOptions) {
		this.all = options.all ?? false;
		this.counters = this.all ? allCounters : defaultCounters;
		this.start = options.start ?? Date.UTC(2026, 0, 5, 2, 0, 0);
		this.interval = options.interval ?? 5;
		this.seed = options.seed ?? 1;
		const {spec} = options;
		const cells: string[] = ['(PDH-CSV 4.0) (UTC)(0)'];
		const path = (group: string, instance: string | null, counter: string) => `\\\\${spec.host}\\${group}${instance === null ? '' : `(${instance})`}\\${counter}`;
		for (const counter of memoryCounters) cells.push(path('Memory', null, counter));
		for (const counter of cpuLoadCounters) cells.push(path('Physical Cpu Load', null, counter));
		for (let cpu = 0; cpu < spec.pcpus; cpu++) cells.push(path('Physical Cpu', String(cpu), '% Processor Time'));
		cells.push(path('VSAN', null, 'Enabled?'));
		this.fillerCount = this.fillerCells(cells, path);
		this.storageCells(cells, path);
		this.header = `${cells.map(quote).join(',')}${this.all ? this.powerHeader(path) : ','}\n`;
	}

	/** Row `index` (0 = esxtop's warm-up row, all rates 0). */
	row(index: number, time = this.start + index * this.interval * 1000): string {
		const random = seededRandom(this.seed * 0x9e3779b1 + index);
		const {spec} = this.options;
		const devices = spec.devices.map((device) => deviceSample(device, index, random));
		const worlds = worldSplit(spec, devices.map((sample) => sample.device), index, this.seed);
		const parts: string[] = [quote(formatTime(time)), this.fixedCells(random, index), this.filler(index)];
		for (const section of this.sections) parts.push(section(devices, random, index, worlds));
		const line = parts.filter((part) => part !== '').join(',');
		return this.all ? `${line}${this.powerRow(random)}\n` : `${line},\n`;
	}

	/** The header, then `samples` rows. */
	*lines(samples: number): Generator<string> {
		yield this.header;
		for (let index = 0; index < samples; index++) yield this.row(index);
	}

	private fixedCells(random: Random, index: number): string {
		const {spec} = this.options;
		const values: string[] = [];
		for (let i = 0; i < memoryCounters.length; i++) values.push(index === 0 ? '0.00' : (random() * 4096).toFixed(2));
		for (let i = 0; i < cpuLoadCounters.length; i++) values.push((random() * 0.6).toFixed(2));
		for (let cpu = 0; cpu < spec.pcpus; cpu++) values.push(index === 0 ? '0.00' : (random() * 60).toFixed(2));
		values.push('0');
		return values.map(quote).join(',');
	}

	/**
	 * Group Cpu / Vcpu columns, 60–90 % of a real row: hostd's group and each VM's (whose vmx
	 * world issues its disk I/O, so the header names who is behind each LUN), then filler groups
	 * up to `fillerColumns`. esxlat reads only their names.
	 */
	private fillerCells(cells: string[], path: (group: string, instance: string | null, counter: string) => string): number {
		const {spec} = this.options;
		let added = 0;
		const group = (instance: string, worlds: Array<{id: number; name: string}>) => {
			for (const counter of this.counters.groupCpu) {
				cells.push(path('Group Cpu', instance, counter));
				added++;
			}
			for (const world of worlds) {
				for (const counter of this.counters.vcpu) {
					cells.push(path('Vcpu', `${instance}:${world.id}:${world.name}`, counter));
					added++;
				}
			}
		};
		group(`${hostdGroup.groupId}:${hostdGroup.name}`, [{id: hostdGroup.world, name: hostdGroup.worldName}]);
		for (const [v, vm] of spec.vms.entries()) {
			group(`${vmGroupId(v)}:${vm.name}`, [
				{id: vmWorldId(v), name: 'vmx'},
				{id: vmWorldId(v) + 1, name: `vmx-vcpu-0:${vm.name}`},
			]);
		}
		let world = 1000;
		for (let n = 0; added < spec.fillerColumns; n++) {
			const instance = `${2000 + n}:filler-${n}`;
			for (const counter of this.counters.groupCpu) {
				cells.push(path('Group Cpu', instance, counter));
				added++;
			}
			for (let vcpu = 0; vcpu < 2 && added < spec.fillerColumns; vcpu++) {
				for (const counter of this.counters.vcpu) {
					cells.push(path('Vcpu', `${instance}:${world}:vmx-vcpu-${vcpu}:filler-${n}`, counter));
					added++;
				}
				world++;
			}
		}
		return added;
	}

	private filler(index: number): string {
		if (this.fillerCount === 0) return '';
		const variant = index === 0 ? 0 : 1 + (index % 4);
		let text = this.fillerRows[variant];
		if (text === undefined) {
			const random = seededRandom(variant + 7);
			const cells = new Array<string>(this.fillerCount);
			for (let i = 0; i < this.fillerCount; i++) cells[i] = quote(variant === 0 ? '0.00' : (random() * 100).toFixed(i % 5 === 0 ? 0 : 2));
			text = cells.join(',');
			this.fillerRows[variant] = text;
		}
		return text;
	}

	private storageCells(cells: string[], path: (group: string, instance: string | null, counter: string) => string): void {
		const {spec} = this.options;
		const c = this.counters;
		const add = (group: string, instance: string, counters: string[], values: (devices: DeviceSample[], random: Random, index: number, worlds: WorldShare[][]) => CounterValues) => {
			for (const counter of counters) cells.push(path(group, instance, counter));
			this.sections.push((devices, random, index, worlds) => {
				const v = values(devices, random, index, worlds);
				return counters.map((counter) => quote(format(v[counter] ?? 0))).join(',');
			});
		};
		const deviceIndex = new Map(spec.devices.map((device, i) => [device.id, i]));
		// Every path of every device, with the device and its place among the device's paths.
		const allPaths = spec.devices.flatMap((device, i) => pathsOf(device).map((p, n) => ({device: i, n, adapter: p.adapter, name: `${p.adapter}:C0:T${p.target}:L${device.lun}`})));
		const onAdapter = (adapter: string, devices: DeviceSample[]) => allPaths.filter((p) => p.adapter === adapter).map((p) => devices[p.device]!.paths[p.n]!);
		for (const adapter of spec.adapters) {
			// An adapter is the sum of its paths: commands added up, latency command-weighted.
			add('Physical Disk Adapter', adapter.id, c.adapter, (devices) => aggregate(onAdapter(adapter.id, devices)));
		}
		for (const adapter of spec.adapters) {
			if (this.all) add('Physical Disk', adapter.id, ['Adapter Q Depth'], () => ({'Adapter Q Depth': adapter.aqlen}));
			for (const p of allPaths) {
				if (p.adapter !== adapter.id) continue;
				add('Physical Disk', `${adapter.id}:${p.name}`, c.adapterPath, (devices) => devices[p.device]!.paths[p.n]!);
			}
		}
		const device = (i: number) => add('Physical Disk SCSI Device', spec.devices[i]!.id, c.device, (devices) => devices[i]!.device);
		const paths = (i: number) => {
			for (const p of allPaths) if (p.device === i) add('Physical Disk Path', p.name, c.path, (devices) => devices[i]!.paths[p.n]!);
		};
		// The worlds on each device, as worldSplit assigns them (the same in every row).
		const split = worldSplit(spec, spec.devices.map(() => ({})), 1, this.seed);
		const perWorld = (i: number) => {
			for (const [w, share] of split[i]!.entries()) {
				add('Physical Disk Per-Device-Per-World', `${spec.devices[i]!.id}-${share.world}`, c.world, (devices, _random, _index, worlds) => worldCounters(devices[i]!.device, worlds[i]![w]!.cmds));
			}
		};
		const partition = (i: number) => add('Physical Disk Partition', `${spec.devices[i]!.id}-1`, [...c.path.slice(0, 9)], (devices) => devices[i]!.device);
		if (this.options.layout === 'grouped') {
			for (const i of spec.devices.keys()) device(i);
			for (const i of spec.devices.keys()) paths(i);
			for (const i of spec.devices.keys()) perWorld(i);
			for (const i of spec.devices.keys()) partition(i);
		} else {
			// As esxtop writes them: each device, then its paths, then its partitions.
			for (const i of spec.devices.keys()) {
				device(i);
				paths(i);
				perWorld(i);
				partition(i);
			}
		}
		for (const nfs of spec.nfs) {
			add('Physical Disk NFS Volume', nfs.name, c.nfs, (_devices, random, index) => nfsSample(nfs, index, random));
		}
		// A virtual disk's commands are its part of its VM's world on the device; its latency the device's, as the guest sees it.
		const diskShare = (devices: DeviceSample[], worlds: WorldShare[][], vm: string, disk: {name: string; device: string}, random: Random): CounterValues => {
			const d = deviceIndex.get(disk.device) ?? 0;
			const device = devices[d]?.device ?? {};
			const cmds = worlds[d]?.find((share) => share.vm === vm)?.disks.find((part) => part.name === disk.name)?.cmds ?? 0;
			const share = (device['Commands/sec'] ?? 0) > 0 ? cmds / device['Commands/sec']! : 0;
			const read = (device['Average Guest MilliSec/Read'] ?? 0) * (0.95 + 0.1 * random());
			const write = (device['Average Guest MilliSec/Write'] ?? 0) * (0.95 + 0.1 * random());
			return {
				'Commands/sec': cmds,
				'Reads/sec': (device['Reads/sec'] ?? 0) * share,
				'Writes/sec': (device['Writes/sec'] ?? 0) * share,
				'MBytes Read/sec': (device['MBytes Read/sec'] ?? 0) * share,
				'MBytes Written/sec': (device['MBytes Written/sec'] ?? 0) * share,
				'Average MilliSec/Read': read,
				'Average MilliSec/Write': write,
				Latency: (read + write) / 2,
				TotalIOs: cmds,
			};
		};
		for (const vm of spec.vms) {
			const disks = (devices: DeviceSample[], worlds: WorldShare[][], random: Random) => vm.disks.map((disk) => diskShare(devices, worlds, vm.name, disk, random));
			add('Virtual Disk', vm.name, c.virtualDisk, (devices, random, _index, worlds) => {
				const parts = disks(devices, worlds, random);
				const total = parts.reduce((sum, part) => sum + part['Commands/sec']!, 0);
				const mean = (name: string) => (total > 0 ? parts.reduce((sum, part) => sum + part[name]! * part['Commands/sec']!, 0) / total : 0);
				const sum = (name: string) => parts.reduce((s, part) => s + part[name]!, 0);
				return {
					'Commands/sec': total,
					'Reads/sec': sum('Reads/sec'),
					'Writes/sec': sum('Writes/sec'),
					'MBytes Read/sec': sum('MBytes Read/sec'),
					'MBytes Written/sec': sum('MBytes Written/sec'),
					'Average MilliSec/Read': mean('Average MilliSec/Read'),
					'Average MilliSec/Write': mean('Average MilliSec/Write'),
				};
			});
			for (const disk of vm.disks) {
				add('Virtual Disk', `${vm.name}:${disk.name}`, c.virtualDisk, (devices, random, _index, worlds) => diskShare(devices, worlds, vm.name, disk, random));
			}
		}
		for (let port = 0; port < 2; port++) {
			add('Network Port', `vSwitch0:3355443${port}:vmnic${port}`, ['Packets Transmitted/sec', 'MBits Transmitted/sec', 'Packets Received/sec', 'MBits Received/sec'], (_d, random, index) => ({
				'Packets Transmitted/sec': index === 0 ? 0 : random() * 2000,
				'MBits Transmitted/sec': index === 0 ? 0 : random() * 300,
				'Packets Received/sec': index === 0 ? 0 : random() * 2000,
				'MBits Received/sec': index === 0 ? 0 : random() * 300,
			}));
		}
	}

	/** PCPU Power State: each PCPU's cells, then esxtop's unquoted, comma-less extra cell. */
	private powerHeader(path: (group: string, instance: string | null, counter: string) => string): string {
		let text = '';
		for (let cpu = 0; cpu < this.options.spec.pcpus; cpu++) {
			text += `,${pcpuPowerCounters.map((counter) => quote(path('PCPU Power State', `PCPU ${cpu}`, counter))).join(',')},   -`;
		}
		return this.options.spec.pcpus > 0 ? text.replaceAll(',   -,', ',   -') : ',';
	}

	private powerRow(random: Random): string {
		let text = '';
		for (let cpu = 0; cpu < this.options.spec.pcpus; cpu++) {
			const cells = pcpuPowerCounters.map((_, i) => quote(i === 0 ? (60 + random() * 40).toFixed(2) : '0.00'));
			text += `,${cells.join(',')},${(60 + random() * 40).toFixed(1).padStart(8)}`;
		}
		// The extra cell is glued to the next PCPU's first quoted cell: `    73.1"8.93"`.
		return this.options.spec.pcpus > 0 ? text.replace(/,( +[\d.]+),"/g, ',$1"') : ',';
	}
}

function nfsSample(nfs: {iops: number; episodes: import('./host-spec.js').Episode[]}, index: number, random: Random): CounterValues {
	if (index === 0) return {};
	let gavg = 1 + 2 * random();
	let cmds = nfs.iops * (0.8 + 0.4 * random());
	for (const episode of nfs.episodes) {
		const x = intensity(episode, index);
		if (x > 0) {
			gavg = gavg + ((episode.peak ?? 45) - gavg) * x;
			cmds *= 1 - 0.3 * x;
		}
	}
	return {
		'Active Commands': Math.round((cmds * gavg) / 1000),
		'Commands/sec': cmds,
		'Reads/sec': cmds * 0.6,
		'Writes/sec': cmds * 0.4,
		'MBytes Read/sec': (cmds * 0.6 * 32) / 1024,
		'MBytes Written/sec': (cmds * 0.4 * 32) / 1024,
		'Average Guest MilliSec/Command': gavg,
		'Average Guest MilliSec/Read': gavg * 0.9,
		'Average Guest MilliSec/Write': gavg * 1.1,
	};
}

export function runtimeName(device: {adapter: string; target: number; lun: number}): string {
	return `${device.adapter}:C0:T${device.target}:L${device.lun}`;
}

function quote(text: string): string {
	return `"${text}"`;
}

function format(value: number): string {
	return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** esxtop's `MM/DD/YYYY HH:MM:SS`, in UTC. */
export function formatTime(time: number): string {
	const d = new Date(time);
	const two = (n: number) => String(n).padStart(2, '0');
	return `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}
