import type {ViewName} from '../../parse/storage-views.js';
import {statsKey, type TimelineMetric} from './entity-table.js';
import type {Episode, Stretch} from './stretch.js';
import type {EntitySummary, StretchSummary} from './types.js';

/** What verdicts read beyond an entity's summary: its longest stretch's internals, load, timeline. */
export interface EntityDetail {
	best: Stretch | null;
	/** Samples at warn or above, all stretches together. */
	overSamples: number;
	cmds: {sum: number; count: number};
	series(metric: TimelineMetric): Float32Array;
	/** Per timeline bucket, the metric's mean (NaN where empty). */
	means(metric: TimelineMetric): number[];
	/** Its episodes (the worst `maxEpisodes`), in the order they ended. */
	episodes: Episode[];
	episodeCount: number;
	/** Gaps between episode starts: count, Σ seconds, Σ seconds². */
	gaps: {count: number; sum: number; squares: number};
}

/** Lookups across the report's entities: adapters, their paths, device ↔ path links. */
export class EntityIndex {
	private readonly byKey = new Map<string, EntitySummary>();

	constructor(readonly entities: readonly EntitySummary[]) {
		for (const entity of entities) this.byKey.set(statsKey(entity.host, entity.view, entity.id), entity);
	}

	get(host: string, view: ViewName, id: string | null): EntitySummary | null {
		return id === null ? null : (this.byKey.get(statsKey(host, view, id)) ?? null);
	}

	/** Paths on an adapter that carried commands: one per LUN it reaches. */
	busyPathsOn(host: string, adapter: string): EntitySummary[] {
		return this.entities.filter((e) => e.view === 'path' && e.host === host && e.adapter === adapter && isBusy(e));
	}

	busyDevices(host: string): EntitySummary[] {
		return this.entities.filter((e) => e.view === 'device' && e.host === host && isBusy(e));
	}

	/** A path's device, or a device's only path, where the report linked them. */
	linkOf(entity: EntitySummary): EntitySummary | null {
		if (entity.view === 'device') return this.get(entity.host, 'path', entity.linked);
		if (entity.view === 'path') return this.get(entity.host, 'device', entity.linked);
		return null;
	}

	/** A device's paths (all of them, multipathed or not). */
	pathsOf(device: EntitySummary): EntitySummary[] {
		return (device.paths ?? []).map((path) => this.get(device.host, 'path', path.id)).filter((path): path is EntitySummary => path !== null);
	}

	/** Devices reached through an adapter (by their paths, or their mpx. id). */
	devicesOn(host: string, adapter: string): EntitySummary[] {
		return this.entities.filter((e) => e.view === 'device' && e.host === host && e.adapters.includes(adapter));
	}
}

export function isBusy(entity: EntitySummary): boolean {
	return (entity.cmds?.mean ?? 0) > 0;
}

/** DAVG is part of the problem: storage or both. */
export function storageSide(entity: EntitySummary): boolean {
	return entity.stretch !== null && entity.stretch.bottleneck !== 'host';
}

export function overlaps(a: StretchSummary | null, b: StretchSummary | null): boolean {
	return a !== null && b !== null && a.from <= b.to && b.from <= a.to;
}
