import {type AdapterContext, type Diagnosis, diagnose} from '../diagnose.js';
import {formatMs, formatRate, shortenMiddle} from '../../model/format.js';
import type {RowValues} from '../../model/rows.js';
import type {Thresholds} from '../../model/thresholds.js';
import type {Group} from './culprits.js';
import {type EntityDetail, type EntityIndex, isBusy, overlaps, storageSide} from './entity-index.js';
import type {TimelineMetric} from './entity-table.js';
import type {Stretch, StretchClass} from './stretch.js';
import {formatDuration, type TimeFormat} from './time-format.js';
import type {Cause, Culprit, EntitySummary} from './types.js';

export interface VerdictContext {
	index: EntityIndex;
	statsOf: ReadonlyMap<EntitySummary, EntityDetail>;
	thresholds: Thresholds;
	time: TimeFormat;
	/** Timeline buckets in use. */
	buckets: number;
}

const ms = (value: number | null) => `${formatMs(value)} ms`;
const label = {davg: 'DAVG', kavg: 'KAVG', gavg: 'GAVG'} as const;
/** Ids in titles: long t10. ids keep both ends. */
const short = (id: string) => shortenMiddle(id, 40);

/**
 * A culprit's verdict, in the hint pane's terms: the shared `diagnose()` reads the stretch's
 * averages (over the samples of its main class) with the adapter and host context the report
 * saw, and the report adds what only a whole capture shows: how long, how often, p95 and max,
 * IOPS against the entity's usual, error totals, and which LUNs went down together.
 */
export function verdictFor(group: Group, context: VerdictContext): Omit<Culprit, 'rank'> {
	const {lead} = group;
	const stats = context.statsOf.get(lead)!;
	const stretch = stats.best!;
	const klass = stretch.bottleneck;
	const row = stretchRow(stretch, klass);
	const diagnosis = diagnose({
		view: lead.view,
		id: lead.id,
		row,
		thresholds: context.thresholds,
		adapter: lead.view === 'device' || lead.view === 'path' ? adapterContext(lead, context) : null,
		...(lead.view === 'device' ? {host: hostContext(lead, context)} : {}),
	});
	const metric: TimelineMetric = lead.view === 'nfs' || klass === 'both' ? 'gavg' : klass === 'host' ? 'kavg' : 'davg';
	const cause = causeOf(group, klass, row, stretch, diagnosis);
	const luns = group.adapterWide ? lunsOf(group) : [];
	const {lines, timeouts, iopsRatio} = stretchEvidence(group, stats, stretch, klass, context);
	// diagnose's bare "N commands/s" says less than the line that compares it with the usual load.
	const evidence = [...diagnosis.evidence.filter((line) => iopsRatio === null || !/^[\d,.]+ commands\/s$/.test(line)), ...lines];
	const range = context.time.range(stretch.start, stretch.end);
	const p95 = stretch[metric].quantile(0.95);
	const title = titleOf(cause, lead, luns.length, metric, stretch, range, iopsRatio);
	const score = group.adapterWide ? Math.max(lead.score, luns.reduce((sum, lun) => sum + lun.score, 0)) : lead.score;
	// The stretch's averages can sit under every threshold when its samples went over on different
	// counters: then say what is known rather than "healthy".
	const vague = diagnosis.verdict === 'none' || diagnosis.verdict === 'unknown';
	const headline = vague ? `${label[metric]} at warn or above in ${stretch.over} samples` : diagnosis.headline;
	const next = vague ? 'Replay the stretch to follow the DAVG/KAVG split sample by sample.' : diagnosis.next;
	const summary = [durationSentence(stretch, range), `${headline} (averages over the stretch).`, next].join(' ');
	return {
		view: lead.view,
		id: lead.id,
		bottleneck: klass,
		cause,
		severity: group.adapterWide && luns.some((lun) => lun.stretch?.severity === 'crit') ? 'crit' : stretch.severity,
		from: stretch.start,
		to: stretch.end,
		seconds: stretch.seconds,
		samples: stretch.over,
		score,
		timeouts,
		title,
		summary,
		evidence,
		next,
		members: group.members.map((member) => ({view: member.view, id: member.id})),
		metric,
		p95,
		peak: stretch[metric].count > 0 ? stretch[metric].max : null,
		timeline: Array.from(stats.series(metric).subarray(0, context.buckets), (v) => (Number.isNaN(v) ? null : v)),
	};
}

/**
 * What `diagnose()` reads: the stretch's averages over the samples of its main class. ACTV is
 * shown at DQLEN when the queue was full in most of them (an average of 31.6 of 32 would hide it).
 */
