import type {Sample} from '../parse/capture-parser.js';
import {fieldValue, isWarmupRow} from '../model/rows.js';
import {stages} from './families.js';

/** Slots of a device's running totals. */
export const T = {commands: 0, latency: 1, failed: 5, aborts: 6, resets: 7, size: 8} as const;

/**
 * What the exporter knows of one host: its latest sample (null while it is not current), the
 * session's state, and per device the counters accumulated from rate × interval. Live sessions
 * and `esxlat export` feed it the same way, so both produce the same series.
 */
export class HostMetrics {
	/** The `host` label: esxtop's name for the host once a header arrived, the SSH host before. */
	host: string;
	/** The sample served; null while connecting or reconnecting and on a warm-up row. */
	latest: Sample | null = null;
	/** When `latest` arrived (epoch ms), for esxlat_sample_age_seconds. */
	arrivedAt: number | null = null;
	reconnects = 0;
	/** Device id → running totals (see T); NaN where the capture lacks the counter. */
	readonly totals = new Map<string, Float64Array>();
	/** esxtop's time of the previous row of the same esxtop run: the interval the next row covers. */
	private previousTime: number | null = null;

	constructor(host: string) {
		this.host = host;
	}

	get up(): boolean {
		return this.latest !== null;
	}

	/**
	 * A row from esxtop. The first row of a run is its warm-up (no rates): it is not served and
	 * adds nothing; every later row adds rate × the seconds since the row before.
	 */
	observe(sample: Sample, arrivedAt = Date.now()): void {
		this.host = sample.schema.host;
		const seconds = sample.index === 0 || this.previousTime === null ? 0 : (sample.time - this.previousTime) / 1000;
		this.previousTime = sample.time;
		if (sample.index === 0 && isWarmupRow(sample)) {
			this.latest = null;
			return;
		}
		this.latest = sample;
		this.arrivedAt = arrivedAt;
		if (seconds > 0) this.accumulate(sample, seconds);
	}

	/** The session lost esxtop: nothing is current until it streams again. */
	lost(reconnecting: boolean): void {
		if (reconnecting) this.reconnects++;
		this.latest = null;
		this.previousTime = null;
	}

	private accumulate(sample: Sample, seconds: number): void {
		for (const entity of sample.schema.byView.device) {
			const commands = fieldValue(sample.values, entity, 'cmds');
			if (commands === null) continue;
			let totals = this.totals.get(entity.id);
			if (!totals) {
				totals = new Float64Array(T.size).fill(Number.NaN);
				this.totals.set(entity.id, totals);
			}
			add(totals, T.commands, commands * seconds);
			for (let stage = 0; stage < stages.length; stage++) {
				const ms = fieldValue(sample.values, entity, stages[stage]![1]);
				if (ms !== null) add(totals, T.latency + stage, (ms / 1000) * commands * seconds);
			}
			for (const [slot, field] of [[T.failed, 'failed'], [T.aborts, 'aborts'], [T.resets, 'resets']] as const) {
				const rate = fieldValue(sample.values, entity, field);
				if (rate !== null) add(totals, slot, rate * seconds);
			}
		}
	}
}

function add(totals: Float64Array, slot: number, value: number): void {
	totals[slot] = (Number.isNaN(totals[slot]!) ? 0 : totals[slot]!) + value;
}
