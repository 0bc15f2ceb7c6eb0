import type {Thresholds} from '../../model/thresholds.js';
import {type EntityDetail, EntityIndex, overlaps, storageSide} from './entity-index.js';
import {hostWideCulprit} from './host-wide.js';
import {TimeFormat} from './time-format.js';
import type {Culprit, EntitySummary} from './types.js';
import {verdictFor} from './verdict.js';

/** A culprit before its verdict: the entity it is about and the ones folded into it. */
export interface Group {
	lead: EntitySummary;
	members: EntitySummary[];
	/** An adapter whose busy LUNs were mostly slow together: path, HBA or fabric. */
	adapterWide: boolean;
}

export interface CulpritSpan {
	from: number | null;
	to: number | null;
	/** Timeline buckets in use, and when each starts. */
	buckets: number;
	bucketStarts: number[];
	minIo: number;
	hosts: string[];
}

/**
 * Groups the entities that went over a threshold with enough I/O to judge into culprits and
 * ranks them by what the guests lost (seconds of waiting above the thresholds). An adapter is
 * a culprit of its own only when most of its busy LUNs were slow in the same samples; otherwise
 * each LUN is one, and the adapter row says which LUNs show through it. When most busy devices
 * share one host-side cause, they become one host-wide culprit.
 */
export function findCulprits(entities: readonly EntitySummary[], statsOf: ReadonlyMap<EntitySummary, EntityDetail>, thresholds: Thresholds, span: CulpritSpan): Culprit[] {
	const index = new EntityIndex(entities);
	const candidates = entities.filter((e) => e.stretch !== null).sort((a, b) => b.lost - a.lost || b.score - a.score);
	const folded = new Set<EntitySummary>();
	const groups: Group[] = [];
	const take = (group: Group) => {
		groups.push(group);
		folded.add(group.lead);
		for (const member of group.members) if (member.view !== 'adapter' || group.adapterWide) folded.add(member);
	};

	for (const adapter of candidates) {
		if (adapter.view !== 'adapter' || !storageSide(adapter)) continue;
		const members = adapterWideMembers(adapter, statsOf.get(adapter)!, index, folded);
		if (members) take({lead: adapter, members, adapterWide: true});
	}
	for (const device of candidates) {
		if (device.view !== 'device' || folded.has(device)) continue;
		const members: EntitySummary[] = [];
		for (const path of index.pathsOf(device)) if (!folded.has(path) && overlaps(path.stretch, device.stretch)) members.push(path);
		// An adapter that is not adapter-wide shows its LUNs' latency: each such LUN names it.
		for (const id of device.adapters) {
			const adapter = index.get(device.host, 'adapter', id);
			if (adapter && !folded.has(adapter) && adapter.stretch) {
				members.push(adapter);
				if (!adapter.showsThrough.includes(device.id)) adapter.showsThrough.push(device.id);
			}
		}
		take({lead: device, members, adapterWide: false});
	}
	for (const entity of candidates) {
		if (folded.has(entity)) continue;
		// An adapter whose LUNs are culprits of their own is explained by them.
		if (entity.view === 'adapter' && entity.showsThrough.length > 0) continue;
		const members: EntitySummary[] = [];
		const adapter = entity.view === 'path' ? index.get(entity.host, 'adapter', entity.adapter) : null;
		if (adapter && !folded.has(adapter) && overlaps(adapter.stretch, entity.stretch)) {
			members.push(adapter);
			if (!adapter.showsThrough.includes(entity.id)) adapter.showsThrough.push(entity.id);
		}
		take({lead: entity, members, adapterWide: false});
	}

	const time = new TimeFormat(span.from, span.to);
	const context = {index, statsOf, thresholds, time, buckets: span.buckets, bucketStarts: span.bucketStarts, minIo: span.minIo};
	let culprits = groups.map((group) => verdictFor(group, context));
	for (const host of span.hosts) culprits = hostWideCulprit(culprits, host, index, context) ?? culprits;
	culprits.sort((a, b) => b.lost - a.lost || b.score - a.score || (b.severity === 'crit' ? 1 : 0) - (a.severity === 'crit' ? 1 : 0) || b.seconds - a.seconds);
	return culprits.map((culprit, i) => ({...culprit, rank: i + 1}));
}

/**
 * The slow paths of an adapter (and their devices) when most of its busy paths were slow in
 * the same samples over its worst stretch and they reach at least two LUNs; null when the
 * adapter's latency is one LUN's showing through.
 */
function adapterWideMembers(adapter: EntitySummary, stats: EntityDetail, index: EntityIndex, folded: ReadonlySet<EntitySummary>): EntitySummary[] | null {
	const paths = index.busyPathsOn(adapter.host, adapter.id);
	if (paths.length < 2) return null;
	const slowPaths = paths.filter((path) => !folded.has(path) && storageSide(path) && overlaps(path.stretch, adapter.stretch));
	const stretch = stats.best!;
	const share = stretch.memberBusy > 0 ? stretch.memberSlow / stretch.memberBusy : slowPaths.length / paths.length;
	const luns = new Set(slowPaths.map((path) => path.linked ?? path.id));
	if (share <= 0.5 || luns.size < 2) return null;
	const members: EntitySummary[] = [];
	for (const path of slowPaths) {
		members.push(path);
		const device = index.linkOf(path);
		if (device && !folded.has(device) && device.stretch && !members.includes(device)) members.push(device);
	}
	for (const device of index.devicesOn(adapter.host, adapter.id)) {
		if (!members.includes(device) && !folded.has(device) && device.adapters.length === 1 && storageSide(device) && overlaps(device.stretch, adapter.stretch)) members.push(device);
	}
	return members;
}
