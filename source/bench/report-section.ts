import {statSync} from 'node:fs';
import {smallYoungGeneration} from '../commands/heap-settings.js';
import {buildReport} from '../commands/report.js';
import {defaultThresholds} from '../model/thresholds.js';
import {reportJson} from '../view/report/report-json.js';
import {plainStyle} from '../view/report/style.js';
import {renderTerminal} from '../view/report/terminal.js';
import {ensureCapture, shapes} from './captures.js';
import {type Measurement, measureCli} from './measure.js';
import type {Section} from './sections.js';
import type {Task} from './tasks.js';

/** Bench tasks of the report (run by worker.ts in a process of their own). */
export const reportTasks: Record<string, Task> = {
	/** `report PATH`: what `esxlat report PATH` does, rendering both the terminal and the JSON output. */
	async report([path]) {
		smallYoungGeneration(); // as esxlat report runs
		const report = await buildReport(path!, defaultThresholds, null, 10);
		const text = renderTerminal(report, {style: plainStyle, sparklines: true, width: 160});
		const json = reportJson(report);
		return {samples: report.samples, entities: report.entities.length, culprits: report.culprits.length, bytes: text.length + json.length};
	},
};

const seconds = (m: Measurement) => `${m.seconds.toFixed(2)} s`;
const rss = (m: Measurement) => `peak RSS ${Math.round(m.peakRssMb ?? 0)} MB`;

/** Memory over a stream: the report's peak RSS must not grow with the length of its input. */
export const reportSection: Section = {
	title: 'report: the san capture streamed into stdin once and three times over',
	async run() {
		const path = await ensureCapture(shapes.san, (line) => process.stdout.write(`  ${line}\n`));
		const mb = Math.round(statSync(path).size / 1024 / 1024);
		const once = await measureCli(['report', '-', '--json'], {path, repeat: 1});
		const thrice = await measureCli(['report', '-', '--json'], {path, repeat: 3});
		process.stdout.write(`  FILE ×1 | esxlat report -      ${seconds(once)}  ${rss(once)}\n`);
		process.stdout.write(`  FILE ×3 | esxlat report -      ${seconds(thrice)}  ${rss(thrice)}  (${3 * mb} MB, 3 concatenated captures)\n`);
	},
};
