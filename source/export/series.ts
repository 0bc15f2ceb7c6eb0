import {bottleneckOf} from '../triage/classify.js';
import {fieldValue} from '../model/rows.js';
import type {Thresholds} from '../model/thresholds.js';
import type {Entity} from '../parse/schema.js';
import type {ViewName} from '../parse/storage-views.js';
import {bottleneckClasses, deviceBottleneck, deviceTotals, type Family, fieldGauges, hostFamilies, stages} from './families.js';
import {HostMetrics, T} from './host-metrics.js';
import {exportedViews, type MetricsSelection} from './selection.js';

/** Receives one series: its family, label values in `family.labels` order ('' = no such label), its value. */
export type SeriesSink = (family: Family, labels: readonly string[], value: number) => void;

/** The host's own series: up, sample age and time, reconnects. Served while live only. */
export function hostSeries(host: HostMetrics, now: number, sink: SeriesSink): void {
	const labels = [host.host];
	sink(hostFamilies.up, labels, host.up ? 1 : 0);
	if (host.latest && host.arrivedAt !== null) {
		sink(hostFamilies.sampleAge, labels, Math.max(0, now - host.arrivedAt) / 1000);
		sink(hostFamilies.sampleTime, labels, host.latest.time / 1000);
	}
	sink(hostFamilies.reconnects, labels, host.reconnects);
}

/**
 * The series of the host's latest sample, family by family: none while it is not current (a
 * reconnecting host serves no stale values). Missing counters and empty cells make no series.
 */
export function entitySeries(host: HostMetrics, selection: MetricsSelection, thresholds: Thresholds, sink: SeriesSink): void {
	const sample = host.latest;
	if (!sample) return;
	const views = exportedViews(selection, sample.schema);
	if (!entityHost.has(sample.schema.entities[0]!)) for (const entity of sample.schema.entities) entityHost.set(entity, sample.schema.host);
	const entities = selectedEntities(sample.schema.byView, views, selection.filter);
	for (let at = 0; at < fieldGauges.length; at++) {
		const gauge = fieldGauges[at]!;
		for (const entity of entities[gauge.view]) {
			const value = fieldValue(sample.values, entity, gauge.field);
			if (value === null) continue;
			sink(gauge.family, seriesLabels(entity, at, gauge.extra), gauge.scale === 1 ? value : scaled(value, gauge.scale));
		}
	}
	for (const entity of entities.device) {
		const verdict = bottleneckOf(fieldValue(sample.values, entity, 'kavg'), fieldValue(sample.values, entity, 'davg'), fieldValue(sample.values, entity, 'gavg'), thresholds);
		if (verdict === null) continue;
		for (let at = 0; at < bottleneckClasses.length; at++) sink(deviceBottleneck, seriesLabels(entity, bottleneckSlot + at, bottleneckClasses[at]), verdict === bottleneckClasses[at] ? 1 : 0);
	}
	totalSeries(host, entities.device, sink);
}

/** Label-array slots per entity: the field gauges, then the bottleneck classes, then the totals. */
const bottleneckSlot = fieldGauges.length;
const totalsSlot = bottleneckSlot + bottleneckClasses.length;
const totalFamilies: ReadonlyArray<readonly [Family, number, string | undefined]> = [
	[deviceTotals.commands, T.commands, undefined],
	...stages.map(([stage], at) => [deviceTotals.latency, T.latency + at, stage] as const),
	[deviceTotals.failed, T.failed, undefined],
	[deviceTotals.aborts, T.aborts, undefined],
	[deviceTotals.resets, T.resets, undefined],
];

function totalSeries(host: HostMetrics, devices: readonly Entity[], sink: SeriesSink): void {
	for (let at = 0; at < totalFamilies.length; at++) {
		const [family, slot, extra] = totalFamilies[at]!;
		for (const entity of devices) {
			const value = host.totals.get(entity.id)?.[slot];
			if (value === undefined || Number.isNaN(value)) continue;
			sink(family, seriesLabels(entity, totalsSlot + at, extra), value);
		}
	}
}

const labelArrays = new WeakMap<Entity, Array<readonly string[] | undefined>>();

/**
 * The label values of one series of an entity, made once per entity and series and then
 * reused: the same array every sample, so a writer can cache what it formats from it. The
 * host is the entity's schema's (a schema belongs to one host).
 */
function seriesLabels(entity: Entity, slot: number, extra: string | undefined): readonly string[] {
	let arrays = labelArrays.get(entity);
	if (!arrays) {
		arrays = [];
		labelArrays.set(entity, arrays);
	}
	return (arrays[slot] ??= extra === undefined ? [entityHost.get(entity)!, ...entityLabels(entity)] : [entityHost.get(entity)!, ...entityLabels(entity), extra]);
}

/** Each entity's host name, recorded when its sample is read. */
const entityHost = new WeakMap<Entity, string>();

/** ms → s without binary noise: 2.03 ms is 0.00203, not 0.0020299999999999997 (esxtop prints ≤ 15 digits). */
function scaled(value: number, scale: number): number {
	return Number((value * scale).toPrecision(15));
}

type EntitiesByView = Record<ViewName, readonly Entity[]>;
const none: readonly Entity[] = [];

function selectedEntities(byView: Record<ViewName, Entity[]>, views: ReadonlySet<ViewName>, filter: RegExp | null): EntitiesByView {
	const pick = (view: ViewName) => (!views.has(view) ? none : filter ? byView[view].filter((entity) => filter.test(entity.id)) : byView[view]);
	return {device: pick('device'), adapter: pick('adapter'), path: pick('path'), vm: pick('vm'), nfs: pick('nfs')};
}

const vmDisk = /:((?:scsi|sata|ide|nvme)\d+:\d+)$/;
const labelCache = new WeakMap<Entity, readonly string[]>();

/** An entity's own label values: its id, or for a VM virtual disk `vm` and `disk` ('' for the VM's total). */
function entityLabels(entity: Entity): readonly string[] {
	let labels = labelCache.get(entity);
	if (!labels) {
		const disk = entity.view === 'vm' ? vmDisk.exec(entity.id) : null;
		labels = entity.view !== 'vm' ? [entity.id] : disk ? [entity.id.slice(0, disk.index), disk[1]!] : [entity.id, ''];
		labelCache.set(entity, labels);
	}
	return labels;
}
