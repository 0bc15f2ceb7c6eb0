/**
 * The storage views esxlat reads out of a capture, and which esxtop counter feeds which field.
 * Field names are the `--json` contract; the order of each view's field list is its key order.
 */
export const viewNames = ['device', 'adapter', 'path', 'vm', 'nfs'] as const;
export type ViewName = (typeof viewNames)[number];

export const fieldNames = [
	'davg',
	'kavg',
	'gavg',
	'qavg',
	'cmds',
	'reads',
	'writes',
	'mbRead',
	'mbWritten',
	'failed',
	'aborts',
	'resets',
	'dqlen',
	'actv',
	'qued',
	'aqlen',
	'readLatency',
	'writeLatency',
] as const;
export type FieldName = (typeof fieldNames)[number];

/** Index of each field in an entity's slot table. */
export const F = Object.fromEntries(fieldNames.map((name, index) => [name, index])) as Record<FieldName, number>;

const latencyAndIo: FieldName[] = ['davg', 'kavg', 'gavg', 'qavg', 'cmds', 'reads', 'writes', 'mbRead', 'mbWritten', 'failed', 'aborts', 'resets'];

/** The fields of each view, in `--json` key order. */
export const viewFields: Record<ViewName, readonly FieldName[]> = {
	device: [...latencyAndIo, 'dqlen', 'actv', 'qued'],
	adapter: [...latencyAndIo, 'aqlen'],
	path: latencyAndIo,
	vm: ['cmds', 'reads', 'writes', 'mbRead', 'mbWritten', 'readLatency', 'writeLatency'],
	nfs: ['gavg', 'actv', 'cmds', 'reads', 'writes', 'mbRead', 'mbWritten'],
};

const ioCounters: Record<string, FieldName> = {
	'Commands/sec': 'cmds',
	'Reads/sec': 'reads',
	'Writes/sec': 'writes',
	'MBytes Read/sec': 'mbRead',
	'MBytes Written/sec': 'mbWritten',
};

const latencyCounters: Record<string, FieldName> = {
	'Average Driver MilliSec/Command': 'davg',
	'Average Kernel MilliSec/Command': 'kavg',
	'Average Guest MilliSec/Command': 'gavg',
	'Average Queue MilliSec/Command': 'qavg',
	'Failed Commands/sec': 'failed',
	'Aborts/sec': 'aborts',
	'Resets/sec': 'resets',
	...ioCounters,
};

/** esxtop group (matched by whole name) → the view it feeds and its counter → field map. */
export const groupViews: Record<string, {view: ViewName; counters: Record<string, FieldName>}> = {
	'Physical Disk SCSI Device': {
		view: 'device',
		counters: {
			...latencyCounters,
			'Device Q Depth': 'dqlen',
			'Active Commands': 'actv',
			'Queued Commands': 'qued',
		},
	},
	'Physical Disk Adapter': {view: 'adapter', counters: latencyCounters},
	'Physical Disk Path': {view: 'path', counters: latencyCounters},
	'Virtual Disk': {
		view: 'vm',
		counters: {
			...ioCounters,
			'Average MilliSec/Read': 'readLatency',
			'Average MilliSec/Write': 'writeLatency',
		},
	},
	'Physical Disk NFS Volume': {
		view: 'nfs',
		counters: {
			...ioCounters,
			'Average Guest MilliSec/Command': 'gavg',
			'Active Commands': 'actv',
		},
	},
};

/**
 * `Physical Disk Per-Device-Per-World(<device>-<worldId>)`: each world's I/O on each device. Not a
 * view of its own: the worlds under a device (esxtop's expand), read with the device view.
 * Only what attribution needs (commands/s for the share, GAVG for the world's own latency: its
 * DAVG and KAVG are the device's queue), to keep the rows' parse cost small.
 */
export const worldGroup = {
	group: 'Physical Disk Per-Device-Per-World',
	counters: {
		'Commands/sec': 'cmds',
		'Average Guest MilliSec/Command': 'gavg',
	} as Record<string, FieldName>,
} as const;

/** AQLEN lives under `Physical Disk(vmhbaN)\Adapter Q Depth`, not under the adapter group. */
export const adapterQueueDepth = {group: 'Physical Disk', counter: 'Adapter Q Depth'} as const;

export function isViewName(name: string): name is ViewName {
	return (viewNames as readonly string[]).includes(name);
}
