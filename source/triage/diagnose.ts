import type {ViewName} from '../parse/storage-views.js';
import {type Bottleneck, bottleneckOf, guestSeverity, latencySeverity, type Severity} from './classify.js';
import {formatMs, formatRate, percent} from '../model/format.js';
import type {RowValues} from '../model/rows.js';
import {type Thresholds, thresholdsFor} from '../model/thresholds.js';
import {type LocalKind, localKindText} from './topology.js';

/** The adapter an entity sits on, and how its other devices fare. */
export interface AdapterContext {
	id: string;
	davg: number | null;
	/** Busy devices (enough I/O to judge) known to be on this adapter, and how many of them have DAVG at warn or above. */
	devices: number;
	slowDevices: number;
	/** What the device → adapter mapping rests on, said in the evidence ("the mpx. device id"). */
	basis: string;
}

/** A multipathed device's paths through one adapter: their command-weighted DAVG and commands/s. */
export interface PathSide {
	adapter: string;
	davg: number | null;
	cmds: number;
}

export interface DiagnoseInput {
	view: ViewName;
	id: string;
	row: RowValues;
	thresholds: Thresholds;
	/** The first row after a header: esxtop's warm-up row, all rates 0. */
	warmup?: boolean;
	/** Of the last `of` samples, how many were at warn or above: sustained or a spike. */
	recent?: {over: number; of: number};
	/** The entity's adapter where the capture tells it. */
	adapter?: AdapterContext | null;
	/** All devices of the host and how many have DAVG at warn or above (when no adapter mapping). */
	host?: {
		devices: number;
		slowDevices: number;
		adapters?: ReadonlyArray<{id: string; davg: number | null}>;
		/** Busy devices with KAVG at warn or above without a full queue: a host-wide cause when most. */
		hostSide?: number;
	};
	/** A local device (no SAN behind it). */
	local?: LocalKind | null;
	/** Commands/s under which latency is too little I/O to judge (default 5). */
	minIo?: number;
	/** The load it usually carries (mean commands/s outside its trouble), null when unknown. */
	baseline?: number | null;
	/** The largest device queue depth seen before: DQLEN under it means adaptive queue-depth throttling. */
	dqlenMax?: number | null;
	/** When DQLEN first dropped, as text ("02:10:05"). */
	dqlenDroppedAt?: string | null;
	/** A multipathed device's paths by adapter (two or more adapters). */
	sides?: readonly PathSide[];
}

export type Verdict = Bottleneck | 'warmup' | 'unknown' | 'low-io';

/** What kind of trouble, one step finer than its bottleneck class: the root cause the advice is for. */
export type Cause =
	| 'queue-full'
	| 'queue-throttled'
	| 'host-queueing'
	| 'host-resources'
	| 'host-wide'
	| 'over-demand'
	| 'adapter-wide'
	| 'lun'
	| 'path'
	| 'local'
	| 'nfs'
	| 'storage';

export interface Diagnosis {
	verdict: Verdict;
	severity: Severity | null;
	/** One line: what is wrong and where. */
	headline: string;
	/** The numbers that prove it, one short line each. */
	evidence: string[];
	/** What an admin would do next. */
	next: string;
	/** For storage verdicts: the whole adapter/path, or this LUN alone (null when not known). */
	scope: 'adapter' | 'lun' | null;
	/** The root cause (null when healthy, unknown or too little I/O). */
	cause: Cause | null;
	/** For over-demand and queue build-up: commands/s against the usual load. */
	loadRatio: number | null;
}

/** Load at this many times its baseline is "clearly up": over-demand. Below, KAVG rising with DAVG is a consequence. */
export const overDemandRatio = 1.5;
/** DAVG at this share of its warn threshold is "near" it: no advice to deepen the queue. */
export const nearThreshold = 0.6;
export const defaultMinIo = 5;

const ms = (value: number | null | undefined) => `${formatMs(value ?? null)} ms`;

