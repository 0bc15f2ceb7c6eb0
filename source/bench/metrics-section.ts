import {statSync} from 'node:fs';
import {HostMetrics} from '../export/host-metrics.js';
import {OpenMetricsWriter} from '../export/openmetrics-writer.js';
import {MetricsRegistry} from '../export/registry.js';
import {defaultSelection, type MetricsSelection} from '../export/selection.js';
import {CaptureWriter} from '../generate/capture-writer.js';
import {scenarioSpec} from '../generate/scenarios.js';
import {defaultThresholds} from '../model/thresholds.js';
import {CaptureParser, type Sample} from '../parse/capture-parser.js';
import {viewNames} from '../parse/storage-views.js';
import {ensureCapture, shapes} from './captures.js';
import {interleaved, measureCli, measureShell, measureTask} from './measure.js';
import type {Section} from './sections.js';
import type {Task} from './tasks.js';

const renders = 15;
const quote = (path: string) => `'${path.replaceAll("'", "'\\''")}'`;

/** A host of `devices` LUNs (4 adapters, 200 VMs) with a few samples in: what a scrape renders. */
function hostWith(devices: number): {host: HostMetrics; samples: Sample[]} {
	const spec = scenarioSpec('demo', 4, {devices, adapters: 8, pathsPerLun: {min: 2, max: 4}, vms: 200, host: 'esx-san.lab.local'});
	const writer = new CaptureWriter({spec, all: true, seed: 7});
	const parser = new CaptureParser({views: viewNames});
	const host = new HostMetrics('esx-san.lab.local');
	const samples: Sample[] = [];
	for (const line of writer.lines(4)) {
		for (const event of parser.feed(Buffer.from(line))) {
			if (event.kind !== 'sample') continue;
			host.observe(event.sample);
			samples.push(event.sample);
		}
	}
	return {host, samples};
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Bench tasks of the exporter (run by worker.ts in a process of their own). */
export const metricsTasks: Record<string, Task> = {
	/** `metrics-scrape DEVICES VIEWS`: median time to render /metrics (prom-client) and the same series as OpenMetrics lines by export's writer. */
	async 'metrics-scrape'([devices, views]) {
		const {host, samples} = hostWith(Number(devices));
		const selection: MetricsSelection = views === 'default' ? defaultSelection : {views: new Set(views!.split(',') as Array<(typeof viewNames)[number]>), filter: null};
		const registry = new MetricsRegistry(() => [host], selection, defaultThresholds);
		const times = {text: [] as number[], openmetrics: [] as number[], writer: [] as number[]};
		let bytes = 0;
		let series = 0;
		for (let run = 0; run < renders; run++) {
			for (const format of ['text', 'openmetrics'] as const) {
				const start = performance.now();
				bytes = (await registry.render(format)).body.length;
				times[format].push(performance.now() - start);
			}
			// The writer as export runs it: earlier rows seen (totals, label strings made), the last one timed.
			const writer = new OpenMetricsWriter(selection, defaultThresholds);
			for (const sample of samples.slice(0, -1)) writer.sample(sample);
			const before = writer.series;
			const start = performance.now();
			writer.sample(samples.at(-1)!);
			times.writer.push(performance.now() - start);
			series = writer.series - before;
		}
		return {series, bytes, textMs: median(times.text), openMetricsMs: median(times.openmetrics), writerMs: median(times.writer)};
	},
};

/** Scrape cost on a 1,000-LUN host; `esxlat export` on the bench capture against `wc -l`. */
export const metricsSection: Section = {
	title: 'metrics: /metrics render time for a 1,000-LUN host; export --format openmetrics vs wc -l',
	async run() {
		for (const views of ['default', 'device,adapter,path,vm,nfs']) {
			const m = await measureTask('metrics-scrape', ['1000', views]);
			const d = m.detail!;
			process.stdout.write(
				`  scrape, 1,000 LUNs, ${views === 'default' ? 'default views (wide host: no paths, no VM disks)' : 'every view'}: ${Number(d.series).toLocaleString('en-US')} series, ${(Number(d.bytes) / 1024 / 1024).toFixed(1)} MB; prom-client text ${Number(d.textMs).toFixed(0)} ms, OpenMetrics ${Number(d.openMetricsMs).toFixed(0)} ms (median of ${renders}); export's writer, the same series as one sample ${Number(d.writerMs).toFixed(0)} ms\n`,
			);
		}
		const path = await ensureCapture(shapes.cpu, (line) => process.stdout.write(`  ${line}\n`));
		const mb = statSync(path).size / 1024 / 1024;
		const best = await interleaved(3, {
			wc: () => measureShell(`wc -l ${quote(path)}`),
			exported: () => measureCli(['export', path, '--format', 'openmetrics']),
		});
		process.stdout.write(`  wc -l                                ${best.wc.seconds.toFixed(2)} s  (${mb.toFixed(0)} MB, ${shapes.cpu.description})\n`);
		process.stdout.write(`  esxlat export --format openmetrics   ${best.exported.seconds.toFixed(2)} s  (${(best.exported.seconds / best.wc.seconds).toFixed(0)}× wc -l)  peak RSS ${Math.round(best.exported.peakRssMb ?? 0)} MB\n`);
	},
};
