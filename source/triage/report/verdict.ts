import {type AdapterContext, type Cause, type Diagnosis, diagnose, type PathSide} from '../diagnose.js';
import {formatMs, formatRate, shortenMiddle} from '../../model/format.js';
import type {RowValues} from '../../model/rows.js';
import type {Thresholds} from '../../model/thresholds.js';
import type {Group} from './culprits.js';
import {type EntityDetail, type EntityIndex, overlaps, storageSide} from './entity-index.js';
import {linkBasisText} from '../topology.js';
import type {TimelineMetric} from './entity-table.js';
import type {Episode, Stretch, StretchClass} from './stretch.js';
import {recurrenceOf, trendOf} from './time-shape.js';
import {formatDuration, type TimeFormat} from './time-format.js';
import type {Confidence, Culprit, EntitySummary} from './types.js';

export interface VerdictContext {
	index: EntityIndex;
	statsOf: ReadonlyMap<EntitySummary, EntityDetail>;
	thresholds: Thresholds;
	time: TimeFormat;
	/** Timeline buckets in use, and when each starts. */
	buckets: number;
	bucketStarts: number[];
	minIo: number;
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
	const dropped = lead.dqlen && lead.dqlen.droppedAt !== null && lead.dqlen.min < lead.dqlen.max;
	const diagnosis = diagnose({
		view: lead.view,
		id: lead.id,
		row,
		thresholds: context.thresholds,
		adapter: lead.view === 'device' || lead.view === 'path' ? adapterContext(lead, context) : null,
		...(lead.view === 'device' ? {host: hostContext(lead, context)} : {}),
		local: lead.local,
		minIo: context.minIo,
		baseline: lead.baseline,
		...(dropped ? {dqlenMax: lead.dqlen!.max, dqlenDroppedAt: context.time.at(lead.dqlen!.droppedAt!)} : {}),
		sides: sidesOf(stretch),
	});
	const metric: TimelineMetric = lead.view === 'nfs' || klass === 'both' ? 'gavg' : klass === 'host' ? 'kavg' : 'davg';
	const cause = causeOf(group, klass, row, stretch, diagnosis);
	const luns = group.adapterWide ? lunsOf(group) : [];
	const {lines, timeouts} = stretchEvidence(group, stats, stretch, klass, context);
	const episodes = episodesOf(group, stats, context);
	const recurrence = recurrenceOf(stats.episodeCount, stats.gaps);
	const trend = trendOf(stats.means(metric), context.bucketStarts, context.thresholds[metric].warn, metric, context.time);
	const shape = [episodes.length > 1 ? `worst of ${stats.episodeCount} episodes` : null, recurrence?.text, trend?.text].filter(Boolean).join('; ');
	const evidence = [...diagnosis.evidence, ...lines, ...episodeLines(episodes, context)];
	const range = context.time.range(stretch.start, stretch.end);
	const p95 = stretch[metric].quantile(0.95);
	const severity = episodes.some((e) => e.severity === 'crit') || (group.adapterWide && luns.some((lun) => lun.stretch?.severity === 'crit')) ? 'crit' : 'warn';
	const title = titleOf(cause, lead, luns.length, metric, stretch, range, diagnosis.loadRatio, shape);
	const score = group.adapterWide ? Math.max(lead.score, luns.reduce((sum, lun) => sum + lun.score, 0)) : lead.score;
	const lost = group.adapterWide ? Math.max(lead.lost, luns.reduce((sum, lun) => sum + lun.lost, 0)) : lead.lost;
	// The stretch's averages can sit under every threshold when its samples went over on different
	// counters: then say what is known rather than "healthy".
	const vague = diagnosis.verdict === 'none' || diagnosis.verdict === 'unknown' || diagnosis.verdict === 'low-io';
	const headline = vague ? `${label[metric]} at warn or above in ${stretch.over} samples` : diagnosis.headline;
	const next = vague ? 'Replay the stretch to follow the DAVG/KAVG split sample by sample.' : diagnosis.next;
	const summary = [durationSentence(stretch, range, episodes.length), `${headline} (averages over the ${episodes.length > 1 ? 'worst episode' : 'stretch'}).`, next].join(' ');
	const confidence = confidenceOf(stretch, cause, diagnosis, vague);
	return {
		view: lead.view,
		id: lead.id,
		bottleneck: klass,
		cause,
		severity,
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
		episodes,
		recurrence,
		trend,
		confidence: confidence.level,
		confidenceWhy: confidence.why,
		lost,
	};
}