/**
 * Attributes an entity's latency to its root cause with the numbers that prove it: the host
 * (KAVG: VMkernel queueing or resources), the storage side (DAVG: array LUN, path/HBA/fabric,
 * adapter, local disk), over-demand (load clearly above its own baseline), or too little I/O to
 * judge. Pure: the hint pane (current sample and recent history) and the report (an episode's
 * averages) both call it.
 */
export function diagnose(given: DiagnoseInput): Diagnosis {
	// The entity's own bands (a per-device rule), for the verdict and for the numbers it quotes.
	const input = {...given, thresholds: thresholdsFor(given.thresholds, given.id)};
	const {row, thresholds: t} = input;
	const result = (d: Omit<Diagnosis, 'cause' | 'loadRatio'> & Partial<Pick<Diagnosis, 'cause' | 'loadRatio'>>): Diagnosis => ({cause: null, loadRatio: null, ...d});
	if (input.warmup) {
		return result({
			verdict: 'warmup',
			severity: null,
			headline: 'Warm-up sample: esxtop needs two snapshots to compute rates, so this row is all zero',
			evidence: [],
			next: 'Step to the next sample (t) for real numbers.',
			scope: null,
		});
	}
	if (input.view === 'vm') return diagnoseVirtualDisk(input);
	if (input.view === 'nfs') return diagnoseNfs(input);

	const kavg = row.kavg ?? null;
	const davg = row.davg ?? null;
	const gavg = row.gavg ?? null;
	const severity = latencySeverity(kavg, davg, gavg, t);
	const verdict = bottleneckOf(kavg, davg, gavg, t);
	if (verdict === null || severity === null) {
		return result({verdict: 'unknown', severity: null, headline: `No latency counters for ${input.id} in this capture`, evidence: [], next: 'Capture with esxtop -b -a for every disk counter.', scope: null});
	}
	const split = `GAVG ${ms(gavg)} = DAVG ${ms(davg)} + KAVG ${ms(kavg)}`;
	const evidence: string[] = [split];
	const recent = sustainedLine(input.recent);
	if (recent) evidence.push(recent);
	const local = input.local ?? null;
	if (local) evidence.push(`${input.id.startsWith('mpx.') ? 'mpx. id' : 'device id'}: ${localKindText[local]}`);

	if (verdict === 'none') {
		return result({verdict, severity, headline: `Healthy: ${split}`, evidence: recent && input.recent!.over > 0 ? [recent] : [], next: 'Nothing to do here.', scope: null});
	}
	const lowIo = lowIoHeadline(input);
	if (lowIo) return result({verdict: 'low-io', severity: null, headline: lowIo, evidence, next: local ? 'Nothing to do: an idle local device (boot media, CD-ROM) shows noisy averages.' : 'Nothing to do on this evidence; judge it when it carries load.', scope: null});

	const queue = queueEvidence(row, kavg!);
	const throttled = throttling(input);
	if (verdict === 'host') {
		evidence.push(...queue.lines);
		if (throttled) evidence.push(throttled);
		const hostWide = hostWideLine(input);
		if (hostWide && !queue.full) evidence.push(hostWide);
		const nearDavg = davg !== null && davg >= nearThreshold * t.davg.warn;
		const cause: Cause = throttled ? 'queue-throttled' : queue.full ? 'queue-full' : hostWide ? 'host-wide' : queue.queueing ? 'host-queueing' : 'host-resources';
		const next = {
			'queue-throttled': 'The array returned QUEUE FULL/BUSY and ESXi halved the LUN queue depth (adaptive queue depth): look at the array front-end port and this LUN\'s load there; do not raise the queue depth.',
			'queue-full': nearDavg
				? `The device queue is full and DAVG is already ${ms(davg)} (warn ${t.davg.warn}): a deeper queue would push more onto a struggling array. Spread the busy VMs over more LUNs, or look at the array.`
				: 'The device queue is full: raise the queue depth (HBA driver / Disk.SchedNumReqOutstanding) or spread the busy VMs over more LUNs.',
			'host-wide': 'Most devices show the same KAVG without queueing: the host itself (CPU and memory contention, the vSCSI layer, a driver), not any one LUN.',
			'host-queueing': 'Commands queue in the VMkernel: check the queue depth settings and the multipathing policy, or spread the load.',
			'host-resources': 'Little of KAVG is queueing: look at host CPU and memory contention and the vSCSI layer.',
		}[cause as 'queue-throttled' | 'queue-full' | 'host-wide' | 'host-queueing' | 'host-resources'];
		return result({
			verdict,
			severity,
			headline: `Host side: KAVG ${ms(kavg)} (warn ${t.kavg.warn}, crit ${t.kavg.crit}) while DAVG is ${ms(davg)}: commands wait in the VMkernel`,
			evidence,
			next,
			scope: null,
			cause,
		});
	}
	const ratio = row.cmds != null && input.baseline != null && input.baseline > 0 ? row.cmds / input.baseline : null;
	if (verdict === 'both') {
		evidence.push(...queue.lines);
		if (row.cmds != null) evidence.push(loadLine(row.cmds, input.baseline ?? null, ratio));
		const outstanding = row.cmds != null && davg !== null ? (row.cmds * davg) / 1000 : null;
		evidence.push(...failureEvidence(row));
		if (throttled) {
			evidence.push(throttled);
			return result({
				verdict,
				severity,
				headline: `Array pushing back: DAVG ${ms(davg)} and the device queue depth dropped (adaptive queue depth), so commands queue in the VMkernel (KAVG ${ms(kavg)})`,
				evidence,
				next: 'The array returned QUEUE FULL/BUSY: look at the array front-end port and this LUN\'s load there; do not raise the queue depth.',
				scope: null,
				cause: 'queue-throttled',
				loadRatio: ratio,
			});
		}
		if (ratio !== null && ratio >= overDemandRatio) {
			return result({
				verdict,
				severity,
				headline: `Over-demand: KAVG ${ms(kavg)} and DAVG ${ms(davg)} at ${ratio.toFixed(1)}× its usual load: the guests ask more than host and array can serve`,
				evidence,
				next: 'Over-demand: spread the load (Storage vMotion busy VMs to other LUNs or arrays), limit noisy VMs (SIOC), or add array capacity.',
				scope: null,
				cause: 'over-demand',
				loadRatio: ratio,
			});
		}
		// Little's law: at unchanged IOPS a slower array keeps more commands outstanding; the queue fills as a consequence.
		const little = outstanding !== null ? `Little's law: ${formatRate(row.cmds!)} commands/s × DAVG ${ms(davg)} ≈ ${formatRate(Math.round(outstanding))} commands outstanding${row.dqlen ? ` against DQLEN ${row.dqlen}` : ''}: the queue fills because the device is slow` : null;
		if (little) evidence.push(little);
		const scope = storageScope(input);
		evidence.push(...scope.lines);
		return result({
			verdict,
			severity,
			headline: `Storage side with queue build-up: DAVG ${ms(davg)} (warn ${t.davg.warn}) ${ratio === null ? 'with no usual load to compare against' : `at ${ratio.toFixed(1)}× its usual load`}, so commands back up in the VMkernel (KAVG ${ms(kavg)}) as a consequence`,
			evidence,
			next: scope.next,
			scope: scope.scope,
			cause: scope.cause,
			loadRatio: ratio,
		});
	}
	// storage
	evidence.push(...failureEvidence(row));
	if (throttled) evidence.push(throttled);
	const scope = storageScope(input);
	evidence.push(...scope.lines);
	return result({
		verdict,
		severity,
		headline: `Storage side: DAVG ${ms(davg)} (warn ${t.davg.warn}, crit ${t.davg.crit}) while KAVG is ${ms(kavg)}: the time is spent ${local ? 'in the local controller and disk' : 'between the HBA and the array'}`,
		evidence,
		next: scope.next,
		scope: scope.scope,
		cause: throttled && scope.cause === 'lun' ? 'queue-throttled' : scope.cause,
		loadRatio: ratio,
	});
}

