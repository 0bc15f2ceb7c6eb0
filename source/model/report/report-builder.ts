import type {ParseEvent, ParseStats, Sample} from '../../parse/capture-parser.js';
import type {Entity, Schema} from '../../parse/schema.js';
import type {ViewName} from '../../parse/storage-views.js';
import type {Thresholds} from '../thresholds.js';
import {assembleReport} from './assemble.js';
import {EntityStats, sampleBusy, sampleSlowDavg, statsKey} from './entity-stats.js';
import {PathLinker} from './path-links.js';
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
}

const linkerFullSamples = 64;
const linkerStride = 8;

interface Binding {
	entity: Entity;
	stats: EntityStats;
	/** Index of the entity's adapter in the per-sample path counts (`busy`, `slow`), else -1. */
	adapterSlot: number;
	/** A path with a known adapter: counted in its adapter's busy/slow paths. */
	countsForAdapter: boolean;
}

/**
 * Builds the triage report in one pass over a capture's parse events, in memory bounded by the
 * number of entities (never by the number of samples). Feed every batch to `add`, then call
 * `finish` with the parser's stats.
 */
export class ReportBuilder {
	readonly stats = new Map<string, EntityStats>();
	readonly clock = new TimelineClock();
	readonly linker = new PathLinker();
	readonly hosts = new Set<string>();
	rows = 0;
	warmup = 0;
	outsideWindow = 0;
	first = Number.NaN;
	last = Number.NaN;
	/** First and last row of the capture, window or not (for "the capture covers …"). */
	seenFirst = Number.NaN;
	seenLast = Number.NaN;
	private bindings: Binding[] = [];
	private busy = new Uint32Array(0);
	private slow = new Uint32Array(0);
	private devices: Entity[] = [];
	private paths: Entity[] = [];
	private keyOf: (entity: Entity) => string = () => '';
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

	finish(name: string, parse: ParseStats): Report {
		for (const stats of this.stats.values()) stats.closeStretch();
		return assembleReport(this, name, parse);
	}

	/** A header: close what the previous capture left open and map the new columns. */
	private bind(schema: Schema): void {
		for (const stats of this.stats.values()) stats.closeStretch();
		this.hosts.add(schema.host);
		this.previousTime = Number.NaN;
		this.rowLost = false;
		const keyOf = (entity: Entity) => statsKey(schema.host, entity.view, entity.id);
		this.keyOf = keyOf;
		const adapterSlots = new Map<string, number>();
		this.bindings = [];
		for (const entity of schema.entities) {
			if (!reportViews.includes(entity.view)) continue;
			const key = keyOf(entity);
			let stats = this.stats.get(key);
			if (!stats) this.stats.set(key, (stats = new EntityStats(entity.view, entity.id, schema.host)));
			if (entity.adapters.length === 1) stats.adapter = entity.adapters[0]!;
			if (entity.view === 'adapter') adapterSlots.set(entity.id, adapterSlots.size);
			this.bindings.push({entity, stats, adapterSlot: -1, countsForAdapter: false});
		}
		for (const binding of this.bindings) {
			if (binding.stats.adapter && binding.entity.view !== 'nfs') binding.adapterSlot = adapterSlots.get(binding.stats.adapter) ?? -1;
			binding.countsForAdapter = binding.adapterSlot >= 0 && binding.entity.view === 'path';
		}
		this.busy = new Uint32Array(adapterSlots.size);
		this.slow = new Uint32Array(adapterSlots.size);
		this.devices = schema.byView.device;
		this.paths = schema.byView.path;
	}

	private sample(sample: Sample): void {
		this.rows++;
		const {time} = sample;
		const previous = this.previousTime;
		const lost = this.rowLost;
		this.previousTime = time;
		this.rowLost = false;
		this.options.window?.anchor(time);
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
		if (merged) for (const stats of this.stats.values()) stats.mergeTimeline();

		const {thresholds} = this.options;
		const {values} = sample;
		this.busy.fill(0);
		this.slow.fill(0);
		for (const binding of this.bindings) {
			const outcome = binding.stats.update(values, binding.entity, time, seconds, sampleNo, bucket, thresholds);
			if (binding.countsForAdapter && outcome & sampleBusy) {
				this.busy[binding.adapterSlot]!++;
				if (outcome & sampleSlowDavg) this.slow[binding.adapterSlot]!++;
			}
		}
		for (const binding of this.bindings) {
			const a = binding.adapterSlot;
			if (a >= 0) binding.stats.noteMembers(sampleNo, this.busy[a]!, this.slow[a]!);
		}
		// Matching devices to paths needs a few dozen samples, not all of them.
		if (this.devices.length > 0 && this.paths.length > 0 && (sampleNo <= linkerFullSamples || sampleNo % linkerStride === 0)) {
			this.linker.observe(values, this.devices, this.paths, this.keyOf);
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
