/**
 * Counter names per esxtop group, default field set and `-a` (all counters), in the order esxtop
 * prints them (shared/docs/esxtop-format.md §3). The generator writes captures with these.
 */
const io = ['Commands/sec', 'Reads/sec', 'Writes/sec', 'MBytes Read/sec', 'MBytes Written/sec'];
const latency = ['Average Driver MilliSec/Command', 'Average Kernel MilliSec/Command', 'Average Guest MilliSec/Command', 'Average Queue MilliSec/Command'];
const rwLatency = ['Read', 'Write'].flatMap((op) => ['Driver', 'Kernel', 'Guest', 'Queue'].map((part) => `Average ${part} MilliSec/${op}`));
const failures = ['Failed Commands/sec', 'Failed Reads/sec', 'Failed Writes/sec', 'Failed Bytes Read/sec', 'Failed Bytes Written/sec', 'Failed Reserves/sec', 'Aborts/sec', 'Resets/sec'];
const reservations = ['Reserves/sec', 'Conflicts/sec'];
const pae = ['PAE Commands/sec', 'PAE Copies/sec', 'Split Commands/sec', 'Split Copies/sec'];
const vaai = [
	'CReads',
	'CWrites',
	'CFailed',
	'MBytes CReads/sec',
	'MBytes CWrites/sec',
	'ATS',
	'ATS Failed',
	'Zeros',
	'Zeros Failed',
	'MBytes Zeroed/sec',
	'Delete',
	'Deletes Failed',
	'MBytes Deletes/sec',
	...['Clone', 'ATS', 'Zero'].flatMap((op) => [`Average Success Latency ms/${op}`, `Average Failure Latency ms/${op}`]),
];
/** The CPU scheduler counters that Group Cpu and Vcpu share with -a (same order in both). */
const cpuScheduling = [
	'% Idle',
	'% Overlap',
	'% CoStop',
	'% Max Limited',
	'% Swap Wait',
	'Switches/sec',
	'Migrates/sec',
	'Quantum Expires/sec',
	'Wakeups/sec',
	'Alloc Min',
	'Alloc Max',
	'Alloc Shares',
	'Alloc Min Limited',
	'% CPU Latency',
	'% Memory Latency',
	'% Demand',
	'Effective Min (MHz)',
];
const queue = ['Device Q Depth', 'World Q Depth', 'Active Commands', 'Queued Commands', '% Used', 'Load'];

export interface CounterSet {
	adapter: string[];
	/** `Physical Disk(vmhbaN:path)` */
	adapterPath: string[];
	device: string[];
	path: string[];
	nfs: string[];
	virtualDisk: string[];
	/** `Physical Disk Per-Device-Per-World(<device>-<world>)` */
	world: string[];
	vcpu: string[];
	groupCpu: string[];
}

export const defaultCounters: CounterSet = {
	adapter: [...io, ...latency],
	adapterPath: [...io, ...latency],
	device: [...queue, ...io, ...latency],
	path: [...io, ...latency],
	nfs: ['Active Commands', ...io, 'Average Guest MilliSec/Command'],
	virtualDisk: [...io, 'Average MilliSec/Read', 'Average MilliSec/Write'],
	world: [...queue, ...io, ...latency],
	vcpu: ['% Used', '% Run', '% System', '% Wait', '% VmWait', '% Ready', '% Idle', '% Overlap', '% CoStop', '% Max Limited', '% Swap Wait'],
	groupCpu: ['Members', '% Used', '% Run', '% System', '% Wait', '% Ready', '% Idle', '% Overlap', '% CoStop', '% Max Limited', '% Swap Wait'],
};

export const allCounters: CounterSet = {
	adapter: [...io, ...reservations, ...latency, ...rwLatency, ...failures, ...pae],
	adapterPath: [...io, ...reservations, ...latency, ...rwLatency, ...failures, ...pae],
	device: [...queue, ...io, ...reservations, ...latency, ...rwLatency, ...failures, ...vaai],
	path: [...io, ...reservations, ...latency, ...rwLatency, ...failures, ...pae],
	nfs: [
		'Active Commands',
		...io,
		'Average Guest MilliSec/Command',
		'Average Guest MilliSec/Read',
		'Average Guest MilliSec/Write',
		'Failed Commands/sec',
		'Failed Reads/sec',
		'Failed Writes/sec',
		'Failed MBytes Read/sec',
		'Failed MBytes Written/sec',
		'Failed Reserves/sec',
		'Aborts/sec',
		'Resets/sec',
	],
	virtualDisk: ['FailedIOs', 'TotalIOs', 'Latency', ...io, 'Average MilliSec/Read', 'Average MilliSec/Write'],
	world: [...queue, ...io, ...reservations, ...latency, ...rwLatency, ...failures, 'Shares'],
	vcpu: ['% Used', '% Run', '% System', '% Wait', '% VmWait', '% Ready', ...cpuScheduling, 'Physical Cpu'],
	groupCpu: ['Members', '% Used', '% Run', '% System', '% Wait', '% Ready', ...cpuScheduling, 'Timers/sec', 'Power Usage Watts', '% VmWait'],
};

export const memoryCounters = ['Memory Overcommit (1 Minute Avg)', 'Memory Overcommit (5 Minute Avg)', 'Memory Overcommit (15 Minute Avg)', 'Machine MBytes', 'Kernel MBytes', 'Free MBytes'];
export const cpuLoadCounters = ['Cpu Load (1 Minute Avg)', 'Cpu Load (5 Minute Avg)', 'Cpu Load (15 Minute Avg)'];
export const pcpuPowerCounters = [
	...[0, 1, 2, 3].map((n) => `%C-State C${n}`),
	...Array.from({length: 16}, (_, n) => `%P-State P${n}`),
	...Array.from({length: 8}, (_, n) => `%T-State T${n}`),
];