/** "too little I/O to judge", or null when the load is enough to judge. */
function lowIoHeadline(input: DiagnoseInput): string | null {
	const {row} = input;
	const minIo = input.minIo ?? defaultMinIo;
	const cmds = row.cmds ?? null;
	if (cmds === null || cmds >= minIo) return null;
	const latency = input.view === 'nfs' ? `GAVG ${ms(row.gavg)}` : `DAVG ${ms(row.davg)}`;
	return `Too little I/O to judge: ${formatRate(cmds)} commands/s (under ${formatRate(minIo)}), so ${latency} is an average over a handful of commands`;
}

function loadLine(cmds: number, baseline: number | null, ratio: number | null): string {
	if (baseline === null || ratio === null) return `${formatRate(cmds)} commands/s (no usual load to compare with)`;
	return `${formatRate(cmds)} commands/s, ${ratio.toFixed(1)}× its usual ${formatRate(baseline)}`;
}

function throttling(input: DiagnoseInput): string | null {
	const max = input.dqlenMax ?? null;
	const now = input.row.dqlen ?? null;
	if (max === null || now === null || !(now < max)) return null;
	return `DQLEN ${Math.round(now)}, down from ${Math.round(max)}${input.dqlenDroppedAt ? ` (first dropped at ${input.dqlenDroppedAt})` : ''}: adaptive queue-depth throttling, the array returned QUEUE FULL/BUSY`;
}

