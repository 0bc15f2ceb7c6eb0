import {statSync} from 'node:fs';
import {type CaptureShape, ensureCapture, ensureGzip, shapes} from './captures.js';
import {bestOf, interleaved, type Measurement, measureCli, measureShell, measureTask} from './measure.js';
import {measureScreenReplay} from './screen-replay.js';
import type {Section} from './sections.js';
import {belowVerdict, ratioVerdict, table, type Verdict} from './targets.js';

const runs = 3;
const quote = (path: string) => `'${path.replaceAll("'", "'\\''")}'`;

interface ShapeFigures {
	shape: CaptureShape;
	mb: number;
	columns: string;
	wc: Measurement;
	gunzip: Measurement;
	parse: Measurement;
	replay: Measurement;
	report: Measurement;
	reportTask: Measurement;
	reportGz: Measurement;
}

/**
 * One shape's figures. Each comparison runs its contenders in turns in the same minutes
 * (`interleaved`), so the ratios hold under the load of the machine's other users.
 */
async function measureShape(shape: CaptureShape, log: (line: string) => void): Promise<ShapeFigures> {
	const path = await ensureCapture(shape, log);
	const gz = await ensureGzip(path, log);
	const plain = await interleaved(runs, {
		wc: () => measureShell(`wc -l ${quote(path)}`),
		parse: () => measureTask('parse', [path]),
		replay: () => measureCli(['replay', path, '--json', '--view', 'adapter']),
		report: () => measureCli(['report', path, '--json']),
	});
	const reportTask = await bestOf(runs, 'report', [path]);
	const gzip = await interleaved(runs, {
		gunzip: () => measureShell(`gzip -dc ${quote(gz)} | wc -l`),
		reportGz: () => measureCli(['report', gz, '--json']),
	});
	const columns = `${Math.round(Number(plain.parse.detail?.fields ?? 0) / 1000)}k columns`;
	return {shape, mb: Math.round(statSync(path).size / 1024 / 1024), columns, ...plain, reportTask, ...gzip};
}

/** The target table for both shapes, then the screen's and the live feed's figures. */
export const targetsSection: Section = {
	title: 'targets: esxlat against wc -l (and gzip -dc | wc -l) on the same file, in the same run',
	async run() {
		const log = (line: string) => process.stdout.write(`  ${line}\n`);
		const figures: ShapeFigures[] = [];
		for (const shape of [shapes.cpu, shapes.san]) figures.push(await measureShape(shape, log));
		const cell = (verdict: (f: ShapeFigures) => Verdict) => figures.map((f) => verdict(f).text);
		const rows = [
			['', 'target', ...figures.map((f) => `${f.shape.name}: ${f.mb} MB, ${f.columns}, ${f.parse.detail?.samples} samples`)],
			['wc -l', 'the floor', ...figures.map((f) => `${f.wc.seconds.toFixed(3)} s [cpu ${f.wc.cpuSeconds?.toFixed(2)} s]`)],
			['gzip -dc FILE.gz | wc -l', 'the gzip floor', ...figures.map((f) => `${f.gunzip.seconds.toFixed(2)} s [cpu ${f.gunzip.cpuSeconds?.toFixed(2)} s]`)],
			['parse, in process', '≤ 4× wc -l', ...cell((f) => ratioVerdict(f.parse.seconds, f.wc.seconds, 4, 'wc -l', {own: f.parse.cpuSeconds, base: f.wc.cpuSeconds}))],
			['replay FILE --json --view adapter', '≤ 4× wc -l', ...cell((f) => ratioVerdict(f.replay.seconds, f.wc.seconds, 4, 'wc -l', {own: f.replay.cpuSeconds, base: f.wc.cpuSeconds}))],
			['report, in process', '≤ 5× wc -l', ...cell((f) => ratioVerdict(f.reportTask.seconds, f.wc.seconds, 5, 'wc -l', {own: f.reportTask.cpuSeconds, base: f.wc.cpuSeconds}))],
			['report FILE --json', '≤ 5× wc -l', ...cell((f) => ratioVerdict(f.report.seconds, f.wc.seconds, 5, 'wc -l', {own: f.report.cpuSeconds, base: f.wc.cpuSeconds}))],
			['report peak RSS', '< 200 MB', ...cell((f) => belowVerdict(Math.max(f.report.peakRssMb ?? 0, f.reportGz.peakRssMb ?? 0), 200, 'MB'))],
			['report FILE.gz --json', '≤ 1.3× gzip -dc|wc -l', ...cell((f) => ratioVerdict(f.reportGz.seconds, f.gunzip.seconds, 1.3, 'gzip -dc|wc -l', {own: f.reportGz.cpuSeconds, base: f.gunzip.cpuSeconds}))],
		];
		for (const line of table(rows)) log(line);
		log(`(whole-process rows include Node's start-up; best of ${runs}, contenders taking turns; peak RSS the largest seen;`);
		log(` [cpu]: user + system CPU of the whole process and its ratio to the peer's, least of ${runs}: steadier than wall time on a loaded machine)`);

		const plainSan = await ensureCapture(shapes.san);
		const screenRows: string[][] = [['', 'target', 'figure']];
		for (const path of [plainSan, `${plainSan}.gz`]) {
			const screen = await measureScreenReplay(path);
			const what = `screen peak RSS, ${path.endsWith('.gz') ? 'gzip' : 'plain'} san, played at max speed`;
			screenRows.push([what, '< 200 MB', screen ? `${belowVerdict(screen.peakRssMb, 200, 'MB').text} (${screen.samples} samples in ${screen.seconds.toFixed(1)} s)` : 'not measured: tmux is missing']);
		}
		const keys = await measureTask('screen-keypress', []);
		screenRows.push(['key press → frame p95, 2,000 devices', '< 50 ms', `${belowVerdict(Number(keys.detail?.p95Ms), 50, 'ms').text} (median ${keys.detail?.medianMs} ms, max ${keys.detail?.maxMs} ms, ${keys.detail?.keys} keys)`]);
		const live = await measureTask('live-cpu', []);
		const d = live.detail ?? {};
		screenRows.push(['live CPU per sample, 1,000-LUN host, every 2 s', 'stated', `${d.cpuMsPerSample} ms a sample = ${d.percentOfCoreAt2s}% of one core (worst ${d.worstMs} ms; ${d.entities} entities, ${d.rowKb} KB rows; peak RSS ${Math.round(live.peakRssMb ?? 0)} MB)`]);
		for (const line of table(screenRows)) log(line);
	},
};
