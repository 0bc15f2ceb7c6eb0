import {statSync} from 'node:fs';
import {open} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {buildReport} from '../commands/report.js';
import {ChunkSource} from '../input/chunk-source.js';
import {ReportBuilder, reportViews} from '../model/report/report-builder.js';
import {defaultThresholds} from '../model/thresholds.js';
import {CaptureParser} from '../parse/capture-parser.js';
import {readCapture} from '../parse/read-capture.js';
import {reportJson} from '../view/report/report-json.js';
import {plainStyle} from '../view/report/style.js';
import {renderTerminal} from '../view/report/terminal.js';
import {ensureBigCapture} from './big-capture.js';
import {bestOf, type Measurement, measureCommand} from './measure.js';
import type {Section} from './sections.js';
import type {Task} from './tasks.js';

const cli = fileURLToPath(new URL('../cli.js', import.meta.url));

/** Bench tasks of the report (run by worker.ts in a process of their own). */
export const reportTasks: Record<string, Task> = {
	/** `report PATH`: what `esxlat report PATH` does, rendering both the terminal and the JSON output. */
	async report([path]) {
		const report = await buildReport(path!, defaultThresholds, null, 10);
		const text = renderTerminal(report, {style: plainStyle, sparklines: true, width: 160});
		const json = reportJson(report);
		return {samples: report.samples, entities: report.entities.length, culprits: report.culprits.length, bytes: text.length + json.length};
	},
	/** `report-repeat PATH N`: the file streamed N times in a row (N concatenated captures), for memory against size. */
	async 'report-repeat'([path, times]) {
		const parser = new CaptureParser({views: reportViews});
		const builder = new ReportBuilder({thresholds: defaultThresholds, top: 10});
		const source = new ChunkSource(`${path} ×${times}`, repeatFile(path!, Number(times)));
		for await (const events of readCapture(source, parser)) builder.add(events);
		const report = builder.finish(source.name, parser.stats);
		return {samples: report.samples, captures: report.input.headers, culprits: report.culprits.length};
	},
};

/** The file's bytes `times` over, through one reused buffer (ChunkSource copies each chunk out before asking for the next). */
async function* repeatFile(path: string, times: number): AsyncGenerator<Uint8Array> {
	const buffer = new Uint8Array(4 * 1024 * 1024);
	for (let i = 0; i < times; i++) {
		const handle = await open(path, 'r');
		try {
			for (;;) {
				const {bytesRead} = await handle.read(buffer, 0, buffer.length, null);
				if (bytesRead === 0) break;
				yield buffer.subarray(0, bytesRead);
			}
		} finally {
			await handle.close();
		}
	}
}

const seconds = (m: Measurement) => `${m.seconds.toFixed(2)} s`;
const rss = (m: Measurement) => `peak RSS ${Math.round(m.peakRssMb ?? 0)} MB`;

/** The triage report on the big capture, next to `wc -l` on the same file. Targets: ≤ 5× wc -l, < 200 MB. */
export const reportSection: Section = {
	title: 'report: esxlat report on the big capture, next to wc -l',
	async run() {
		const path = await ensureBigCapture((line) => process.stdout.write(`  ${line}\n`));
		const mb = Math.round(statSync(path).size / 1024 / 1024);
		const wc = await measureCommand('wc', ['-l', path], 5);
		const report = await bestOf(3, 'report', [path]);
		const command = await measureCommand(process.execPath, [cli, 'report', path, '--json'], 3);
		const once = await bestOf(1, 'report-repeat', [path, '1']);
		const triple = await bestOf(1, 'report-repeat', [path, '3']);
		const lines = [
			`capture                  ${mb} MB, ${report.detail?.samples} samples, ${report.detail?.entities} storage entities`,
			`wc -l                    ${seconds(wc)}`,
			`report (in process)      ${seconds(report)}  ${(report.seconds / wc.seconds).toFixed(1)}× wc -l  ${rss(report)}  (target ≤ 5×, < 200 MB)`,
			`esxlat report --json     ${seconds(command)}  ${(command.seconds / wc.seconds).toFixed(1)}× wc -l  (whole command: Node start-up included)`,
			`streamed ×1, ×3          ${seconds(once)}, ${seconds(triple)}  (${mb} MB, then ${3 * mb} MB in ${triple.detail?.captures} concatenated captures)  ${rss(once)}, ${rss(triple)}`,
		];
		for (const line of lines) process.stdout.write(`  ${line}\n`);
	},
};