function stretchRow(stretch: Stretch, klass: StretchClass): RowValues {
	const mean = (field: Parameters<Stretch['mean']>[1]) => stretch.mean(klass, field);
	const round = (value: number | null) => (value === null ? null : Math.round(value));
	// Under 0.05/s would print as "0.0 resets/s": the evidence counts them instead.
	const rare = (value: number | null) => (value !== null && value < 0.05 ? 0 : value);
	const dqlen = round(mean('dqlen'));
	const full = (mean('queueFull') ?? 0) >= 0.5;
	return {
		davg: mean('davg'),
		kavg: mean('kavg'),
		gavg: mean('gavg'),
		qavg: mean('qavg'),
		cmds: mean('cmds'),
		failed: rare(mean('failed')),
		aborts: rare(mean('aborts')),
		resets: rare(mean('resets')),
		dqlen,
		actv: full && dqlen !== null ? dqlen : round(mean('actv')),
		qued: round(mean('qued')),
	};
}

/**
 * The adapter a device or path is on, and how many of its busy paths were slow alongside it:
 * counted sample by sample over the stretch where the entity (or its path) knew its adapter
 * during the pass, else from the paths whose stretches overlap.
 */
function adapterContext(lead: EntitySummary, {index, statsOf}: VerdictContext): AdapterContext | null {
	if (!lead.adapter) return null;
	const adapter = index.get(lead.host, 'adapter', lead.adapter);
	let davg = adapter?.latency.davg?.p50 ?? null;
	if (adapter && overlaps(adapter.stretch, lead.stretch)) {
		const total = statsOf.get(adapter)!.best!.total('davg');
		if (total.count > 0) davg = total.sum / total.count;
	}
	const basis =
		lead.view === 'path' ? 'its runtime name' : lead.id.startsWith('mpx.') ? 'the mpx. device id' : lead.linked ? `path ${lead.linked}, matched by its counters` : 'its path names';
	const counted = [lead, index.linkOf(lead)].map((e) => (e && overlaps(e.stretch, lead.stretch) ? statsOf.get(e)?.best : null)).find((s) => s && s.memberBusy > 0);
	if (counted) {
		return {id: lead.adapter, davg, devices: Math.round(counted.memberBusy / counted.over), slowDevices: Math.round(counted.memberSlow / counted.over), basis};
	}
	let members = index.busyPathsOn(lead.host, lead.adapter);
	if (members.length === 0) members = index.entities.filter((e) => e.view === 'device' && e.host === lead.host && e.adapter === lead.adapter && isBusy(e));
	const slow = members.filter((member) => storageSide(member) && overlaps(member.stretch, lead.stretch));
	return {id: lead.adapter, davg, devices: members.length, slowDevices: slow.length, basis};
}

function hostContext(lead: EntitySummary, {index}: VerdictContext): {devices: number; slowDevices: number} {
	const devices = index.busyDevices(lead.host);
	return {devices: devices.length, slowDevices: devices.filter((device) => storageSide(device) && overlaps(device.stretch, lead.stretch)).length};
}

function causeOf(group: Group, klass: StretchClass, row: RowValues, stretch: Stretch, diagnosis: Diagnosis): Cause {
	const {lead} = group;
	if (lead.view === 'nfs') return 'nfs';
	if (klass === 'both') return 'over-demand';
	if (klass === 'host') {
		if ((stretch.mean('host', 'queueFull') ?? 0) >= 0.5) return 'queue-full';
		const {kavg, qavg} = row;
		return kavg && qavg !== null && qavg !== undefined && qavg >= 0.5 * kavg ? 'host-queueing' : 'host-resources';
	}
	if (group.adapterWide || lead.view === 'adapter' || diagnosis.scope === 'adapter') return 'adapter-wide';
	if (lead.view === 'path') return 'path';
	return diagnosis.scope === 'lun' ? 'lun' : 'storage';
}

/** The LUNs of an adapter-wide culprit: its devices where linked, else its paths. */
function lunsOf(group: Group): EntitySummary[] {
	const devices = group.members.filter((member) => member.view === 'device');
	const unlinkedPaths = group.members.filter((member) => member.view === 'path' && !devices.some((device) => device.linked === member.id));
	return [...devices, ...unlinkedPaths];
}

function titleOf(cause: Cause, lead: EntitySummary, luns: number, metric: TimelineMetric, stretch: Stretch, range: string, iopsRatio: number | null): string {
	const p95 = (m: TimelineMetric) => `${label[m]} p95 ${ms(stretch[m].quantile(0.95))}`;
	const spike = stretch.over === 1 ? ' (a one-sample spike)' : '';
	const id = short(lead.id);
	let what: string;
	switch (cause) {
		case 'adapter-wide':
			what = lead.view === 'adapter' ? `storage-side: ${luns > 0 ? `${luns} ${luns === 1 ? 'LUN' : 'LUNs'} on ` : 'adapter '}${id}, ${p95('davg')}` : `storage-side: ${id} (adapter-wide on ${lead.adapter}), ${p95('davg')}`;
			break;
		case 'lun':
		case 'storage':
			what = `storage-side: ${lead.view === 'device' ? 'LUN ' : ''}${id}, ${p95('davg')}`;
			break;
		case 'path':
			what = `storage-side: path ${id}, ${p95('davg')}`;
			break;
		case 'queue-full':
			what = `host-side: queue full on ${id}, ${p95('kavg')}`;
			break;
		case 'host-queueing':
			what = `host-side: VMkernel queueing on ${id}, ${p95('kavg')}`;
			break;
		case 'host-resources':
			what = `host-side: ${id}, ${p95('kavg')}`;
			break;
		case 'over-demand':
			what = `over-demand: ${id}, ${p95('kavg')} and ${p95('davg')}${iopsRatio !== null && iopsRatio >= 1.5 ? ` at ${iopsRatio.toFixed(1)}× its usual IOPS` : ''}`;
			break;
		case 'nfs':
			what = `NFS: ${id}, ${p95(metric)}`;
			break;
	}
	return `${what}, ${range}${spike}`;
}

