import {createWriteStream} from 'node:fs';
import {OpenMetricsWriter} from '../export/openmetrics-writer.js';
import {isWideHost, parsedViews, wideHostNotice} from '../export/selection.js';
import {defaultThresholds, parseThresholds, type Thresholds} from '../model/thresholds.js';
import {openCaptureStream} from '../parse/capture-stream.js';
import {metricsSelection} from './metrics.js';
import {LineWriter, OutputError} from './output.js';
import {skipSummary} from './skip-summary.js';
import {UsageError} from './usage-error.js';
import {describeFsError} from '../input/byte-source.js';

export interface ExportFlags {
	format: string | undefined;
	/** -o OUT; stdout when absent or `-`. */
	output: string | undefined;
	metricsViews: string | undefined;
	metricsFilter: string | undefined;
	threshold: string | undefined;
	/** The thresholds in force (config file and --threshold); without, --threshold over the defaults. */
	thresholds?: Thresholds;
}

export const exportFormats = ['openmetrics'] as const;

/**
 * `esxlat export FILE… --format openmetrics [-o OUT]`: captures (in time order) to OpenMetrics
 * with esxtop's timestamps, for `promtool tsdb create-blocks-from openmetrics`. One pass per
 * file; memory does not grow with the captures' length.
 */
export async function exportCaptures(files: readonly string[], flags: ExportFlags): Promise<void> {
	const format = flags.format ?? 'openmetrics';
	if (!(exportFormats as readonly string[]).includes(format)) throw new UsageError(`--format "${format}": use ${exportFormats.join(', ')}`);
	if (files.filter((file) => file === '-').length > 1) throw new UsageError('stdin (-) can be read once');
	const selection = metricsSelection({views: flags.metricsViews, filter: flags.metricsFilter});
	const thresholds = flags.thresholds ?? (flags.threshold === undefined ? defaultThresholds : parseThresholds(flags.threshold));
	const writer = new OpenMetricsWriter(selection, thresholds);
	const out = await openOutput(flags.output);
	const widened = new Set<string>();
	try {
		for (const file of files) {
			const capture = await openCaptureStream(file, parsedViews(selection));
			try {
				for await (const events of capture.batches()) {
					let text = '';
					for (const event of events) {
						if (event.kind !== 'sample') continue;
						if (!selection.views && !widened.has(event.sample.schema.host) && isWideHost(event.sample.schema)) {
							widened.add(event.sample.schema.host);
							process.stderr.write(`esxlat: ${wideHostNotice(event.sample.schema)}\n`);
						}
						text += writer.sample(event.sample);
					}
					if (text) await out.writer.write(text);
					if (out.writer.isClosed) return;
				}
			} finally {
				await capture.close();
			}
			writer.endOfFile();
			process.stderr.write(`${skipSummary(capture.name, capture.stats)}\n`);
		}
		await out.writer.write(writer.end());
	} finally {
		await out.close();
	}
	const where = flags.output && flags.output !== '-' ? ` to ${flags.output}` : '';
	process.stderr.write(`esxlat: wrote ${writer.series.toLocaleString('en-US')} points of ${writer.samples.toLocaleString('en-US')} samples${where}\n`);
}

async function openOutput(path: string | undefined): Promise<{writer: LineWriter; close(): Promise<void>}> {
	if (path === undefined || path === '-') return {writer: new LineWriter(), close: async () => {}};
	const stream = createWriteStream(path);
	await new Promise<void>((resolve, reject) => {
		stream.once('open', () => resolve());
		stream.once('error', (error) => reject(new OutputError(`${path}: ${describeFsError(error)}`)));
	});
	const writer = new LineWriter(stream, path);
	return {
		writer,
		close: () =>
			new Promise<void>((resolve, reject) => {
				stream.end((error?: Error | null) => (error ? reject(new OutputError(`${path}: ${describeFsError(error)}`)) : resolve()));
			}),
	};
}