/** A multipathed device's paths by adapter over the stretch: command-weighted DAVG, mean commands/s. */
function sidesOf(stretch: Stretch): PathSide[] {
	return [...stretch.sides].map(([adapter, side]) => ({adapter, davg: side.cmds > 0 ? side.weighted / side.cmds : null, cmds: side.cmds / Math.max(1, stretch.over)}));
}

/** Episodes worst first: the most guest waiting lost (the ranking's measure), then crit before warn. */
function episodesOf(group: Group, stats: EntityDetail, context: VerdictContext): Episode[] {
	// An adapter-wide culprit's episodes are the adapter's own; its LUNs' are in their rows.
	void group;
	void context;
	const episodes = [...stats.episodes];
	return episodes.sort((a, b) => b.lost - a.lost || (b.severity === 'crit' ? 1 : 0) - (a.severity === 'crit' ? 1 : 0) || a.from - b.from);
}

function episodeLines(episodes: readonly Episode[], {time}: VerdictContext): string[] {
	if (episodes.length < 2) return [];
	const shown = episodes.slice(0, 5).map((e) => `${time.range(e.from, e.to)} ${e.severity}${e.samples === 1 ? ' (1 sample)' : ` (${formatDuration(e.seconds)})`}`);
	return [`episodes, worst first: ${shown.join(', ')}${episodes.length > 5 ? `, and ${episodes.length - 5} more` : ''}`];
}

