import type {Sample} from '../parse/capture-parser.js';
import type {Entity} from '../parse/schema.js';
import {viewFields} from '../parse/storage-views.js';
import type {HistoryView} from '../model/history.js';
import {fieldValue, rowValues} from '../model/rows.js';
import {type Thresholds, thresholdsFor} from '../model/thresholds.js';
import {entitySeverity, findEntity} from '../model/entity-stats.js';
import {severityRank} from './classify.js';
import {type AdapterContext, type DiagnoseInput, type Diagnosis, defaultMinIo, diagnose, type PathSide} from './diagnose.js';
import {linkBasisText, type SchemaTopology, topologyOf} from './topology.js';

/** Samples of history the hint pane reads for a device's usual load and its queue depth. */
export const baselineSamples = 120;

/** What the history says about one entity: how sustained its trouble is, its usual load, its largest DQLEN. */
export interface HistoryEvidence {
	recent: {over: number; of: number};
	/** Median commands/s over the samples below warn (null when none): a ramp-up does not lift it. */
	baseline: number | null;
	dqlenMax: number | null;
	/** When DQLEN was last seen at its largest before the current sample (epoch ms). */
	dqlenSince: number | null;
}

/**
 * Of the newest `recentOf` history samples, how many had the entity at warn or above; over the
 * newest `baselineSamples`, its load when healthy and its largest queue depth.
 */
export function historyEvidence(history: HistoryView, view: Entity['view'], id: string, t: Thresholds, recentOf: number): HistoryEvidence {
	let over = 0;
	let of = 0;
	const healthy: number[] = [];
	let dqlenMax: number | null = null;
	let dqlenSince: number | null = null;
	let seen = 0;
	for (let i = history.length - 1; i >= 0 && seen < baselineSamples; i--) {
		const point = history.at(i)!;
		if (point.kind !== 'sample' || point.sample.index === 0) continue;
		const entity = findEntity(point.sample.schema, view, id);
		if (!entity) continue;
		seen++;
		const bad = severityRank(entitySeverity(point.sample.values, entity, t)) >= severityRank('warn');
		if (of < recentOf) {
			of++;
			if (bad) over++;
		}
		const cmds = fieldValue(point.sample.values, entity, 'cmds');
		if (!bad && cmds !== null) healthy.push(cmds);
		const dqlen = fieldValue(point.sample.values, entity, 'dqlen');
		if (dqlen !== null && (dqlenMax === null || dqlen > dqlenMax)) {
			dqlenMax = dqlen;
			dqlenSince = point.sample.time;
		}
	}
	healthy.sort((a, b) => a - b);
	return {recent: {over, of}, baseline: healthy.length > 0 ? healthy[Math.floor(healthy.length / 2)]! : null, dqlenMax, dqlenSince};
}

/**
 * What the diagnosis of one entity needs from the rest of its sample: the topology (which paths
 * and adapters serve each device, how that is known), how the busy LUNs behind each adapter and
 * the host's devices are doing. Computed once per sample, shared by every row; the same rules
 * as the report (`diagnose()`), on the current sample and its recent history.
 */
export class SampleContext {
	readonly topology: SchemaTopology;
	private readonly adapterStats = new Map<string, {devices: number; slow: number}>();
	private readonly adapterEntities = new Map<string, Entity>();
	private readonly deviceIndex = new Map<Entity, number>();
	readonly hostDevices: number;
	readonly hostSlowDevices: number;
	readonly hostSideDevices: number;
	readonly minIo: number;

	constructor(
		readonly sample: Sample,
		readonly thresholds: Thresholds,
		options: {minIo?: number} = {},
	) {
		this.minIo = options.minIo ?? defaultMinIo;
		const {byView} = sample.schema;
		const {values} = sample;
		this.topology = topologyOf(sample.schema);
		// One sample whose commands add up is enough for the screen; the report asks for more.
		if (sample.index !== 0) this.topology.observe(values, 1);
		for (const adapter of byView.adapter) this.adapterEntities.set(adapter.id, adapter);
		let busy = 0;
		let slowDevices = 0;
		let hostSide = 0;
		byView.device.forEach((device, d) => {
			this.deviceIndex.set(device, d);
			const cmds = fieldValue(values, device, 'cmds');
			if (!(cmds !== null && cmds >= this.minIo)) return;
			busy++;
			const davg = fieldValue(values, device, 'davg');
			const kavg = fieldValue(values, device, 'kavg');
			// A per-device rule's bands, where one matches.
			const t = thresholdsFor(thresholds, device.id);
			const slow = davg !== null && davg >= t.davg.warn;
			if (slow) slowDevices++;
			const actv = fieldValue(values, device, 'actv');
			const dqlen = fieldValue(values, device, 'dqlen');
			const full = actv !== null && dqlen !== null && dqlen > 0 && actv >= dqlen;
			if (kavg !== null && kavg >= t.kavg.warn && !full) hostSide++;
			for (const adapter of this.topology.adaptersOf(d)) {
				const stats = this.adapterStats.get(adapter) ?? {devices: 0, slow: 0};
				stats.devices++;
				if (slow) stats.slow++;
				this.adapterStats.set(adapter, stats);
			}
		});
		this.hostDevices = busy;
		this.hostSlowDevices = slowDevices;
		this.hostSideDevices = hostSide;
	}

