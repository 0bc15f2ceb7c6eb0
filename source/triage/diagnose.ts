import type {ViewName} from '../parse/storage-views.js';
import {type Bottleneck, bottleneckOf, guestSeverity, latencySeverity, type Severity} from './classify.js';
import {formatMs, formatRate, percent} from '../model/format.js';
import type {RowValues} from '../model/rows.js';
import {type Thresholds, thresholdsFor} from '../model/thresholds.js';

/** The adapter an entity sits on, and how its other devices fare. */
export interface AdapterContext {
	id: string;
	davg: number | null;
	/** Devices known to be on this adapter, and how many of them have DAVG at warn or above. */
	devices: number;
	slowDevices: number;
	/** What the device → adapter mapping rests on, said in the evidence ("the mpx. device id"). */
	basis: string;
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
	host?: {devices: number; slowDevices: number; adapters?: ReadonlyArray<{id: string; davg: number | null}>};
}

export type Verdict = Bottleneck | 'warmup' | 'unknown';

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
}

const ms = (value: number | null | undefined) => `${formatMs(value ?? null)} ms`;

/**
 * Attributes an entity's latency to the host (KAVG: VMkernel queueing or resources), the
 * storage side (DAVG: array, fabric, HBA), or both (the guests ask more than either can serve),
 * with the numbers that prove it. Pure: the hint pane and the report both call it.
 */
