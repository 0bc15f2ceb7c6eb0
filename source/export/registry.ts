import client from 'prom-client';
import type {Thresholds} from '../model/thresholds.js';
import {allFamilies, type Family} from './families.js';
import type {HostMetrics} from './host-metrics.js';
import type {MetricsSelection} from './selection.js';
import {entitySeries, hostSeries} from './series.js';

export interface Exposition {
	contentType: string;
	body: string;
}

/**
 * The live exposition, rendered by prom-client from the hosts' latest samples at each scrape.
 * Two registries, one per format (prom-client fixes the format per registry and renames a
 * counter in place when it renders OpenMetrics, so the two must not share metric objects).
 */
export class MetricsRegistry {
	private readonly formats: Record<'text' | 'openmetrics', {registry: client.Registry<client.RegistryContentType>; metrics: Map<Family, client.Gauge | client.Counter>}>;
	/** Scrapes of one format in turn: the metric objects are refilled for each. */
	private queue: Promise<unknown> = Promise.resolve();

	constructor(
		private readonly hosts: () => Iterable<HostMetrics>,
		private readonly selection: MetricsSelection,
		private readonly thresholds: Thresholds,
	) {
		const openMetrics = new client.Registry<client.RegistryContentType>();
		openMetrics.setContentType(client.Registry.OPENMETRICS_CONTENT_TYPE);
		this.formats = {text: build(new client.Registry<client.RegistryContentType>()), openmetrics: build(openMetrics)};
	}

	/** The exposition as it stands now, in Prometheus text format or OpenMetrics. */
	render(format: 'text' | 'openmetrics', now = Date.now()): Promise<Exposition> {
		const next = this.queue.then(() => this.renderNow(format, now));
		this.queue = next.catch(() => {});
		return next;
	}

	private async renderNow(format: 'text' | 'openmetrics', now: number): Promise<Exposition> {
		const {registry, metrics} = this.formats[format];
		for (const metric of metrics.values()) metric.reset();
		const sink = (family: Family, labels: readonly string[], value: number) => {
			const metric = metrics.get(family)!;
			const set: Record<string, string> = {};
			for (let at = 0; at < labels.length; at++) if (labels[at] !== '') set[family.labels[at]!] = labels[at]!;
			if (metric instanceof client.Counter) metric.inc(set, value);
			else metric.set(set, value);
		};
		for (const host of this.hosts()) {
			hostSeries(host, now, sink);
			entitySeries(host, this.selection, this.thresholds, sink);
		}
		return {contentType: registry.contentType, body: await registry.metrics()};
	}
}

function build(registry: client.Registry<client.RegistryContentType>) {
	const metrics = new Map<Family, client.Gauge | client.Counter>();
	for (const family of allFamilies) {
		const config = {name: family.name, help: family.help, labelNames: [...family.labels], registers: [registry]};
		metrics.set(family, family.type === 'counter' ? new client.Counter(config) : new client.Gauge(config));
	}
	return {registry, metrics};
}
