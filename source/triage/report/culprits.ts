import type {Thresholds} from '../../model/thresholds.js';
import {type EntityDetail, EntityIndex, overlaps, storageSide} from './entity-index.js';
import {TimeFormat} from './time-format.js';
import type {Culprit, EntitySummary} from './types.js';
import {verdictFor} from './verdict.js';

/** A culprit before its verdict: the entity it is about and the ones folded into it. */
export interface Group {
	lead: EntitySummary;
	members: EntitySummary[];
	/** An adapter whose busy paths were mostly slow together: path, HBA or fabric. */
	adapterWide: boolean;
}

/**
 * Groups the entities that went over a threshold into culprits and ranks them by severity ×
 * duration (a short spike never outranks a sustained problem). An adapter whose busy paths
 * were mostly slow at the same time is one culprit with its LUNs folded in; otherwise each
 * device is one, with its path and its adapter (whose latency it drove) folded in.
 */
export function findCulprits(entities: readonly EntitySummary[], statsOf: ReadonlyMap<EntitySummary, EntityDetail>, thresholds: Thresholds, span: {from: number | null; to: number | null; buckets: number}): Culprit[] {
	const index = new EntityIndex(entities);
	const candidates = entities.filter((e) => e.stretch !== null).sort((a, b) => b.score - a.score);
	const folded = new Set<EntitySummary>();
	const groups: Group[] = [];
	const take = (group: Group) => {
		groups.push(group);
		folded.add(group.lead);
		for (const member of group.members) folded.add(member);
	};

	for (const adapter of candidates) {
		if (adapter.view !== 'adapter' || !storageSide(adapter)) continue;
		const members = adapterWideMembers(adapter, statsOf.get(adapter)!, index, folded);
		if (members) take({lead: adapter, members, adapterWide: true});
	}
	for (const device of candidates) {
		if (device.view !== 'device' || folded.has(device)) continue;
		const members: EntitySummary[] = [];
		const path = index.linkOf(device);
		if (path && !folded.has(path) && overlaps(path.stretch, device.stretch)) members.push(path);
		const adapter = index.get(device.host, 'adapter', device.adapter);
		if (adapter && !folded.has(adapter) && overlaps(adapter.stretch, device.stretch)) members.push(adapter);
		take({lead: device, members, adapterWide: false});
	}
	for (const entity of candidates) {
		if (folded.has(entity)) continue;
		const members: EntitySummary[] = [];
		const adapter = entity.view === 'path' ? index.get(entity.host, 'adapter', entity.adapter) : null;
		if (adapter && !folded.has(adapter) && overlaps(adapter.stretch, entity.stretch)) members.push(adapter);
		take({lead: entity, members, adapterWide: false});
	}

	const time = new TimeFormat(span.from, span.to);
	const culprits = groups.map((group) => verdictFor(group, {index, statsOf, thresholds, time, buckets: span.buckets}));
	culprits.sort((a, b) => b.score - a.score || (b.severity === 'crit' ? 1 : 0) - (a.severity === 'crit' ? 1 : 0) || b.seconds - a.seconds);
	return culprits.map((culprit, i) => ({...culprit, rank: i + 1}));
}

/**
 * The slow paths of an adapter (and their devices) when most of its busy paths were slow over
 * its stretch, sample by sample; null when the adapter's latency is one LUN's showing through.
 */
function adapterWideMembers(adapter: EntitySummary, stats: EntityDetail, index: EntityIndex, folded: ReadonlySet<EntitySummary>): EntitySummary[] | null {
	const paths = index.busyPathsOn(adapter.host, adapter.id);
	if (paths.length < 2) return null;
	const slowPaths = paths.filter((path) => !folded.has(path) && storageSide(path) && overlaps(path.stretch, adapter.stretch));
	const stretch = stats.best!;
	const share = stretch.memberBusy > 0 ? stretch.memberSlow / stretch.memberBusy : slowPaths.length / paths.length;
	if (share <= 0.5 || slowPaths.length < 2) return null;
	const members: EntitySummary[] = [];
	for (const path of slowPaths) {
		members.push(path);
		const device = index.linkOf(path);
		if (device && !folded.has(device) && device.stretch) members.push(device);
	}
	for (const device of index.entities) {
		if (device.view !== 'device' || device.host !== adapter.host || device.adapter !== adapter.id) continue;
		if (!members.includes(device) && !folded.has(device) && storageSide(device) && overlaps(device.stretch, adapter.stretch)) members.push(device);
	}
	return members;
}
