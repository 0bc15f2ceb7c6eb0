import type {Sample} from '../parse/capture-parser.js';
import type {Thresholds} from '../model/thresholds.js';
import {type Family, familyName} from './families.js';
import {HostMetrics} from './host-metrics.js';
import type {MetricsSelection} from './selection.js';
import {entitySeries} from './series.js';

/**
 * OpenMetrics text for backfill (`promtool tsdb create-blocks-from openmetrics`), written as
 * the capture streams: every sample's series stamped with esxtop's time, the same families as
 * the live exporter, `# EOF` at the end. Memory holds the hosts' running totals, not the capture.
 *
 * Ordered by time, not by series: a streaming writer cannot group a series' points without
 * holding or re-reading the capture. Each family's HELP/TYPE/UNIT comes once, before its first
 * sample. promtool reads such a file (it re-reads the whole file per block anyway); a strict
 * OpenMetrics parser that wants each series' points together would not.
 */
export class OpenMetricsWriter {
	private readonly described = new Set<Family>();
	private readonly hosts = new Map<string, HostMetrics>();
	/** `name{labels} ` by the series' label array (series.ts hands the same array every sample). */
	private readonly prefixes = new WeakMap<readonly string[], string>();
	/** Samples written (warm-up rows are not). */
	samples = 0;
	series = 0;

	constructor(
		private readonly selection: MetricsSelection,
		private readonly thresholds: Thresholds,
	) {}

	/** The lines for one row of a capture ('' for esxtop's warm-up row). */
	sample(sample: Sample): string {
		const name = sample.schema.host;
		let host = this.hosts.get(name);
		if (!host) {
			host = new HostMetrics(name);
			this.hosts.set(name, host);
		}
		host.observe(sample);
		if (!host.latest) return '';
		this.samples++;
		const stamp = ` ${formatValue(sample.time / 1000)}\n`;
		let text = '';
		let current: Family | null = null;
		entitySeries(host, this.selection, this.thresholds, (family, labels, value) => {
			if (family !== current) {
				current = family;
				if (!this.described.has(family)) {
					this.described.add(family);
					text += describe(family);
				}
			}
			let prefix = this.prefixes.get(labels);
			if (prefix === undefined) {
				prefix = `${family.name}${formatLabels(family, labels)} `;
				this.prefixes.set(labels, prefix);
			}
			text += `${prefix}${formatValue(value)}${stamp}`;
			this.series++;
		});
		return text;
	}

	/** A new capture file starts: its first row is a fresh esxtop run's. */
	endOfFile(): void {
		for (const host of this.hosts.values()) host.lost(false);
	}

	end(): string {
		return '# EOF\n';
	}
}

function describe(family: Family): string {
	const name = familyName(family);
	let text = `# HELP ${name} ${family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} ${family.type}\n`;
	if (family.unit) text += `# UNIT ${name} ${family.unit}\n`;
	return text;
}

/** `{host="esx01",device="naa.…"}`; '' values are left out (no such label). */
export function formatLabels(family: Family, values: readonly string[]): string {
	let text = '';
	for (let at = 0; at < values.length; at++) {
		const value = values[at]!;
		if (value === '') continue;
		text += `${text ? ',' : '{'}${family.labels[at]}="${escapeLabelValue(value)}"`;
	}
	return text ? `${text}}` : '';
}

function escapeLabelValue(value: string): string {
	return /[\\"\n]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : value;
}

export function formatValue(value: number): string {
	if (Number.isNaN(value)) return 'NaN';
	if (value === Number.POSITIVE_INFINITY) return '+Inf';
	if (value === Number.NEGATIVE_INFINITY) return '-Inf';
	return String(value);
}
