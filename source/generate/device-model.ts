import type {DeviceSpec, Episode, EpisodeKind} from './host-spec.js';

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
	const length = episode.to - episode.from;
	const t = (index - episode.from + 0.5) / length;
	return Math.min(1, 3 * t, 3 * (1 - t));
}

function strongest(episodes: Episode[], index: number): {kind: EpisodeKind; x: number; peak: number | undefined} | null {
	let best: {kind: EpisodeKind; x: number; peak: number | undefined} | null = null;
	for (const episode of episodes) {
		const x = intensity(episode, index);
		if (x > 0 && (!best || x > best.x)) best = {kind: episode.kind, x, peak: episode.peak};
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

/**
 * The counters of a SCSI device in sample `index` (0 = esxtop's warm-up row: rates are 0).
 * Latencies follow the esxtop model: GAVG = DAVG + KAVG, QAVG is the queue part of KAVG, and
 * ACTV/QUED follow from IOPS × latency (Little's law) capped by the device queue depth.
 */
export function deviceSample(device: DeviceSpec, index: number, random: Random): CounterValues {
	if (index === 0) return {'Device Q Depth': device.dqlen, 'World Q Depth': device.dqlen, 'Active Commands': 0, 'Queued Commands': 0};
	const noise = () => 0.85 + 0.3 * random();
	let cmds = device.iops * noise();
	let davg = 0.6 + 1.6 * random();
	let qavg = random() < 0.7 ? 0 : 0.01;
	let kavg = qavg + 0.01 + 0.03 * random();
	let failed = 0;
	let aborts = 0;
	let resets = 0;
	let queued = 0;
	const episode = strongest(device.episodes, index);
	if (episode) {
		const {kind, x} = episode;
		if (kind === 'array-slow' || kind === 'spike') {
			davg = lerp(davg, (episode.peak ?? (kind === 'spike' ? 95 : 55)) * noise(), x);
			cmds *= lerp(1, 0.7, x);
			if (x > 0.5 && random() < 0.5) failed = round2(0.2 + random());
			if (x > 0.85 && random() < 0.4) aborts = round2(0.2 + random() * 0.6);
		} else if (kind === 'noisy') {
			// One VM's disk floods the LUN: the queue fills, everyone on it waits in the VMkernel.
			qavg = lerp(qavg, (episode.peak ?? 12) * noise(), x);
			kavg = qavg + 0.02 + 0.05 * random();
			davg = lerp(davg, 3 + random(), x);
			queued = Math.round(x * 1.5 * device.dqlen * noise());
		} else if (kind === 'host-queue') {
			cmds *= lerp(1, 2.5, x);
			qavg = lerp(qavg, (episode.peak ?? 14) * noise(), x);
			kavg = qavg + 0.02 + 0.05 * random();
			queued = Math.round(x * 1.6 * device.dqlen * noise());
		} else {
			cmds *= lerp(1, 6, x);
			davg = lerp(davg, (episode.peak ?? 38) * noise(), x);
			qavg = lerp(qavg, 9 * noise(), x);
			kavg = qavg + 0.03 + 0.05 * random();
			queued = Math.round(x * 1.2 * device.dqlen * noise());
		}
		if (x > 0.95 && aborts > 0 && random() < 0.3) resets = 0.2;
	}
	cmds += noisyExtra(device, index)?.cmds ?? 0;
	const reads = cmds * (0.55 + 0.1 * random());
	const writes = cmds - reads;
	const active = Math.min(device.dqlen, Math.round((cmds * davg) / 1000 + (queued > 0 ? device.dqlen : 0)));
	const d = round2(davg);
	const k = round2(kavg);
	return {
		'Device Q Depth': device.dqlen,
		'World Q Depth': device.dqlen,
		'Active Commands': active,
		'Queued Commands': queued,
		'% Used': round2((100 * active) / device.dqlen),
		Load: round2((active + queued) / device.dqlen),
		'Commands/sec': round2(cmds),
		'Reads/sec': round2(reads),
		'Writes/sec': round2(writes),
		'MBytes Read/sec': round2((reads * 24) / 1024),
		'MBytes Written/sec': round2((writes * 32) / 1024),
		'Average Driver MilliSec/Command': d,
		'Average Kernel MilliSec/Command': k,
		'Average Guest MilliSec/Command': round2(d + k),
		'Average Queue MilliSec/Command': round2(Math.min(qavg, kavg)),
		'Average Driver MilliSec/Read': round2(d * 0.9),
		'Average Kernel MilliSec/Read': k,
		'Average Guest MilliSec/Read': round2(d * 0.9 + k),
		'Average Queue MilliSec/Read': round2(Math.min(qavg, kavg)),
		'Average Driver MilliSec/Write': round2(d * 1.15),
		'Average Kernel MilliSec/Write': k,
		'Average Guest MilliSec/Write': round2(d * 1.15 + k),
		'Average Queue MilliSec/Write': round2(Math.min(qavg, kavg)),
		'Failed Commands/sec': failed,
		'Failed Reads/sec': round2(failed * 0.6),
		'Failed Writes/sec': round2(failed * 0.4),
		'Aborts/sec': aborts,
		'Resets/sec': resets,
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