export function diagnose(given: DiagnoseInput): Diagnosis {
	// The entity's own bands (a per-device rule), for the verdict and for the numbers it quotes.
	const input = {...given, thresholds: thresholdsFor(given.thresholds, given.id)};
	const {row, thresholds: t} = input;
	if (input.warmup) {
		return {
			verdict: 'warmup',
			severity: null,
			headline: 'Warm-up sample: esxtop needs two snapshots to compute rates, so this row is all zero',
			evidence: [],
			next: 'Step to the next sample (t) for real numbers.',
			scope: null,
		};
	}
	if (input.view === 'vm') return diagnoseVirtualDisk(input);
	if (input.view === 'nfs') return diagnoseNfs(input);

	const kavg = row.kavg ?? null;
	const davg = row.davg ?? null;
	const gavg = row.gavg ?? null;
	const severity = latencySeverity(kavg, davg, gavg, t);
	const verdict = bottleneckOf(kavg, davg, gavg, t);
	if (verdict === null || severity === null) {
		return {verdict: 'unknown', severity: null, headline: `No latency counters for ${input.id} in this capture`, evidence: [], next: 'Capture with esxtop -b -a for every disk counter.', scope: null};
	}
	const split = `GAVG ${ms(gavg)} = DAVG ${ms(davg)} + KAVG ${ms(kavg)}`;
	const evidence: string[] = [split];
	const recent = sustainedLine(input.recent);
	if (recent) evidence.push(recent);

	if (verdict === 'none') {
		return {verdict, severity, headline: `Healthy: ${split}`, evidence: recent && input.recent!.over > 0 ? [recent] : [], next: 'Nothing to do here.', scope: null};
	}
	if (verdict === 'host') {
		const queue = queueEvidence(row, kavg!);
		evidence.push(...queue.lines);
		return {
			verdict,
			severity,
			headline: `Host side: KAVG ${ms(kavg)} (warn ${t.kavg.warn}, crit ${t.kavg.crit}) while DAVG is ${ms(davg)}: commands wait in the VMkernel`,
			evidence,
			next: queue.full
				? 'The device queue is full: raise the queue depth (HBA driver / Disk.SchedNumReqOutstanding) or spread the busy VMs over more LUNs.'
				: queue.queueing
					? 'Commands queue in the VMkernel: check the queue depth settings and the multipathing policy, or spread the load.'
					: 'Little of KAVG is queueing: look at host CPU and memory contention and the vSCSI layer.',
			scope: null,
		};
	}
	if (verdict === 'both') {
		const queue = queueEvidence(row, kavg!);
		evidence.push(...queue.lines);
		if (row.cmds != null) evidence.push(`${formatRate(row.cmds)} commands/s`);
		evidence.push(...failureEvidence(row));
		return {
			verdict,
			severity,
			headline: `Host and storage: KAVG ${ms(kavg)} and DAVG ${ms(davg)} are both high: the guests ask more than host and array can serve`,
			evidence,
			next: 'Over-demand: spread the load (Storage vMotion busy VMs to other LUNs or arrays), limit noisy VMs (SIOC), or add array capacity.',
			scope: null,
		};
	}
	// storage
	evidence.push(...failureEvidence(row));
	const scope = storageScope(input);
	evidence.push(...scope.lines);
	return {
		verdict,
		severity,
		headline: `Storage side: DAVG ${ms(davg)} (warn ${t.davg.warn}, crit ${t.davg.crit}) while KAVG is ${ms(kavg)}: the time is spent between the HBA and the array`,
		evidence,
		next: scope.next,
		scope: scope.scope,
	};
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

function storageScope(input: DiagnoseInput): {lines: string[]; next: string; scope: 'adapter' | 'lun' | null} {
	const {adapter, thresholds: t, view} = input;
	const lunAlone = 'This LUN alone: look at it on the array (its pool or RAID group, snapshots, replication, a busy neighbour).';
	if (view === 'adapter') {
		return {lines: [], next: 'Adapter-wide: check the HBA firmware and driver, the fabric (switch port errors, zoning) and the array front-end ports.', scope: 'adapter'};
	}
	const slowAdapter = (davg: number | null) => davg !== null && davg >= t.davg.warn;
	if (adapter && adapter.devices >= 2) {
		const most = adapter.slowDevices * 2 > adapter.devices;
		const line = `${adapter.id}: DAVG ${ms(adapter.davg)}, ${adapter.slowDevices} of ${adapter.devices} devices slow (adapter from ${adapter.basis})`;
		if (slowAdapter(adapter.davg) && most) {
			return {lines: [line], next: `Adapter-wide on ${adapter.id}: check the path, the HBA (firmware, driver), the fabric and the array ports it reaches.`, scope: 'adapter'};
		}
		return {lines: [line], next: lunAlone, scope: 'lun'};
	}
	if (adapter && adapter.davg !== null) {
		// The only device known on its adapter: the adapter's own DAVG (over all its traffic) still tells.
		if (!slowAdapter(adapter.davg)) {
			return {lines: [`${adapter.id} as a whole: DAVG ${ms(adapter.davg)}, under warn: not adapter-wide (adapter from ${adapter.basis})`], next: lunAlone, scope: 'lun'};
		}
		return {
			lines: [`${adapter.id} as a whole: DAVG ${ms(adapter.davg)} too (adapter from ${adapter.basis}; no other device is known on it)`],
			next: `Check ${adapter.id}'s path (HBA, fabric) and this LUN on the array: the capture cannot tell them apart.`,
			scope: null,
		};
	}
	const adapters = input.host?.adapters ?? [];
	if (adapters.length > 0 && !adapters.some((a) => slowAdapter(a.davg))) {
		const list = adapters.map((a) => `${a.id} ${ms(a.davg)}`).join(', ');
		return {lines: [`no adapter has DAVG at warn (${list}): not adapter-wide`], next: lunAlone, scope: 'lun'};
	}
	if (input.host && input.host.devices >= 2) {
		const {devices, slowDevices} = input.host;
		const slow = adapters.filter((a) => slowAdapter(a.davg)).map((a) => `${a.id} ${ms(a.davg)}`);
		const line = `${slowDevices} of ${devices} devices on the host have DAVG at warn or above${slow.length > 0 ? `; adapters at warn: ${slow.join(', ')}` : ''} (the capture does not say which adapter each device is on)`;
		if (slowDevices * 2 > devices) {
			return {lines: [line], next: 'Most devices are slow: suspect something they share (adapter, fabric, array front end) before a single LUN.', scope: 'adapter'};
		}
		return {lines: [line], next: 'Few devices are slow: look at this LUN on the array (its pool or RAID group, snapshots, replication).', scope: 'lun'};
	}
	return {lines: [], next: 'Look at the array and the fabric: LUN latency on the array, switch port errors, HBA firmware and driver.', scope: null};
}

function diagnoseNfs(input: DiagnoseInput): Diagnosis {
	const gavg = input.row.gavg ?? null;
	const severity = guestSeverity(gavg, input.thresholds);
	const evidence = [`GAVG ${ms(gavg)} (NFS volumes report guest latency only, no DAVG/KAVG split)`];
	const recent = sustainedLine(input.recent);
	if (recent) evidence.push(recent);
	if (severity === null) return {verdict: 'unknown', severity, headline: `No latency counter for NFS volume ${input.id}`, evidence: [], next: '', scope: null};
	if (severity === 'ok') return {verdict: 'none', severity, headline: `Healthy: NFS GAVG ${ms(gavg)}`, evidence, next: 'Nothing to do here.', scope: null};
	return {
		verdict: 'storage',
		severity,
		headline: `NFS volume slow: GAVG ${ms(gavg)} (warn ${input.thresholds.gavg.warn}, crit ${input.thresholds.gavg.crit})`,
		evidence,
		next: 'Look at the NFS server and the network to it (vmknic, MTU, switch), then at the filer itself.',
		scope: null,
	};
}

function diagnoseVirtualDisk(input: DiagnoseInput): Diagnosis {
	const {readLatency, writeLatency} = input.row;
	const worst = Math.max(readLatency ?? -1, writeLatency ?? -1);
	const severity = worst < 0 ? null : guestSeverity(worst, input.thresholds);
	const evidence = [`read ${ms(readLatency)}, write ${ms(writeLatency)} as the VM sees them`];
	if (severity === null) return {verdict: 'unknown', severity, headline: `No latency counters for ${input.id}`, evidence: [], next: '', scope: null};
	return {
		verdict: 'unknown',
		severity,
		headline: severity === 'ok' ? `Healthy: ${input.id} reads in ${ms(readLatency)}, writes in ${ms(writeLatency)}` : `${input.id} sees ${ms(worst)}: the host/storage split is on its device (view u)`,
		evidence,
		next: severity === 'ok' ? 'Nothing to do here.' : 'Find the datastore device this disk lives on in the device view (u) for the DAVG/KAVG split.',
		scope: null,
	};
}
