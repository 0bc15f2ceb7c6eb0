import type {ParseEvent, ParseStats, Sample} from '../../parse/capture-parser.js';
import type {Entity, Schema} from '../../parse/schema.js';
import type {ViewName} from '../../parse/storage-views.js';
import {type Thresholds, thresholdsFor} from '../../model/thresholds.js';
import {assembleReport} from './assemble.js';
import {attachVms} from './attach-vms.js';
import {VmLedger} from './vm-ledger.js';
import {EntityTable, statsKey} from './entity-table.js';
import {gathered, gatherFields, gatherSlots, stride} from './gather.js';
import {SchemaTopology} from '../topology.js';
import {defaultMinIo} from '../diagnose.js';
import {TimelineClock} from './timeline.js';
import type {TimeWindow} from './time-window.js';
import type {Report} from './types.js';

/** The views the report covers (virtual disks have no DAVG/KAVG split to judge). */
export const reportViews: readonly ViewName[] = ['device', 'adapter', 'path', 'nfs'];

export interface ReportOptions {
	thresholds: Thresholds;
	window?: TimeWindow | null;
	/** Culprits listed (the rest are counted). */
	top?: number;
	/** Commands/s under which latency is too little I/O to judge (default `defaultMinIo`). */
	minIo?: number;
}

export {defaultMinIo} from '../diagnose.js';

/** Samples in which the topology looks for paths adding up: all of the first ones, then one in `topologyStride`. */
const topologyFullSamples = 64;
const topologyStride = 8;

/**
 * Builds the triage report in one pass over a capture's parse events, in memory bounded by the
 * number of entities (never by the number of samples). Feed every batch to `add`, then call
 * `finish` with the parser's stats.
 */
export class ReportBuilder {
	readonly table = new EntityTable();
	/** Entity index by statsKey. */
	readonly keys = new Map<string, number>();
	readonly clock = new TimelineClock();
	/** One per header (concatenated captures): device ↔ path ↔ adapter links. */
	readonly topologies: SchemaTopology[] = [];
	/** Who drove each device (Per-Device-Per-World), for culprits[].vms and entities[].vms. */
	readonly vms = new VmLedger();
	readonly hosts = new Set<string>();
	rows = 0;
	warmup = 0;
	outsideWindow = 0;
	first = Number.NaN;
	last = Number.NaN;
	/** First and last row of the capture, window or not (for "the capture covers …"). */
	seenFirst = Number.NaN;
	seenLast = Number.NaN;
	// The current header's entities ("bindings"), as arrays indexed by binding: each sample's
	// fields are first gathered into `row` (see gather.ts).
	private index: Int32Array = new Int32Array(0);
	private slots: Int32Array = new Int32Array(0);
	private row: Float64Array = new Float64Array(0);
	private ranks: Int8Array = new Int8Array(0);
	private lost: Float64Array = new Float64Array(0);
	private topology: SchemaTopology | null = null;
	private topologyVersion = -1;
	/** Binding of each schema entity. */
	private bindingOf = new Map<Entity, number>();
	/** Multipathed devices (paths through several adapters): binding → its paths' bindings and adapters. */
	private sides = new Map<number, Array<{path: number; adapter: string}>>();
	/** The binding's adapter in `busy`/`slow` (-1: unknown), and the same for paths only (they are what is counted). */
	private adapterSlot: Int32Array = new Int32Array(0);
	private pathAdapterSlot: Int32Array = new Int32Array(0);
	/** Per adapter, this sample's busy paths and those with DAVG at warn or above. */
	private busy = new Uint32Array(0);
	private slow = new Uint32Array(0);
	private sampleNo = 0;
	private previousTime = Number.NaN;
	private interval = Number.NaN;
	private rowLost = false;
	/** How often each interval (whole seconds) occurred, for "every 5 s" (a few keys at most). */
	private readonly intervals = new Map<number, number>();

	constructor(readonly options: ReportOptions) {}

	add(events: readonly ParseEvent[]): void {
		for (const event of events) {
			if (event.kind === 'sample') this.sample(event.sample);
			else if (event.kind === 'header') this.bind(event.schema);
			else this.rowLost = true;
		}
	}

	/** The most common interval between rows, in seconds (null before two rows). */
	get typicalInterval(): number | null {
		let best: number | null = null;
		let most = 0;
		for (const [seconds, count] of this.intervals) {
			if (count > most) {
				best = seconds;
				most = count;
			}
		}
		return best;
	}

	get minIo(): number {
		return this.options.minIo ?? defaultMinIo;
	}

	finish(name: string, parse: ParseStats): Report {
		this.closeStretches();
		for (const topology of this.topologies) topology.settle();
		return attachVms(assembleReport(this, name, parse), this.vms);
	}

	private closeStretches(): void {
		for (const tracker of this.table.trackers) tracker?.close();
	}

	/** A header: close what the previous capture left open and map the new columns. */
	private bind(schema: Schema): void {
		this.closeStretches();
		this.hosts.add(schema.host);
		this.previousTime = Number.NaN;
		this.rowLost = false;
		const keyOf = (entity: Entity) => statsKey(schema.host, entity.view, entity.id);
		const entities = schema.entities.filter((entity) => reportViews.includes(entity.view));
		const adapterSlots = new Map(schema.byView.adapter.map((adapter, slot) => [adapter.id, slot]));
		const {table} = this;
		this.index = Int32Array.from(entities, (entity) => {
			const key = keyOf(entity);
			let e = this.keys.get(key);
			if (e === undefined) this.keys.set(key, (e = table.add({view: entity.view, id: entity.id, host: schema.host, adapter: null})));
			if (entity.adapters.length === 1) table.info[e]!.adapter = entity.adapters[0]!;
			return e;
		});
		this.adapterSlot = Int32Array.from(entities, (entity, i) => {
			const adapter = table.info[this.index[i]!]!.adapter;
			return adapter !== null && entity.view !== 'nfs' ? (adapterSlots.get(adapter) ?? -1) : -1;
		});
		this.pathAdapterSlot = this.adapterSlot.map((slot, i) => (entities[i]!.view === 'path' ? slot : -1));
		this.slots = gatherSlots(entities);
		this.row = new Float64Array(this.slots.length);
		this.ranks = new Int8Array(entities.length);
		this.lost = new Float64Array(entities.length);
		this.bindingOf = new Map(entities.map((entity, i) => [entity, i]));
		this.topology = new SchemaTopology(schema);
		this.topologies.push(this.topology);
		this.topologyVersion = -1;
		this.mapSides();
		this.busy = new Uint32Array(adapterSlots.size);
		this.slow = new Uint32Array(adapterSlots.size);
		this.vms.bind(schema, entities);
	}