function durationSentence(stretch: Stretch, range: string): string {
	const crit = stretch.critSamples > 0 ? `, ${Math.round((100 * stretch.critSamples) / stretch.over)}% of them at crit` : '';
	if (stretch.over === 1) return `A one-sample spike at ${range} UTC${crit ? ' (at crit)' : ''}.`;
	const kind = stretch.seconds >= 60 ? 'Sustained' : 'Brief';
	return `${kind} for ${formatDuration(stretch.seconds)}, ${range} UTC (${stretch.over} samples at warn or above${crit}).`;
}

/** Evidence only a whole capture gives. */
function stretchEvidence(group: Group, stats: EntityDetail, stretch: Stretch, klass: StretchClass, {thresholds}: VerdictContext): {lines: string[]; timeouts: boolean; iopsRatio: number | null} {
	const {lead} = group;
	const lines: string[] = [];
	const spread = (m: TimelineMetric) => `${label[m]} p95 ${ms(stretch[m].quantile(0.95))}, max ${ms(stretch[m].count > 0 ? stretch[m].max : null)}`;
	if (lead.view === 'nfs') lines.push(`over the stretch: ${spread('gavg')}`);
	else lines.push(`over the stretch: ${klass === 'host' ? spread('kavg') : klass === 'storage' ? spread('davg') : `${spread('kavg')}; ${spread('davg')}`}`);

	const full = stretch.total('queueFull');
	if (full.sum > 0) lines.push(`queue full (ACTV = DQLEN) in ${full.sum} of ${full.count} samples`);

	// The load against the entity's own usual: over-demand shows as IOPS far above it.
	let iopsRatio: number | null = null;
	const inside = stretch.total('cmds');
	const insideMean = stretch.mean(klass, 'cmds');
	const outsideCount = stats.cmds.count - inside.count;
	if (insideMean !== null && outsideCount > 0 && klass !== 'storage') {
		const outsideMean = (stats.cmds.sum - inside.sum) / outsideCount;
		if (outsideMean > 0) {
			iopsRatio = insideMean / outsideMean;
			lines.push(`${formatRate(insideMean)} commands/s, ${iopsRatio.toFixed(1)}× the ${formatRate(outsideMean)} outside the stretch`);
		}
	}
	const elsewhere = stats.overSamples - stretch.over;
	if (elsewhere > 0) lines.push(`${elsewhere} more ${elsewhere === 1 ? 'sample' : 'samples'} at warn or above outside this stretch`);

	// Rates × the stretch's mean interval: how many commands failed, were aborted or reset.
	const perSample = stretch.over > 0 ? stretch.seconds / stretch.over : 0;
	const totals = (['failed', 'aborts', 'resets'] as const).map((field) => ({field, n: Math.round(stretch.total(field).sum * perSample)}));
	const noun = {failed: ['failed command', 'failed commands'], aborts: ['abort', 'aborts'], resets: ['reset', 'resets']} as const;
	const counted = totals.filter((t) => t.n > 0).map((t) => `${formatRate(t.n)} ${noun[t.field][t.n === 1 ? 0 : 1]}`);
	if (counted.length > 0) lines.push(`≈ ${counted.join(', ')} during the stretch`);
	const timeouts = stretch.total('aborts').sum > 0 || stretch.total('resets').sum > 0;

	if (group.adapterWide) {
		const paths = group.members.filter((member) => member.view === 'path');
		const luns = lunsOf(group);
		const busy = stats.best!.memberBusy;
		const share = busy > 0 ? Math.round((100 * stats.best!.memberSlow) / busy) : null;
		lines.push(`${paths.length} busy ${paths.length === 1 ? 'path' : 'paths'} on ${lead.id} slow with it${share === null ? '' : ` (${share}% of its busy paths at DAVG ≥ ${thresholds.davg.warn} ms over the stretch)`}: ${paths.map((p) => p.id).join(', ')}`);
		if (luns.some((lun) => lun.view === 'device')) lines.push(`LUNs: ${luns.map((lun) => lun.id).join(', ')}`);
	} else {
		for (const member of group.members) {
			if (member.view === 'path') lines.push(`path ${member.id} shows the same latency`);
			if (member.view === 'adapter') lines.push(`adapter ${member.id} went over the thresholds at the same time (this ${lead.view === 'path' ? 'path' : 'LUN'}'s latency showing through)`);
		}
	}
	return {lines, timeouts, iopsRatio};
}
