import type {Sample} from '../parse/capture-parser.js';
import type {Entity} from '../parse/schema.js';
import {viewFields} from '../parse/storage-views.js';
import {type AdapterContext, type DiagnoseInput, type Diagnosis, diagnose} from './diagnose.js';
import {fieldValue, rowValues} from './rows.js';
import type {Thresholds} from './thresholds.js';

/**
 * What the diagnosis of one entity needs from the rest of its sample: how the adapter it sits on
 * and the host's other devices are doing. Computed once per sample, shared by every row.
 */
export class SampleContext {
	private readonly adapterStats = new Map<string, {devices: number; slow: number}>();
	private readonly adapterEntities = new Map<string, Entity>();
	readonly hostDevices: number;
	readonly hostSlowDevices: number;

	constructor(
		readonly sample: Sample,
		readonly thresholds: Thresholds,
	) {
		const {byView} = sample.schema;
		let slowDevices = 0;
		for (const adapter of byView.adapter) this.adapterEntities.set(adapter.id, adapter);
		for (const device of byView.device) {
			const davg = fieldValue(sample.values, device, 'davg');
			const slow = davg !== null && davg >= thresholds.davg.warn;
			if (slow) slowDevices++;
			for (const adapter of device.adapters) {
				const stats = this.adapterStats.get(adapter) ?? {devices: 0, slow: 0};
				stats.devices++;
				if (slow) stats.slow++;
				this.adapterStats.set(adapter, stats);
			}
		}
		this.hostDevices = byView.device.length;
		this.hostSlowDevices = slowDevices;
	}

	/** The adapter context of a device or path, where the capture maps it to one adapter. */
	adapterOf(entity: Entity): AdapterContext | null {
		if (entity.view !== 'device' || entity.adapters.length !== 1) return null;
		const id = entity.adapters[0]!;
		const stats = this.adapterStats.get(id);
		if (!stats) return null;
		const adapter = this.adapterEntities.get(id);
		return {
			id,
			davg: adapter ? fieldValue(this.sample.values, adapter, 'davg') : null,
			devices: stats.devices,
			slowDevices: stats.slow,
			basis: entity.id.startsWith('mpx.') ? 'the mpx. device id' : 'its path names',
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
			host: {devices: this.hostDevices, slowDevices: this.hostSlowDevices},
			...(recent ? {recent} : {}),
		});
	}
}
