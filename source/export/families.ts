import type {FieldName, ViewName} from '../parse/storage-views.js';

/**
 * The metric families esxlat exports, live (`--metrics`) and backfilled (`esxlat export`): one
 * list, so both speak the same names. Prometheus naming: the `esxlat_` prefix, base units
 * (seconds, bytes), `_total` on counters, no label names inside metric names.
 */
export interface Family {
	/** The sample name; a counter's ends `_total` (its OpenMetrics family name is without it). */
	name: string;
	help: string;
	type: 'gauge' | 'counter';
	/** OpenMetrics `# UNIT` (a suffix of the name), or '' for a plain count. */
	unit: '' | 'seconds' | 'bytes';
	/** Label names, in the order the label values are given. */
	labels: readonly string[];
}

/** The label that names an entity of each view. */
export const entityLabel: Record<ViewName, string> = {device: 'device', adapter: 'adapter', path: 'path', vm: 'vm', nfs: 'nfs'};

/** latency stage label → esxtop field: GAVG = KAVG + DAVG; QAVG is KAVG's queueing part. */
export const stages = [
	['guest', 'gavg'],
	['kernel', 'kavg'],
	['device', 'davg'],
	['queue', 'qavg'],
] as const satisfies ReadonlyArray<readonly [string, FieldName]>;

const mib = 1024 * 1024;

/** A gauge read straight from one esxtop field, times `scale`, for each entity of `view`. */
export interface FieldGauge {
	family: Family;
	view: ViewName;
	field: FieldName;
	scale: number;
	/** Value of the family's last label (stage, op), when it has one beyond host and entity. */
	extra?: string;
}

function family(name: string, type: Family['type'], help: string, labels: readonly string[]): Family {
	// A unit must be a suffix of the family name: none for rates (`_bytes_per_second`).
	const unit = /_seconds(_total)?$/.test(name) ? 'seconds' : /_bytes(_total)?$/.test(name) ? 'bytes' : '';
	return {name, type, help, unit, labels};
}

const hostLabels = ['host'] as const;

export const hostFamilies = {
	up: family('esxlat_up', 'gauge', '1 while esxtop is streaming from the host and its latest sample is current, else 0 (connecting, reconnecting, ended).', hostLabels),
	sampleAge: family('esxlat_sample_age_seconds', 'gauge', 'Seconds since the latest sample arrived from the host.', hostLabels),
	sampleTime: family('esxlat_sample_time_seconds', 'gauge', "esxtop's timestamp of the sample served (Unix seconds, UTC).", hostLabels),
	reconnects: family('esxlat_reconnects_total', 'counter', 'Times the session to the host was lost and reconnected (drops, stalls, changed columns).', hostLabels),
} as const;

/** Gauges of every view that has the field: latency by stage, I/O rates, errors, queues. */
export const fieldGauges: readonly FieldGauge[] = buildFieldGauges();