function confidenceOf(stretch: Stretch, cause: Cause, diagnosis: Diagnosis, vague: boolean): {level: Confidence; why: string} {
	if (vague) return {level: 'low', why: 'the averages over the stretch sit under the thresholds: the samples went over on different counters'};
	if (stretch.over === 1) return {level: 'low', why: 'a single sample: one slow command can make an interval\'s average'};
	if (diagnosis.verdict === 'both' && diagnosis.loadRatio === null) return {level: 'medium', why: 'no usual load to compare with: the capture is all trouble'};
	if (cause === 'storage') return {level: 'medium', why: 'the capture does not tell the LUN from its path and adapter'};
	if (stretch.over < 4) return {level: 'medium', why: `only ${stretch.over} samples at warn or above`};
	return {level: 'high', why: `${stretch.over} samples with enough I/O to judge`};
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
function adapterContext(lead: EntitySummary, {index, statsOf, minIo}: VerdictContext): AdapterContext | null {
	if (!lead.adapter) return null;
	const adapter = index.get(lead.host, 'adapter', lead.adapter);
	let davg = adapter?.latency.davg?.p50 ?? null;
	if (adapter && overlaps(adapter.stretch, lead.stretch)) {
		const total = statsOf.get(adapter)!.best!.total('davg');
		if (total.count > 0) davg = total.sum / total.count;
	}
	const linkBasis = lead.paths?.[0]?.basis ?? [];
	const basis =
		lead.view === 'path'
			? 'its runtime name'
			: lead.id.startsWith('mpx.')
				? 'the mpx. device id'
				: lead.linked
					? `path ${lead.linked}, linked by ${linkBasis.map((b) => linkBasisText[b]).join(' and ') || 'its counters'}`
					: 'its path names';
	const counted = [lead, index.linkOf(lead)].map((e) => (e && overlaps(e.stretch, lead.stretch) ? statsOf.get(e)?.best : null)).find((s) => s && s.memberBusy > 0);
	if (counted) {
		return {id: lead.adapter, davg, devices: Math.round(counted.memberBusy / counted.over), slowDevices: Math.round(counted.memberSlow / counted.over), basis};
	}
	let members = index.busyPathsOn(lead.host, lead.adapter).filter((path) => (path.cmds?.mean ?? 0) >= minIo);
	if (members.length === 0) members = index.devicesOn(lead.host, lead.adapter).filter((device) => (device.cmds?.mean ?? 0) >= minIo);
	const slow = members.filter((member) => storageSide(member) && overlaps(member.stretch, lead.stretch));
	return {id: lead.adapter, davg, devices: members.length, slowDevices: slow.length, basis};
}

function hostContext(lead: EntitySummary, {index, minIo}: VerdictContext): {devices: number; slowDevices: number; hostSide: number} {
	const devices = index.busyDevices(lead.host).filter((device) => (device.cmds?.mean ?? 0) >= minIo);
	const together = devices.filter((device) => overlaps(device.stretch, lead.stretch));
	return {
		devices: devices.length,
		slowDevices: together.filter((device) => storageSide(device)).length,
		hostSide: together.filter((device) => device.stretch!.bottleneck === 'host').length,
	};
}

function causeOf(group: Group, klass: StretchClass, row: RowValues, stretch: Stretch, diagnosis: Diagnosis): Cause {
	const {lead} = group;
	if (lead.view === 'nfs') return 'nfs';
	if (group.adapterWide) return 'adapter-wide';
	if (diagnosis.cause) return lead.view === 'path' && diagnosis.cause === 'lun' ? 'path' : diagnosis.cause;
	// Averages under the thresholds (see `vague`): the class of most samples still tells the side.
	if (klass === 'host') {
		if ((stretch.mean('host', 'queueFull') ?? 0) >= 0.5) return 'queue-full';
		const {kavg, qavg} = row;
		return kavg && qavg !== null && qavg !== undefined && qavg >= 0.5 * kavg ? 'host-queueing' : 'host-resources';
	}
	if (lead.view === 'path') return 'path';
	return lead.local ? 'local' : 'storage';
}

/** The LUNs of an adapter-wide culprit: its devices where linked, else its paths. */
function lunsOf(group: Group): EntitySummary[] {
	const devices = group.members.filter((member) => member.view === 'device');
	const unlinkedPaths = group.members.filter((member) => member.view === 'path' && !devices.some((device) => device.linked === member.id));
	return [...devices, ...unlinkedPaths];
}

function titleOf(cause: Cause, lead: EntitySummary, luns: number, metric: TimelineMetric, stretch: Stretch, range: string, loadRatio: number | null, shape: string): string {
	const p95 = (m: TimelineMetric) => `${label[m]} p95 ${ms(stretch[m].quantile(0.95))}`;
	const notes = [stretch.over === 1 ? 'a one-sample spike' : null, shape || null].filter(Boolean).join('; ');
	const spike = notes ? ` (${notes})` : '';
	const id = short(lead.id);
	let what: string;
	switch (cause) {
		case 'adapter-wide':
			what = lead.view === 'adapter' ? `storage-side: ${luns > 0 ? `${luns} ${luns === 1 ? 'LUN' : 'LUNs'} on ` : 'adapter '}${id}, ${p95('davg')}` : `storage-side: ${id} (adapter-wide on ${lead.adapter}), ${p95('davg')}`;
			break;
		case 'lun':
		case 'storage':
			what = `storage-side: ${lead.view === 'device' ? 'LUN ' : lead.view === 'adapter' ? 'adapter ' : ''}${id}${stretch.bottleneck === 'both' ? ' with queue build-up' : ''}, ${p95('davg')}`;
			break;
		case 'path':
			what = lead.view === 'path' ? `storage-side: path ${id}, ${p95('davg')}` : `path/HBA: ${id} slow through ${slowSides(stretch)}, ${p95('davg')}`;
			break;
		case 'local':
			what = `local device: ${id}, ${p95('davg')}`;
			break;
		case 'queue-throttled':
			what = `array pushing back: queue depth throttled on ${id}, ${p95(stretch.bottleneck === 'storage' ? 'davg' : 'kavg')}`;
			break;
		case 'host-wide':
			what = `host-wide: ${id}, ${p95('kavg')}`;
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
			what = `over-demand: ${id}, ${p95('kavg')} and ${p95('davg')}${loadRatio !== null ? ` at ${loadRatio.toFixed(1)}× its usual IOPS` : ''}`;
			break;
		case 'nfs':
			what = `NFS: ${id}, ${p95(metric)}`;
			break;
	}
	return `${what}, ${range}${spike}`;
}

/** The adapters whose paths to a multipathed LUN were slow over the stretch. */
function slowSides(stretch: Stretch): string {
	let worst: string | null = null;
	let davg = -1;
	for (const [adapter, side] of stretch.sides) {
		const mean = side.cmds > 0 ? side.weighted / side.cmds : -1;
		if (mean > davg) [worst, davg] = [adapter, mean];
	}
	return worst ?? 'one adapter';
}

function durationSentence(stretch: Stretch, range: string, episodes: number): string {
	const crit = stretch.critSamples > 0 ? `, ${Math.round((100 * stretch.critSamples) / stretch.over)}% of them at crit` : '';
	const worst = episodes > 1 ? `The worst of ${episodes} episodes: ` : '';
	if (stretch.over === 1) return `${worst}${worst ? 'a' : 'A'} one-sample spike at ${range} UTC${crit ? ' (at crit)' : ''}.`;
	const kind = stretch.seconds >= 60 ? 'sustained' : 'brief';
	return `${worst}${worst ? kind : kind[0]!.toUpperCase() + kind.slice(1)} for ${formatDuration(stretch.seconds)}, ${range} UTC (${stretch.over} samples at warn or above${crit}).`;
}

/** Evidence only a whole capture gives. */
function stretchEvidence(group: Group, stats: EntityDetail, stretch: Stretch, klass: StretchClass, {thresholds}: VerdictContext): {lines: string[]; timeouts: boolean} {
	const {lead} = group;
	const lines: string[] = [];
	const spread = (m: TimelineMetric) => `${label[m]} p95 ${ms(stretch[m].quantile(0.95))}, max ${ms(stretch[m].count > 0 ? stretch[m].max : null)}`;
	const over = `over the ${stats.episodeCount > 1 ? 'worst episode' : 'stretch'}`;
	if (lead.view === 'nfs') lines.push(`${over}: ${spread('gavg')}`);
	else lines.push(`${over}: ${klass === 'host' ? spread('kavg') : klass === 'storage' ? spread('davg') : `${spread('kavg')}; ${spread('davg')}`}`);

	const full = stretch.total('queueFull');
	if (full.sum > 0) lines.push(`queue full (ACTV = DQLEN) in ${full.sum} of ${full.count} samples`);

	const elsewhere = stats.overSamples - stretch.over;
	if (elsewhere > 0) lines.push(`${elsewhere} more ${elsewhere === 1 ? 'sample' : 'samples'} at warn or above outside this ${stats.episodeCount > 1 ? 'episode' : 'stretch'}`);
	if (lead.lowIoSamples > 0) lines.push(`${lead.lowIoSamples} more ${lead.lowIoSamples === 1 ? 'sample' : 'samples'} at warn or above left out: too little I/O to judge`);

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
			if (member.view === 'adapter') {
				const others = member.showsThrough.filter((id) => id !== lead.id);
				lines.push(`adapter ${member.id} went over the thresholds too: this ${lead.view === 'path' ? 'path' : 'LUN'}'s latency showing through, not adapter-wide${others.length > 0 ? ` (it also shows ${others.map(short).join(', ')})` : ''}`);
			}
		}
	}
	return {lines, timeouts};
}