	/** The adapter context of a device on one adapter, where the topology knows it. */
	adapterOf(entity: Entity): AdapterContext | null {
		const d = entity.view === 'device' ? this.deviceIndex.get(entity) : undefined;
		if (d === undefined) return null;
		const adapters = this.topology.adaptersOf(d);
		if (adapters.length !== 1) return null;
		const id = adapters[0]!;
		const stats = this.adapterStats.get(id) ?? {devices: 1, slow: 0};
		const adapter = this.adapterEntities.get(id);
		const links = this.topology.links[d]!;
		const basis = entity.id.startsWith('mpx.')
			? 'the mpx. device id'
			: links.paths.length > 0
				? `path ${links.paths.map((p) => this.topology.paths[p]!.id).join(', ')}, linked by ${[...links.basis].map((b) => linkBasisText[b]).join(' and ')}`
				: 'its path names';
		return {id, davg: adapter ? fieldValue(this.sample.values, adapter, 'davg') : null, devices: stats.devices, slowDevices: stats.slow, basis};
	}

	/** A multipathed device's paths by adapter in this sample: command-weighted DAVG and commands/s. */
	sidesOf(entity: Entity): PathSide[] {
		const d = entity.view === 'device' ? this.deviceIndex.get(entity) : undefined;
		if (d === undefined || this.topology.adaptersOf(d).length < 2) return [];
		const sides = new Map<string, {weighted: number; cmds: number}>();
		for (const p of this.topology.links[d]!.paths) {
			const adapter = this.topology.adapterOfPath(p);
			const path = this.topology.paths[p]!;
			const cmds = fieldValue(this.sample.values, path, 'cmds');
			const davg = fieldValue(this.sample.values, path, 'davg');
			if (!adapter || cmds === null || davg === null || !(cmds > 0)) continue;
			const side = sides.get(adapter) ?? {weighted: 0, cmds: 0};
			side.weighted += cmds * davg;
			side.cmds += cmds;
			sides.set(adapter, side);
		}
		return [...sides].map(([adapter, side]) => ({adapter, davg: side.weighted / side.cmds, cmds: side.cmds}));
	}

	/** Diagnoses one entity in this sample; `history` (its usual load, queue depth, how sustained) when the screen has one. */
	diagnose(entity: Entity, history?: HistoryEvidence | {over: number; of: number}): Diagnosis {
		const evidence = history && 'recent' in history ? history : null;
		const recent = evidence ? evidence.recent : (history as {over: number; of: number} | undefined);
		const d = entity.view === 'device' ? this.deviceIndex.get(entity) : undefined;
		const input: DiagnoseInput = {
			view: entity.view,
			id: entity.id,
			row: rowValues(this.sample, entity, viewFields[entity.view]),
			thresholds: this.thresholds,
			warmup: this.sample.index === 0,
			adapter: this.adapterOf(entity),
			host: {
				devices: this.hostDevices,
				slowDevices: this.hostSlowDevices,
				hostSide: this.hostSideDevices,
				adapters: [...this.adapterEntities.values()].map((adapter) => ({id: adapter.id, davg: fieldValue(this.sample.values, adapter, 'davg')})),
			},
			local: d === undefined ? null : this.topology.local[d]!,
			minIo: this.minIo,
			sides: this.sidesOf(entity),
			...(recent ? {recent} : {}),
			...(evidence ? {baseline: evidence.baseline, dqlenMax: evidence.dqlenMax, dqlenDroppedAt: null} : {}),
		};
		return diagnose(input);
	}
}