function hostWideLine(input: DiagnoseInput): string | null {
	const host = input.host;
	if (!host || host.hostSide === undefined || host.devices < 3) return null;
	if (host.hostSide < 3 || host.hostSide * 2 <= host.devices) return null;
	return `${host.hostSide} of ${host.devices} busy devices have KAVG at warn or above without a full queue: host-wide`;
}

function sustainedLine(recent: DiagnoseInput['recent']): string | null {
	if (!recent || recent.of <= 1) return null;
	const kind = recent.over === 0 ? 'no sample' : recent.over === 1 ? 'a spike' : recent.over * 2 >= recent.of ? 'sustained' : 'intermittent';
	return `${kind}: ${recent.over} of the last ${recent.of} samples at warn or above`;
}

function queueEvidence(row: RowValues, kavg: number): {lines: string[]; full: boolean; queueing: boolean} {
	const lines: string[] = [];
	const qavg = row.qavg ?? null;
	const queueing = qavg !== null && kavg > 0 && qavg >= 0.5 * kavg;
	if (qavg !== null) lines.push(`QAVG ${ms(qavg)} is ${percent(qavg, kavg)} of KAVG${queueing ? ': the time is spent queued' : ''}`);
	const {actv, dqlen, qued} = row;
	const full = actv != null && dqlen != null && dqlen > 0 && actv >= dqlen;
	if (actv != null && dqlen != null) {
		lines.push(full ? `queue full: ACTV ${actv} = DQLEN ${dqlen}, QUED ${qued ?? '-'}` : `ACTV ${actv} of DQLEN ${dqlen}, QUED ${qued ?? '-'}`);
	}
	return {lines, full, queueing};
}

function failureEvidence(row: RowValues): string[] {
	const parts: string[] = [];
	if (row.failed) parts.push(`${formatRate(row.failed)} failed ${row.failed === 1 ? 'command' : 'commands'}/s`);
	if (row.aborts) parts.push(`${formatRate(row.aborts)} aborts/s`);
	if (row.resets) parts.push(`${formatRate(row.resets)} resets/s`);
	if (parts.length === 0) return [];
	const timeouts = Boolean(row.aborts || row.resets);
	return [`${parts.join(', ')}${timeouts ? ': commands are timing out (guests abort after their SCSI timeout)' : ''}`];
}

interface Scope {
	lines: string[];
	next: string;
	scope: 'adapter' | 'lun' | null;
	cause: Cause;
}

const lunAlone = 'This LUN alone: look at it on the array (its pool or RAID group, snapshots, replication, a busy neighbour).';