	/** Which devices' paths go through several adapters, from the topology known so far. */
	private mapSides(): void {
		const topology = this.topology!;
		if (topology.version === this.topologyVersion) return;
		this.topologyVersion = topology.version;
		this.sides.clear();
		topology.devices.forEach((device, d) => {
			const paths = topology.links[d]!.paths;
			if (topology.adaptersOf(d).length < 2) return;
			const binding = this.bindingOf.get(device);
			if (binding === undefined) return;
			const list: Array<{path: number; adapter: string}> = [];
			for (const p of paths) {
				const path = this.bindingOf.get(topology.paths[p]!);
				const adapter = topology.adapterOfPath(p);
				if (path !== undefined && adapter) list.push({path, adapter});
			}
			this.sides.set(binding, list);
		});
	}

	private sample(sample: Sample): void {
		this.rows++;
		const {time} = sample;
		const previous = sample.rewound ? Number.NaN : this.previousTime;
		const lost = this.rowLost;
		this.previousTime = time;
		this.rowLost = false;
		this.options.window?.anchor(time);
		// Time went back: a new segment, as after a header; no stretch spans the step.
		if (sample.rewound) this.closeStretches();
		if (sample.index === 0) {
			this.warmup++;
			return;
		}
		if (!(time >= this.seenFirst)) this.seenFirst = time;
		if (!(time <= this.seenLast)) this.seenLast = time;
		if (this.options.window && !this.options.window.contains(time)) {
			this.outsideWindow++;
			return;
		}
		const seconds = this.secondsOf(time, previous, lost);
		if (!(time >= this.first)) this.first = time;
		if (!(time <= this.last)) this.last = time;
		const sampleNo = ++this.sampleNo;
		const {bucket, merged} = this.clock.place(time);
		if (merged) this.table.mergeTimeline();

		const {thresholds} = this.options;
		gatherFields(sample.values, this.slots, this.row);
		const minIo = this.minIo;
		this.table.take(this.row, this.index, time, seconds, bucket, thresholds, this.ranks, minIo, this.lost);
		this.vms.take(sample.values, this.ranks);
		this.countPaths(thresholds.davg.warn, minIo);
		this.track(time, seconds, sampleNo);
		// Linking devices to paths by their commands needs a few dozen samples, not all of them.
		const topology = this.topology!;
		if (topology.paths.length > 0 && (sampleNo <= topologyFullSamples || sampleNo % topologyStride === 0)) {
			if (topology.observe(sample.values)) this.mapSides();
		}
	}

	/** Stretches: into them at warn or above, out after a longer dip; entities never over are skipped. */
	private track(time: number, seconds: number, sampleNo: number): void {
		const {table, index, ranks, row} = this;
		const {thresholds} = this.options;
		for (let i = 0; i < index.length; i++) {
			const e = index[i]!;
			const rank = ranks[i]!;
			if (rank >= 1) {
				const tracker = table.tracker(e);
				tracker.over(row, i * stride, rank, time, seconds, sampleNo, thresholds.devices ? thresholdsFor(thresholds, table.info[e]!.id) : thresholds, this.lost[i]!);
				const sides = this.sides.get(i);
				if (sides) for (const side of sides) tracker.side(side.adapter, row[side.path * stride + gathered.cmds]!, row[side.path * stride + gathered.davg]!);
			}
			const tracker = table.trackers[e];
			if (!tracker) continue;
			if (rank < 1) tracker.below(seconds, sampleNo);
			const a = this.adapterSlot[i]!;
			if (a >= 0) tracker.noteMembers(sampleNo, this.busy[a]!, this.slow[a]!);
		}
	}

	/** Per adapter, its paths that carried enough commands to judge in this sample, and those with DAVG at warn. */
	private countPaths(davgWarn: number, minIo: number): void {
		const {row, busy, slow} = this;
		busy.fill(0);
		slow.fill(0);
		for (let i = 0; i < this.pathAdapterSlot.length; i++) {
			const a = this.pathAdapterSlot[i]!;
			if (a < 0 || !(row[i * stride + gathered.cmds]! >= minIo)) continue;
			busy[a]!++;
			if (row[i * stride + gathered.davg]! >= davgWarn) slow[a]!++;
		}
	}

	/**
	 * The interval a sample averages over: the time since the row before it. Where a row was
	 * lost in between (skipped as garbled), the gap is two intervals, so the last one stands in.
	 */
	private secondsOf(time: number, previous: number, lost: boolean): number {
		const gap = (time - previous) / 1000;
		if (!lost && gap > 0) {
			this.interval = gap;
			const key = Math.round(gap);
			if (this.intervals.has(key) || this.intervals.size < 64) this.intervals.set(key, (this.intervals.get(key) ?? 0) + 1);
			return gap;
		}
		return Number.isFinite(this.interval) ? this.interval : 0;
	}
}
