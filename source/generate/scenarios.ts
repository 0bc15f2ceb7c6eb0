import {buildHostSpec, type DeviceSpec, type Episode, type HostSpec, type SpecOptions} from './host-spec.js';

export const scenarioNames = [
	'healthy',
	'array-slow',
	'host-queue',
	'both',
	'adapter-slow',
	'spike',
	'demo',
	'busy-healthy',
	'slow-queue',
	'multipath',
	'local',
	'low-io',
	'bursts',
	'trend',
	'host-wide',
	'throttle',
	'mixed-adapter',
	'noisy-neighbour',
] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export function isScenarioName(name: string): name is ScenarioName {
	return (scenarioNames as readonly string[]).includes(name);
}

export const scenarioDescriptions: Record<ScenarioName, string> = {
	healthy: 'every device healthy',
	'array-slow': 'one LUN slow on the array (DAVG high, failed commands) for the middle half',
	'host-queue': 'one LUN with its queue full (KAVG/QAVG high, ACTV = DQLEN, QUED > 0)',
	both: 'one LUN over-demanded (KAVG and DAVG high at high IOPS)',
	'adapter-slow': 'every LUN on vmhba2 slow (DAVG high across the adapter)',
	spike: 'one LUN with a one-sample DAVG spike, another mildly slow for a long stretch',
	demo: 'a bit of everything, rising and falling: array-slow, queue-full and over-demanded LUNs',
	'busy-healthy': 'every LUN at DAVG 12–18 ms, under warn: healthy',
	'slow-queue': 'one busy LUN slow on the array at its usual load: its queue fills, KAVG rises as a consequence',
	multipath: 'one LUN round-robin over 4 paths on vmhba2 and vmhba3; the paths through vmhba2 slow',
	local: 'local SATA disks beside the mpx. boot disk; one SATA disk slow under load',
	'low-io': 'a LUN at 0.3 commands/s with 60–120 ms DAVG beside a LUN at 800 commands/s and 28 ms',
	bursts: 'one LUN slow in 20-second bursts, every 2 minutes (a backup job)',
	trend: 'one LUN whose DAVG rises steadily over the second half',
	'host-wide': 'KAVG 7 ms without queueing on every LUN at once (the host, not the storage)',
	throttle: 'the array returns QUEUE FULL: DQLEN halves (adaptive queue depth), commands queue',
	'mixed-adapter': 'two LUNs on one adapter with different problems: one slow on the array, one with its queue full',
	'noisy-neighbour': "one VM's disk (db-07) at thousands of IOPS fills a LUN's queue while the other VMs on it wait",
};

type Shape = Omit<SpecOptions, 'episodes' | 'nfsEpisodes' | 'deviceChanges' | 'localDevices'>;