function localAdvice(kind: LocalKind): string {
	if (kind === 'usb') return 'Local boot media (USB/SD): these are slow and wear out; move scratch and logs off it, check the media.';
	if (kind === 'mpx') return 'A local device (no SAN behind it): check the local controller (driver, firmware, cache battery) and the disk or boot media itself.';
	return 'A local disk (no SAN behind it): check the disk itself (SMART, wear) and the local controller (driver, firmware, cache battery).';
}

function storageScope(input: DiagnoseInput): Scope {
	const {adapter, thresholds: t, view} = input;
	if (input.local) return {lines: [], next: localAdvice(input.local), scope: 'lun', cause: 'local'};
	if (view === 'adapter') {
		return {lines: [], next: 'Adapter-wide: check the HBA firmware and driver, the fabric (switch port errors, zoning) and the array front-end ports.', scope: 'adapter', cause: 'adapter-wide'};
	}
	const multipath = multipathScope(input);
	if (multipath) return multipath;
	const slowAdapter = (davg: number | null) => davg !== null && davg >= t.davg.warn;
	if (adapter && adapter.devices >= 2) {
		const most = adapter.slowDevices * 2 > adapter.devices;
		const line = `${adapter.id}: DAVG ${ms(adapter.davg)}, ${adapter.slowDevices} of ${adapter.devices} busy devices slow (adapter from ${adapter.basis})`;
		if (most) {
			return {lines: [line], next: `Adapter-wide on ${adapter.id}: check the path, the HBA (firmware, driver), the fabric and the array ports it reaches.`, scope: 'adapter', cause: 'adapter-wide'};
		}
		return {lines: [line], next: lunAlone, scope: 'lun', cause: 'lun'};
	}
	if (adapter && adapter.davg !== null) {
		// The only device known on its adapter: the adapter's own DAVG (over all its traffic) still tells.
		if (!slowAdapter(adapter.davg)) {
			return {lines: [`${adapter.id} as a whole: DAVG ${ms(adapter.davg)}, under warn: not adapter-wide (adapter from ${adapter.basis})`], next: lunAlone, scope: 'lun', cause: 'lun'};
		}
		return {
			lines: [`${adapter.id} as a whole: DAVG ${ms(adapter.davg)} too (adapter from ${adapter.basis}; no other device is known on it)`],
			next: `Check ${adapter.id}'s path (HBA, fabric) and this LUN on the array: the capture cannot tell them apart.`,
			scope: null,
			cause: 'storage',
		};
	}
	const adapters = input.host?.adapters ?? [];
	if (adapters.length > 0 && !adapters.some((a) => slowAdapter(a.davg))) {
		const list = adapters.map((a) => `${a.id} ${ms(a.davg)}`).join(', ');
		return {lines: [`no adapter has DAVG at warn (${list}): not adapter-wide`], next: lunAlone, scope: 'lun', cause: 'lun'};
	}
	if (input.host && input.host.devices >= 2) {
		const {devices, slowDevices} = input.host;
		const slow = adapters.filter((a) => slowAdapter(a.davg)).map((a) => `${a.id} ${ms(a.davg)}`);
		const line = `${slowDevices} of ${devices} devices on the host have DAVG at warn or above${slow.length > 0 ? `; adapters at warn: ${slow.join(', ')}` : ''} (the capture does not say which adapter each device is on)`;
		if (slowDevices * 2 > devices) {
			return {lines: [line], next: 'Most devices are slow: suspect something they share (adapter, fabric, array front end) before a single LUN.', scope: 'adapter', cause: 'adapter-wide'};
		}
		return {lines: [line], next: 'Few devices are slow: look at this LUN on the array (its pool or RAID group, snapshots, replication).', scope: 'lun', cause: 'lun'};
	}
	return {lines: [], next: 'Look at the array and the fabric: LUN latency on the array, switch port errors, HBA firmware and driver.', scope: null, cause: 'storage'};
}

/**
 * A LUN reached through several adapters: when the paths through one adapter are slow and the
 * others fine, it is that path (HBA, port, cable, fabric), not the array; all slow is the LUN.
 */