function buildFieldGauges(): FieldGauge[] {
	const out: FieldGauge[] = [];
	const labels = (view: ViewName, extra?: string) => ['host', entityLabel[view], ...(extra ? [extra] : [])];
	const noun: Record<ViewName, string> = {device: 'device', adapter: 'adapter', path: 'path', vm: 'VM virtual disk', nfs: 'NFS volume'};
	for (const view of ['device', 'adapter', 'path', 'nfs'] as const) {
		const latency = family(`esxlat_${view}_latency_seconds`, 'gauge', `Average latency per command of the ${noun[view]} by stage: guest (GAVG) = kernel (KAVG) + device (DAVG); queue (QAVG) is part of kernel.`, labels(view, 'stage'));
		for (const [stage, field] of stages) if (view !== 'nfs' || field === 'gavg') out.push({family: latency, view, field, scale: 1 / 1000, extra: stage});
	}
	const vmLatency = family('esxlat_vm_latency_seconds', 'gauge', 'Average latency of VM virtual disk reads and writes (op), as the guest sees it.', ['host', 'vm', 'disk', 'op']);
	out.push({family: vmLatency, view: 'vm', field: 'readLatency', scale: 1 / 1000, extra: 'read'}, {family: vmLatency, view: 'vm', field: 'writeLatency', scale: 1 / 1000, extra: 'write'});
	for (const view of ['device', 'adapter', 'path', 'vm', 'nfs'] as const) {
		const l = view === 'vm' ? ['host', 'vm', 'disk'] : labels(view);
		const rate = (name: string, field: FieldName, what: string, scale = 1) => out.push({family: family(`esxlat_${view}_${name}`, 'gauge', `${what} of the ${noun[view]}.`, l), view, field, scale});
		rate('commands_per_second', 'cmds', 'Commands per second');
		rate('reads_per_second', 'reads', 'Reads per second');
		rate('writes_per_second', 'writes', 'Writes per second');
		rate('read_bytes_per_second', 'mbRead', 'Bytes read per second', mib);
		rate('write_bytes_per_second', 'mbWritten', 'Bytes written per second', mib);
		if (view === 'device' || view === 'adapter' || view === 'path') {
			rate('failed_commands_per_second', 'failed', 'Failed commands per second (esxtop -a)');
			rate('aborts_per_second', 'aborts', 'Aborted commands per second (esxtop -a)');
			rate('resets_per_second', 'resets', 'Resets per second (esxtop -a)');
		}
	}
	const gauge = (view: ViewName, name: string, field: FieldName, help: string) => out.push({family: family(`esxlat_${view}_${name}`, 'gauge', help, labels(view)), view, field, scale: 1});
	gauge('device', 'queue_depth', 'dqlen', 'Device queue depth (DQLEN): commands the device accepts at once.');
	gauge('device', 'active_commands', 'actv', 'Commands active at the device (ACTV).');
	gauge('device', 'queued_commands', 'qued', 'Commands queued in the VMkernel waiting for the device (QUED).');
	gauge('adapter', 'queue_depth', 'aqlen', 'Adapter queue depth (AQLEN, esxtop -a).');
	gauge('nfs', 'active_commands', 'actv', 'Commands active on the NFS volume.');
	return out;
}

export const bottleneckClasses = ['host', 'storage', 'both', 'none'] as const;

export const deviceBottleneck = family(
	'esxlat_device_bottleneck',
	'gauge',
	"The device's verdict, 1 for its class and 0 for the others: host (KAVG at warn), storage (DAVG at warn), both, none; thresholds from --threshold.",
	['host', 'device', 'class'],
);

/** Counters accumulated from rate × interval, so that rate() works across scrapes (as VMware's vSAN exporter does). */
export const deviceTotals = {
	commands: family('esxlat_device_commands_total', 'counter', 'Commands completed by the device (Σ commands/s × sample interval).', ['host', 'device']),
	latency: family('esxlat_device_latency_seconds_total', 'counter', 'Seconds commands spent per stage (Σ latency × commands/s × interval): rate(this)/rate(esxlat_device_commands_total) is the average latency.', ['host', 'device', 'stage']),
	failed: family('esxlat_device_failed_commands_total', 'counter', 'Failed commands (Σ failed/s × interval; esxtop -a).', ['host', 'device']),
	aborts: family('esxlat_device_aborts_total', 'counter', 'Aborted commands (Σ aborts/s × interval; esxtop -a).', ['host', 'device']),
	resets: family('esxlat_device_resets_total', 'counter', 'Resets (Σ resets/s × interval; esxtop -a).', ['host', 'device']),
} as const;

/** Every family, in exposition order. */
export const allFamilies: readonly Family[] = [
	...Object.values(hostFamilies),
	...new Set(fieldGauges.map((gauge) => gauge.family)),
	deviceBottleneck,
	...Object.values(deviceTotals),
];

/** A counter's OpenMetrics family name (`esxlat_device_commands_total` → `esxlat_device_commands`). */
export function familyName(family: Family): string {
	return family.type === 'counter' ? family.name.replace(/_total$/, '') : family.name;
}
