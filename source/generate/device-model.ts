import type {DeviceSpec, Episode} from './host-spec.js';

/** One device's counters in one sample, by esxtop counter name. */
export type CounterValues = Record<string, number>;

export type Random = () => number;

/** mulberry32: small, fast, good enough for plausible noise, and reproducible from a seed. */
export function seededRandom(seed: number): Random {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** How far into an episode sample `index` is: 0 outside, rising to 1 and falling back (a trapezoid). */
export function intensity(episode: Episode, index: number): number {
	if (index < episode.from || index >= episode.to) return 0;
	if (episode.kind === 'spike') return 1;
	// A trend rises steadily from its start to its end and does not fall.
	if (episode.kind === 'trend') return (index - episode.from + 1) / (episode.to - episode.from);
	const length = episode.to - episode.from;
	const t = (index - episode.from + 0.5) / length;
	return Math.min(1, 3 * t, 3 * (1 - t));
}

function strongest(episodes: Episode[], index: number): (Episode & {x: number}) | null {
	let best: (Episode & {x: number}) | null = null;
	for (const episode of episodes) {
		const x = intensity(episode, index);
		if (x > 0 && (!best || x > best.x)) best = {...episode, x};
	}
	return best;
}

const lerp = (a: number, b: number, x: number) => a + (b - a) * x;
const round2 = (v: number) => Math.round(v * 100) / 100;

/** The commands/s a noisy VM adds to a device in sample `index` (its world carries them all). */
export function noisyExtra(device: DeviceSpec, index: number): {vm: string; cmds: number} | null {
	for (const episode of device.episodes) {
		if (episode.kind !== 'noisy' || !episode.vm) continue;
		const x = intensity(episode, index);
		if (x > 0) return {vm: episode.vm, cmds: (episode.iops ?? 3000) * x};
	}
	return null;
}

/** A device's counters in one sample, and its paths' (in `DeviceSpec.paths` order). */
export interface DeviceSample {
	device: CounterValues;
	paths: CounterValues[];
}

/** A device's paths: its own list, or the one path its adapter, target and LUN name. */
export function pathsOf(device: DeviceSpec): Array<{adapter: string; target: number}> {
	return device.paths ?? [{adapter: device.adapter, target: device.target}];
}

/**
 * The counters of a SCSI device and its paths in sample `index` (0 = esxtop's warm-up row:
 * rates are 0). The physics esxtop shows:
 * - GAVG = DAVG + KAVG, and QAVG (the queue part of KAVG) ≤ KAVG;
 * - Little's law: ACTV ≈ commands/s × DAVG, QUED ≈ commands/s × QAVG; the device serves at
 *   most DQLEN / DAVG commands/s, and the demand beyond that queues (QUED > 0 only at ACTV = DQLEN);
 * - round-robin paths share the commands evenly; the device's DAVG is their command-weighted mean.
 */
export function deviceSample(device: DeviceSpec, index: number, random: Random): DeviceSample {
	const paths = pathsOf(device);
	if (index === 0) {
		return {device: {'Device Q Depth': device.dqlen, 'World Q Depth': device.dqlen, 'Active Commands': 0, 'Queued Commands': 0}, paths: paths.map(() => ({}))};
	}
	const noise = () => 0.85 + 0.3 * random();
	let demand = device.iops * noise();
	let davg = device.baseDavg === undefined ? 0.6 + 1.6 * random() : device.baseDavg * (0.95 + 0.1 * random());
	let hostKavg = 0;
	let dqlen = device.dqlen;
	let failed = 0;
	let aborts = 0;
	let resets = 0;
	/** Extra DAVG of the paths through one adapter. */
	let slowPath: {adapter: string; davg: number} | null = null;
	/** A noisy VM's flood: every command it asks for is served, at a slower pace. */
	let flood: {peak: number; x: number} | null = null;
	const episode = strongest(device.episodes, index);
	if (episode) {
		const {kind, x} = episode;
		if (kind === 'array-slow' || kind === 'spike' || kind === 'trend') {
			davg = lerp(davg, (episode.peak ?? (kind === 'spike' ? 95 : 55)) * noise(), x);
			demand *= lerp(1, 0.8, x);
			if (x > 0.5 && random() < 0.5) failed = round2(0.2 + random());
			if (x > 0.85 && random() < 0.4) aborts = round2(0.2 + random() * 0.6);
		} else if (kind === 'noisy') {
			// One VM's disk floods the LUN: the array slows under it until, at the flood's height,
			// the device queue is full (DAVG = DQLEN / commands/s) and the rest waits in the VMkernel.
			demand += noisyExtra(device, index)?.cmds ?? 0;
			davg = lerp(davg, (dqlen * 1000) / (device.iops + (episode.iops ?? 3000)), x);
			flood = {peak: episode.peak ?? 12, x};
		} else if (kind === 'host-queue') {
			// More than the queue holds: at DAVG d the device serves DQLEN/d, the rest waits QAVG ≈ peak.
			davg = lerp(davg, 4 + random(), x);
			const capacity = (dqlen * 1000) / davg;
			demand = Math.max(demand, capacity * (1 + ((episode.peak ?? 14) / davg) * x));
		} else if (kind === 'both') {
			demand *= lerp(1, episode.load ?? 6, x);
			davg = lerp(davg, (episode.peak ?? 38) * noise(), x);
		} else if (kind === 'host-kavg') {
			hostKavg = x * (episode.peak ?? 7) * noise();
		} else if (kind === 'throttle') {
			// QUEUE FULL from the array: ESXi halves the LUN queue depth, once or twice.
			dqlen = x > 0.66 ? Math.max(4, device.dqlen / 4) : x > 0.2 ? device.dqlen / 2 : device.dqlen;
			davg = lerp(davg, (episode.peak ?? 26) * noise(), x);
		} else if (kind === 'path-slow' && episode.adapter) {
			slowPath = {adapter: episode.adapter, davg: x * (episode.peak ?? 45) * noise()};
		}
		if (x > 0.95 && aborts > 0 && random() < 0.3) resets = 0.2;
	}
	// Each path's DAVG; the device's is their mean (equal shares of the commands).
	const pathDavg = paths.map((path) => davg * (device.baseDavg === undefined ? 0.95 + 0.1 * random() : 1) + (slowPath && path.adapter === slowPath.adapter ? slowPath.davg : 0));
	davg = pathDavg.reduce((a, b) => a + b, 0) / paths.length;
	const capacity = flood ? Number.POSITIVE_INFINITY : (dqlen * 1000) / davg;
	const cmds = Math.min(demand, capacity);
	// How much of the excess demand the guests keep outstanding (the rest they hold back).
	const backlog = episode?.kind === 'host-queue' || episode?.kind === 'noisy' ? 1 : 0.3;
	// The demand the device cannot take waits in the VMkernel for about a service time each.
	const saturated = flood !== null && (cmds * davg) / 1000 >= dqlen - 0.5;
	const queued = flood ? (saturated ? Math.round((flood.x * flood.peak * cmds) / 1000) : 0) : demand > capacity ? Math.round((backlog * (demand - capacity) * davg) / 1000) : 0;
	const active = queued > 0 ? dqlen : Math.min(dqlen, Math.round((cmds * davg) / 1000));
	const qavg = queued > 0 ? (queued * 1000) / cmds : random() < 0.7 ? 0 : 0.01;
	const kavg = qavg + hostKavg + 0.01 + 0.03 * random();
	// No more failed or aborted commands than commands.
	const few = Math.min(1, cmds / 10);
	failed *= few;
	aborts *= few;
	resets *= few;
	const reads = cmds * (0.55 + 0.1 * random());
	const writes = cmds - reads;
	const k = round2(kavg);
	const q = round2(Math.min(qavg, kavg));
	const latencies = (d: number): CounterValues => ({
		'Average Driver MilliSec/Command': round2(d),
		'Average Kernel MilliSec/Command': k,
		'Average Guest MilliSec/Command': round2(round2(d) + k),
		'Average Queue MilliSec/Command': q,
		'Average Driver MilliSec/Read': round2(d * 0.9),
		'Average Kernel MilliSec/Read': k,
		'Average Guest MilliSec/Read': round2(round2(d * 0.9) + k),
		'Average Queue MilliSec/Read': q,
		'Average Driver MilliSec/Write': round2(d * 1.15),
		'Average Kernel MilliSec/Write': k,
		'Average Guest MilliSec/Write': round2(round2(d * 1.15) + k),
		'Average Queue MilliSec/Write': q,
	});
	const io = (share: number): CounterValues => ({
		'Commands/sec': round2(cmds * share),
		'Reads/sec': round2(reads * share),
		'Writes/sec': round2(writes * share),
		'MBytes Read/sec': round2((reads * share * 24) / 1024),
		'MBytes Written/sec': round2((writes * share * 32) / 1024),
		'Failed Commands/sec': round2(failed * share),
		'Failed Reads/sec': round2(failed * 0.6 * share),
		'Failed Writes/sec': round2(failed * 0.4 * share),
		'Aborts/sec': round2(aborts * share),
		'Resets/sec': round2(resets * share),
	});
	const share = 1 / paths.length;
	return {
		device: {
			'Device Q Depth': dqlen,
			'World Q Depth': dqlen,
			'Active Commands': active,
			'Queued Commands': queued,
			'% Used': round2((100 * active) / dqlen),
			Load: round2((active + queued) / dqlen),
			...io(1),
			...latencies(davg),
		},
		paths: pathDavg.map((d) => ({...io(share), ...latencies(d)})),
	};
}

const summed = ['Commands/sec', 'Reads/sec', 'Writes/sec', 'MBytes Read/sec', 'MBytes Written/sec', 'Failed Commands/sec', 'Failed Reads/sec', 'Failed Writes/sec', 'Aborts/sec', 'Resets/sec'];
const weighted = [
	'Average Driver MilliSec/Command',
	'Average Kernel MilliSec/Command',
	'Average Queue MilliSec/Command',
	'Average Driver MilliSec/Read',
	'Average Kernel MilliSec/Read',
	'Average Queue MilliSec/Read',
	'Average Driver MilliSec/Write',
	'Average Kernel MilliSec/Write',
	'Average Queue MilliSec/Write',
];

/** An adapter (or VM) as esxtop shows it: rates summed, latencies weighted by commands. */
export function aggregate(parts: CounterValues[]): CounterValues {
	const out: CounterValues = {};
	const total = parts.reduce((sum, part) => sum + (part['Commands/sec'] ?? 0), 0);
	for (const name of summed) out[name] = round2(parts.reduce((sum, part) => sum + (part[name] ?? 0), 0));
	for (const name of weighted) {
		out[name] = total > 0 ? round2(parts.reduce((sum, part) => sum + (part[name] ?? 0) * (part['Commands/sec'] ?? 0), 0) / total) : 0;
	}
	out['Average Guest MilliSec/Command'] = round2(out['Average Driver MilliSec/Command']! + out['Average Kernel MilliSec/Command']!);
	out['Average Guest MilliSec/Read'] = round2(out['Average Driver MilliSec/Read']! + out['Average Kernel MilliSec/Read']!);
	out['Average Guest MilliSec/Write'] = round2(out['Average Driver MilliSec/Write']! + out['Average Kernel MilliSec/Write']!);
	return out;
}