/** A host spec for a named scenario over `samples` rows. */
export function scenarioSpec(name: ScenarioName, samples: number, shape: Shape = {}): HostSpec {
	const at = (fraction: number) => Math.max(1, Math.round(fraction * samples));
	const window = (kind: Episode['kind'], from: number, to: number, peak?: number): Episode => ({kind, from: at(from), to: Math.max(at(from) + 1, at(to)), ...(peak === undefined ? {} : {peak})});
	const devices = shape.devices ?? 6;
	const adapters = shape.adapters ?? 2;
	switch (name) {
		case 'healthy':
			return buildHostSpec(shape);
		case 'array-slow':
			return buildHostSpec({...shape, episodes: {0: [window('array-slow', 0.25, 0.75)]}});
		case 'host-queue':
			return buildHostSpec({...shape, episodes: {0: [window('host-queue', 0.25, 0.75)]}});
		case 'both':
			return buildHostSpec({...shape, deviceChanges: {0: {iops: 400}}, episodes: {0: [window('both', 0.25, 0.75)]}});
		case 'adapter-slow': {
			// Devices go round-robin over the adapters, so every `adapters`-th one is on vmhba2.
			const episodes: Record<number, Episode[]> = {};
			for (let d = 0; d < devices; d += adapters) episodes[d] = [window('array-slow', 0.3, 0.8, 42)];
			return buildHostSpec({...shape, episodes});
		}
		case 'spike': {
			const spikeAt = at(0.5);
			return buildHostSpec({...shape, episodes: {0: [{kind: 'spike', from: spikeAt, to: spikeAt + 1, peak: 140}], 1: [window('array-slow', 0.1, 0.9, 34)]}});
		}
		case 'busy-healthy': {
			const deviceChanges: Record<number, Partial<DeviceSpec>> = {};
			for (let d = 0; d < devices; d++) deviceChanges[d] = {baseDavg: 12 + ((d * 5) % 6)};
			return buildHostSpec({...shape, deviceChanges});
		}
		case 'slow-queue':
			// 1,000 commands/s at DAVG 45 ms: 45 outstanding for a queue of 32 (Little's law).
			return buildHostSpec({...shape, deviceChanges: {0: {iops: 1250}}, episodes: {0: [window('array-slow', 0.25, 0.75, 45)]}});
		case 'multipath':
			return buildHostSpec({
				...shape,
				deviceChanges: {0: {iops: 600, paths: [{adapter: 'vmhba2', target: 0}, {adapter: 'vmhba2', target: 1}, {adapter: 'vmhba3', target: 0}, {adapter: 'vmhba3', target: 1}]}},
				episodes: {0: [{...window('path-slow', 0.25, 0.75, 46), adapter: 'vmhba2'}]},
			});
		case 'local':
			return buildHostSpec({
				...shape,
				localDevices: [
					{id: 't10.ATA_____ST2000DM0062D2DM164__________________________________Z4Z90XYV', iops: 120, episodes: [window('array-slow', 0.3, 0.7, 48)]},
					{id: 't10.ATA_____DREVO_X1_SSD____________________________TW1770103538________', iops: 60},
				],
			});
		case 'low-io':
			return buildHostSpec({
				...shape,
				deviceChanges: {0: {iops: 0.3}, 1: {iops: 800}},
				episodes: {0: [window('array-slow', 0.1, 0.9, 95)], 1: [window('array-slow', 0.3, 0.7, 28)]},
			});
		case 'bursts': {
			const every = Math.max(4, Math.round(120 / 5));
			const bursts: Episode[] = [];
			for (let from = every; from + 4 < samples; from += every) bursts.push({kind: 'array-slow', from, to: from + 4, peak: 60});
			return buildHostSpec({...shape, episodes: {0: bursts}});
		}
		case 'trend':
			return buildHostSpec({...shape, episodes: {0: [{kind: 'trend', from: at(0.5), to: samples, peak: 45}]}});
		case 'host-wide': {
			const episodes: Record<number, Episode[]> = {};
			for (let d = 0; d < devices; d++) episodes[d] = [window('host-kavg', 0.3, 0.7, 7)];
			return buildHostSpec({...shape, episodes});
		}
		case 'throttle':
			return buildHostSpec({...shape, deviceChanges: {0: {iops: 900, dqlen: 64}}, episodes: {0: [window('throttle', 0.25, 0.75, 28)]}});
		case 'mixed-adapter':
			// Devices 0 and 2 are both on vmhba2.
			return buildHostSpec({...shape, episodes: {0: [window('array-slow', 0.25, 0.75, 48)], 2: [window('host-queue', 0.25, 0.75, 12)]}});
		case 'noisy-neighbour': {
			const spec = buildHostSpec({...shape, episodes: {0: [{...window('noisy', 0.25, 0.75, 22), vm: 'db-07', iops: 3000}]}});
			const [, lun, other, third] = spec.devices;
			const elsewhere = (other ?? lun!).id;
			spec.vms = [
				{name: 'db-07', disks: [{name: 'scsi0:0', device: elsewhere}, {name: 'scsi0:1', device: lun!.id, weight: 0.5}]},
				{name: 'web-01', disks: [{name: 'scsi0:0', device: lun!.id}]},
				{name: 'web-02', disks: [{name: 'scsi0:0', device: lun!.id}]},
				{name: 'app-03', disks: [{name: 'scsi0:0', device: lun!.id}, {name: 'scsi0:1', device: (third ?? lun!).id}]},
				...spec.vms,
			];
			return spec;
		}
		case 'demo':
			// Every kind of trouble within the first few samples, then again later, rising and
			// falling, so a new user sees every colour and every hint at once.
			return buildHostSpec({
				devices: 7,
				adapters: 3,
				vms: 6,
				nfs: 1,
				...shape,
				episodes: {
					0: [window('array-slow', 0.005, 0.1, 62), window('array-slow', 0.4, 0.6, 45), window('array-slow', 0.8, 0.95, 70)],
					1: [window('host-queue', 0.005, 0.12, 16), window('host-queue', 0.5, 0.75, 12)],
					2: [window('both', 0.01, 0.14, 36), window('both', 0.65, 0.9, 40)],
					4: [{kind: 'spike', from: at(0.03), to: at(0.03) + 1, peak: 120}, {kind: 'spike', from: at(0.45), to: at(0.45) + 1, peak: 95}],
				},
				nfsEpisodes: {0: [window('array-slow', 0.01, 0.1, 30), window('array-slow', 0.6, 0.75, 28)]},
			});
	}
}
