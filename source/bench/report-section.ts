import {spawn} from 'node:child_process';
import {createReadStream, statSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {buildReport} from '../commands/report.js';
import {defaultThresholds} from '../model/thresholds.js';
import {reportJson} from '../view/report/report-json.js';
import {plainStyle} from '../view/report/style.js';
import {renderTerminal} from '../view/report/terminal.js';
import {ensureBigCapture} from './big-capture.js';
import {bestOf, type Measurement, measureCommand} from './measure.js';
import type {Section} from './sections.js';
import type {Task} from './tasks.js';

const cli = fileURLToPath(new URL('../cli.js', import.meta.url));
const peakRss = fileURLToPath(new URL('./peak-rss.js', import.meta.url));

/** Bench tasks of the report (run by worker.ts in a process of their own). */
export const reportTasks: Record<string, Task> = {
	/** `report PATH`: what `esxlat report PATH` does, rendering both the terminal and the JSON output. */
	async report([path]) {
		const report = await buildReport(path!, defaultThresholds, null, 10);
		const text = renderTerminal(report, {style: plainStyle, sparklines: true, width: 160});
		const json = reportJson(report);
		return {samples: report.samples, entities: report.entities.length, culprits: report.culprits.length, bytes: text.length + json.length};
	},
};

/**
 * The real command, `esxlat report …`, timed and with its own peak RSS (the shared bench worker
 * loads every section's modules, the screen's Ink and React too, which a report never does).
 * With `repeat`, the file is streamed that many times into its stdin: concatenated captures.
 */
function measureCli(args: string[], stdinFile?: {path: string; repeat: number}): Promise<Measurement> {
	return new Promise((resolve, reject) => {
		const start = process.hrtime.bigint();
		const child = spawn(process.execPath, ['--import', peakRss, cli, ...args], {stdio: [stdinFile ? 'pipe' : 'ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
		child.on('error', reject);
		child.on('close', (code) => {
			const seconds = Number(process.hrtime.bigint() - start) / 1e9;
			const last = stderr.trim().split('\n').at(-1) ?? '';
			if (code !== 0 || !last.startsWith('{')) return reject(new Error(`esxlat ${args.join(' ')} failed: ${stderr.trim()}`));
			resolve({seconds, peakRssMb: (JSON.parse(last) as {peakRssMb: number}).peakRssMb});
		});
		if (stdinFile) void feed(child.stdin!, stdinFile.path, stdinFile.repeat);
	});
}

async function feed(stdin: NodeJS.WritableStream, path: string, repeat: number): Promise<void> {
	for (let i = 0; i < repeat; i++) {
		for await (const chunk of createReadStream(path, {highWaterMark: 1 << 20})) {
			if (!stdin.write(chunk)) await new Promise((resolve) => stdin.once('drain', resolve));
		}
	}
	stdin.end();
}

async function bestCli(runs: number, args: string[]): Promise<Measurement> {
	let best: Measurement | null = null;
	for (let i = 0; i < runs; i++) {
		const m = await measureCli(args);
		if (!best || m.seconds < best.seconds) best = m;
	}
	return best!;
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
		const task = await bestOf(3, 'report', [path]);
		const command = await bestCli(3, ['report', path, '--json']);
		const once = await measureCli(['report', '-', '--json'], {path, repeat: 1});
		const thrice = await measureCli(['report', '-', '--json'], {path, repeat: 3});
		const lines = [
			`capture                        ${mb} MB, ${task.detail?.samples} samples, ${task.detail?.entities} storage entities`,
			`wc -l                          ${seconds(wc)}`,
			`report, in process             ${seconds(task)}  ${(task.seconds / wc.seconds).toFixed(1)}× wc -l  (target ≤ 5×)`,
			`esxlat report FILE --json      ${seconds(command)}  ${(command.seconds / wc.seconds).toFixed(1)}× wc -l  ${rss(command)}  (Node start-up included; target < 200 MB)`,
			`FILE ×1 | esxlat report -      ${seconds(once)}  ${rss(once)}`,
			`FILE ×3 | esxlat report -      ${seconds(thrice)}  ${rss(thrice)}  (${3 * mb} MB, 3 concatenated captures)`,
		];
		for (const line of lines) process.stdout.write(`  ${line}\n`);
	},
};
