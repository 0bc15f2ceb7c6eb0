import type {Sample} from '../parse/capture-parser.js';
import type {Entity} from '../parse/schema.js';
import {viewFields} from '../parse/storage-views.js';
import {type AdapterContext, type DiagnoseInput, type Diagnosis, diagnose} from './diagnose.js';
import {fieldValue, rowValues} from '../model/rows.js';
import {type Thresholds, thresholdsFor} from '../model/thresholds.js';

/**
 * What the diagnosis of one entity needs from the rest of its sample: how the adapter it sits on
 * and the host's other devices are doing. Computed once per sample, shared by every row.
 */
export class SampleContext {
	private readonly adapterStats = new Map<string, {devices: number; slow: number}>();
	private readonly adapterEntities = new Map<string, Entity>();
	/** Device → adapter, where the capture says (ids, path names) or its one busy path matches it. */
	private readonly deviceAdapter = new Map<Entity, {id: string; basis: string}>();
	readonly hostDevices: number;
	readonly hostSlowDevices: number;

	constructor(
		readonly sample: Sample,
		readonly thresholds: Thresholds,
	) {
		const {byView} = sample.schema;
		for (const adapter of byView.adapter) this.adapterEntities.set(adapter.id, adapter);
		this.mapDevices();
		let slowDevices = 0;
		for (const device of byView.device) {
			const davg = fieldValue(sample.values, device, 'davg');
			const slow = davg !== null && davg >= thresholdsFor(thresholds, device.id).davg.warn;
			if (slow) slowDevices++;
			const adapter = this.deviceAdapter.get(device);
			if (!adapter) continue;
			const stats = this.adapterStats.get(adapter.id) ?? {devices: 0, slow: 0};
			stats.devices++;
			if (slow) stats.slow++;
			this.adapterStats.set(adapter.id, stats);
		}
		this.hostDevices = byView.device.length;
		this.hostSlowDevices = slowDevices;
	}

	/** The adapter context of a device, where it is known which adapter the device is on. */
	adapterOf(entity: Entity): AdapterContext | null {
		const mapped = entity.view === 'device' ? this.deviceAdapter.get(entity) : undefined;
		if (!mapped) return null;
		const stats = this.adapterStats.get(mapped.id) ?? {devices: 1, slow: 0};
		const adapter = this.adapterEntities.get(mapped.id);
		return {
			id: mapped.id,
			davg: adapter ? fieldValue(this.sample.values, adapter, 'davg') : null,
			devices: stats.devices,
			slowDevices: stats.slow,
			basis: mapped.basis,
		};
	}

	/** Diagnoses one entity in this sample; `recent` says how sustained its trouble is. */
	diagnose(entity: Entity, recent?: DiagnoseInput['recent']): Diagnosis {
		return diagnose({
			view: entity.view,
			id: entity.id,
			row: rowValues(this.sample, entity, viewFields[entity.view]),
			thresholds: this.thresholds,
			warmup: this.sample.index === 0,
			adapter: this.adapterOf(entity),
			host: {
				devices: this.hostDevices,
				slowDevices: this.hostSlowDevices,
				adapters: [...this.adapterEntities.values()].map((adapter) => ({id: adapter.id, davg: fieldValue(this.sample.values, adapter, 'davg')})),
			},
			...(recent ? {recent} : {}),
		});
	}

	/**
	 * Batch output rarely says which adapter a device is on. The schema knows it from mpx. ids
	 * and per-device path names; otherwise a device whose commands/s and DAVG equal exactly one
	 * busy path's in this sample is on that path (a single active path carries all its I/O).
	 */
	private mapDevices(): void {
		const {byView} = this.sample.schema;
		const {values} = this.sample;
		const pathsByLoad = new Map<string, Entity[]>();
		const load = (entity: Entity) => {
			const cmds = fieldValue(values, entity, 'cmds');
			const davg = fieldValue(values, entity, 'davg');
			return cmds !== null && cmds > 0 && davg !== null ? `${cmds}/${davg}` : null;
		};
		for (const path of byView.path) {
			const key = load(path);
			if (key === null || path.adapters.length !== 1) continue;
			pathsByLoad.set(key, [...(pathsByLoad.get(key) ?? []), path]);
		}
		for (const device of byView.device) {
			if (device.adapters.length === 1) {
				this.deviceAdapter.set(device, {id: device.adapters[0]!, basis: device.id.startsWith('mpx.') ? 'the mpx. device id' : 'its path names'});
				continue;
			}
			const key = load(device);
			const paths = key === null ? undefined : pathsByLoad.get(key);
			if (paths?.length === 1) this.deviceAdapter.set(device, {id: paths[0]!.adapters[0]!, basis: `path ${paths[0]!.id}, whose counters match this sample`});
		}
	}
}