function multipathScope(input: DiagnoseInput): Scope | null {
	const sides = (input.sides ?? []).filter((side) => side.davg !== null && side.cmds > 0);
	if (sides.length < 2) return null;
	const warn = input.thresholds.davg.warn;
	const slow = sides.filter((side) => side.davg! >= warn);
	const fine = sides.filter((side) => side.davg! < warn / 2);
	const list = (group: PathSide[]) => group.map((side) => `${side.adapter} ${ms(side.davg)}`).join(', ');
	const line = `its paths by adapter: ${sides.map((side) => `${side.adapter} DAVG ${ms(side.davg)} at ${formatRate(side.cmds)} commands/s`).join('; ')}`;
	if (slow.length > 0 && fine.length > 0 && slow.length + fine.length === sides.length) {
		const names = slow.map((side) => side.adapter).join(' and ');
		return {
			lines: [line],
			next: `The paths through ${names} are slow (${list(slow)}) while those through ${fine.map((side) => side.adapter).join(', ')} are fine (${list(fine)}): that path, not the array. Check ${names} (HBA firmware, driver), its cable, SFP and switch port, and the fabric to the array.`,
			scope: 'adapter',
			cause: 'path',
		};
	}
	if (slow.length === sides.length) return {lines: [`${line}: slow on every adapter, so the LUN itself`], next: lunAlone, scope: 'lun', cause: 'lun'};
	return null;
}

function diagnoseNfs(input: DiagnoseInput): Diagnosis {
	const gavg = input.row.gavg ?? null;
	const severity = guestSeverity(gavg, input.thresholds);
	const evidence = [`GAVG ${ms(gavg)} (NFS volumes report guest latency only, no DAVG/KAVG split)`];
	const recent = sustainedLine(input.recent);
	if (recent) evidence.push(recent);
	const base = {cause: null, loadRatio: null} as const;
	if (severity === null) return {...base, verdict: 'unknown', severity, headline: `No latency counter for NFS volume ${input.id}`, evidence: [], next: '', scope: null};
	if (severity === 'ok') return {...base, verdict: 'none', severity, headline: `Healthy: NFS GAVG ${ms(gavg)}`, evidence, next: 'Nothing to do here.', scope: null};
	const lowIo = lowIoHeadline(input);
	if (lowIo) return {...base, verdict: 'low-io', severity: null, headline: lowIo, evidence, next: 'Nothing to do on this evidence; judge it when it carries load.', scope: null};
	return {
		...base,
		verdict: 'storage',
		severity,
		headline: `NFS volume slow: GAVG ${ms(gavg)} (warn ${input.thresholds.gavg.warn}, crit ${input.thresholds.gavg.crit})`,
		evidence,
		next: 'Look at the NFS server and the network to it (vmknic, MTU, switch), then at the filer itself.',
		scope: null,
		cause: 'nfs',
	};
}

function diagnoseVirtualDisk(input: DiagnoseInput): Diagnosis {
	const {readLatency, writeLatency} = input.row;
	const worst = Math.max(readLatency ?? -1, writeLatency ?? -1);
	const severity = worst < 0 ? null : guestSeverity(worst, input.thresholds);
	const evidence = [`read ${ms(readLatency)}, write ${ms(writeLatency)} as the VM sees them`];
	const base = {cause: null, loadRatio: null, scope: null} as const;
	if (severity === null) return {...base, verdict: 'unknown', severity, headline: `No latency counters for ${input.id}`, evidence: [], next: ''};
	return {
		...base,
		verdict: 'unknown',
		severity,
		headline: severity === 'ok' ? `Healthy: ${input.id} reads in ${ms(readLatency)}, writes in ${ms(writeLatency)}` : `${input.id} sees ${ms(worst)}: the host/storage split is on its device (view u)`,
		evidence,
		next: severity === 'ok' ? 'Nothing to do here.' : 'Find the datastore device this disk lives on in the device view (u) for the DAVG/KAVG split.',
	};
}
