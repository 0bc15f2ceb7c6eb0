import assert from 'node:assert/strict';
import {execFile, execFileSync, spawnSync} from 'node:child_process';
import {readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {gzipSync} from 'node:zlib';
import {buildHostSpec, naaId} from '../source/generate/host-spec.js';
import {captureText, sampleTime, writeCapture} from './helpers/report-captures.js';
import {cli, esxlat} from './helpers/run-cli.js';
import {samplePath, samples, skipWithoutSample} from './helpers/shared-samples.js';

// A sustained array-slow LUN (naaId(1), samples 20–140) and a one-sample spike (naaId(0), sample 80).
const twoProblems = buildHostSpec({
	devices: 4,
	adapters: 2,
	episodes: {0: [{kind: 'spike', from: 80, to: 81, peak: 140}], 1: [{kind: 'array-slow', from: 20, to: 140, peak: 34}]},
});
const capture = writeCapture('two-problems.csv.gz', twoProblems);
const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const ansi = /\u001B\[/;
const blocks = /[▁▂▃▄▅▆▇█]/;
const plainEnv = {...process.env, NO_COLOR: '', FORCE_COLOR: ''};

/** The built CLI with its environment set (colour switches); output only, it must succeed. */
function esxlatWithEnv(args: string[], env: NodeJS.ProcessEnv): Promise<{stdout: string}> {
	return new Promise((resolve, reject) => {
		execFile(process.execPath, [cli, ...args], {env, maxBuffer: 64 * 1024 * 1024}, (error, stdout) => (error ? reject(error) : resolve({stdout})));
	});
}

test('--json has the documented shape: culprits worst first, ISO times, every entity', async () => {
	const {stdout, code, stderr} = await esxlat(['report', capture, '--json']);
	assert.equal(code, 0, stderr);
	const report = JSON.parse(stdout);
	assert.deepEqual(Object.keys(report), ['host', 'from', 'to', 'samples', 'interval', 'healthy', 'headline', 'thresholds', 'percentiles', 'input', 'culprits', 'moreCulprits', 'entities', 'timeline', 'minIo', 'lowIo']);
	assert.equal(report.minIo, 5);
	assert.deepEqual(report.lowIo, []);
	assert.equal(report.host, 'esx01.lab.local');
	assert.equal(report.from, new Date(sampleTime(1)).toISOString());
	assert.equal(report.to, new Date(sampleTime(159)).toISOString());
	assert.equal(report.samples, 159);
	assert.equal(report.interval, 5);
	assert.equal(report.healthy, false);
	assert.deepEqual(report.percentiles, {method: 'log-bucket sketch', relativeError: 0.01});
	assert.deepEqual(report.input, {file: capture, captures: 1, rows: 160, warmupRows: 1, skipped: {drift: 0, truncated: 0, time: 0}, outOfRange: 0, rewound: 0, outsideWindow: 0, window: null});
	assert.deepEqual(
		report.culprits.map((c: {id: string}) => c.id),
		[naaId(1), naaId(0)],
	);
	const [first] = report.culprits;
	assert.deepEqual(Object.keys(first), ['rank', 'view', 'id', 'bottleneck', 'cause', 'severity', 'from', 'to', 'seconds', 'samples', 'score', 'timeouts', 'title', 'summary', 'evidence', 'next', 'members', 'timeline', 'episodes', 'recurrence', 'trend', 'confidence', 'confidenceWhy', 'ranking', 'vms']);
	assert.match(first.from, iso);
	assert.match(first.to, iso);
	assert.equal(first.ranking.measure, 'guestWaitSeconds');
	assert.ok(report.culprits[0].ranking.value > report.culprits[1].ranking.value, 'ranked by guest waiting lost');
	assert.deepEqual(Object.keys(first.episodes[0]), ['from', 'to', 'seconds', 'samples', 'severity', 'peak', 'lostSeconds']);
	assert.equal(first.episodes[0].from, first.from, 'the worst episode comes first and is the one the verdict describes');
	assert.ok(['high', 'medium', 'low'].includes(first.confidence));
	assert.equal(first.timeline.metric, 'davg');
	assert.ok(first.timeline.values.length > 0 && first.timeline.values.length <= 60);
	const views = new Set(report.entities.map((e: {view: string}) => e.view));
	assert.deepEqual([...views].sort(), ['adapter', 'device', 'nfs', 'path']);
	const lun = report.entities.find((e: {id: string}) => e.id === naaId(1));
	assert.deepEqual(Object.keys(lun.davg), ['p50', 'p95', 'p99', 'max']);
	assert.equal(lun.warnShare, Math.round((lun.stretch.samples / 159) * 1e4) / 1e4, 'every sample at warn is in its one stretch');
	assert.match(lun.stretch.from, iso);
	assert.equal(lun.stretch.bottleneck, 'storage');
	assert.equal(typeof lun.failed, 'number', '-a capture: failed commands present');
	assert.deepEqual(lun.paths, [{id: 'vmhba3:C0:T1:L1', adapter: 'vmhba3', basis: ['header-order', 'commands']}]);
	assert.deepEqual(lun.adapters, ['vmhba3']);
	assert.equal(lun.local, null);
	const boot = report.entities.find((e: {id: string}) => e.id === 'mpx.vmhba0:C0:T0:L0');
	assert.equal(boot.local, 'mpx');
	assert.deepEqual(boot.paths[0].basis.slice(0, 2), ['device-id', 'header-order']);
});

test('--markdown is a ticket: headings, tables, no colour codes', async () => {
	const {stdout, code} = await esxlat(['report', capture, '--markdown']);
	assert.equal(code, 0);
	assert.match(stdout, /^# Storage latency report: esx01\.lab\.local\n/);
	assert.match(stdout, /\*\*Verdict:\*\* WARN: storage-side: LUN /);
	assert.match(stdout, /^### 1\. WARN: storage-side: LUN /m);
	assert.match(stdout, /^### 2\. CRIT: .*one-sample spike/m);
	assert.match(stdout, /^\| device \| DAVG ms p50 \| p95 \| p99 \| max \|/m);
	assert.match(stdout, new RegExp(`^\\| \`${naaId(1)}\` \\| `, 'm'));
	assert.doesNotMatch(stdout, ansi);
});

test('piped, the terminal report is plain text without timelines; FORCE_COLOR brings colour back', async () => {
	const plain = await esxlatWithEnv(['report', capture], plainEnv);
	assert.doesNotMatch(plain.stdout, ansi);
	assert.doesNotMatch(plain.stdout, blocks);
	assert.match(plain.stdout, /^esxlat report: esx01\.lab\.local\n2026-01-05 02:00:05 UTC – 2026-01-05 02:13:15 UTC · 159 samples, every 5 s\n/);
	assert.match(plain.stdout, /Culprits, worst first\n {3}1 {2}WARN {2}storage-side: LUN /);
	// Piped without $COLUMNS the prose wraps at 100 columns.
	assert.match(plain.stdout.replace(/\n/g, ' '), /Read .*two-problems\.csv\.gz: 160 rows; 1 warm-up row left out .*; no rows skipped\./);
	const forced = await esxlatWithEnv(['report', capture], {...process.env, FORCE_COLOR: '1', NO_COLOR: ''});
	assert.match(forced.stdout, /\u001B\[33mWARN/);
	assert.match(forced.stdout, /\u001B\[31mCRIT/);
});

test('stdin and gzip give the same report as the file', async () => {
	const fromFile = JSON.parse((await esxlat(['report', capture, '--json'])).stdout);
	const fromStdin = JSON.parse((await esxlat(['report', '-', '--json'], readFileSync(capture))).stdout);
	assert.equal(fromStdin.input.file, 'stdin');
	assert.deepEqual({...fromStdin, input: null}, {...fromFile, input: null});
});

test('concatenated captures, a garbled row and a cut-off last row: reported, counted, and said why', async () => {
	const first = captureText(twoProblems, 60).split('\n');
	first[30] = first[30]!.slice(0, 2000); // a row that lost cells: schema drift
	const second = captureText(buildHostSpec({devices: 4, adapters: 2}), 40, {start: sampleTime(200)});
	const text = `${first.join('\n')}${second.slice(0, -500)}`; // the last row cut short
	const path = writeCapture('concatenated.csv', text);
	const json = JSON.parse((await esxlat(['report', path, '--json'])).stdout);
	assert.equal(json.input.captures, 2);
	assert.equal(json.input.warmupRows, 2);
	assert.deepEqual(json.input.skipped, {drift: 1, truncated: 1, time: 0});
	assert.equal(json.samples, 59 - 1 + 39 - 1);
	assert.equal(json.to, new Date(sampleTime(200 + 38)).toISOString());
	const footer = (await esxlatWithEnv(['report', path], plainEnv)).stdout.replaceAll('\n', ' ');
	assert.match(footer, /Read .*concatenated\.csv: 98 rows in 2 concatenated captures; 2 warm-up rows left out \(esxtop's first row has no rates\); skipped 1 truncated last row, 1 row with schema drift \(cell count differs from the header\)\./);
});

test('--from/--to limit the report to a window; outside it the LUN is healthy', async () => {
	const before = await esxlat(['report', capture, '--json', '--from', '02:00', '--to', '02:01:30']);
	const json = JSON.parse(before.stdout);
	assert.equal(json.healthy, true);
	assert.deepEqual(json.culprits, []);
	assert.deepEqual(json.input.window, {from: '2026-01-05T02:00:00.000Z', to: '2026-01-05T02:01:30.000Z'});
	assert.equal(json.samples, 18);
	assert.equal(json.input.outsideWindow, 159 - 18);
	const inside = JSON.parse((await esxlat(['report', capture, '--json', '--from', '2026-01-05T02:06:00Z'])).stdout);
	assert.equal(inside.from, '2026-01-05T02:06:00.000Z');
	assert.equal(inside.culprits[0].id, naaId(1));
	const none = await esxlat(['report', capture, '--from', '03:00']);
	assert.equal(none.code, 1);
	assert.match(none.stderr, /^esxlat: .*two-problems\.csv\.gz: no samples from 2026-01-05 03:00:00 UTC \(all 159 rows are outside --from\/--to\); the capture covers 2026-01-05 02:00:05 UTC – 2026-01-05 02:13:15 UTC\n$/);
	const bad = await esxlat(['report', capture, '--to', 'teatime']);
	assert.equal(bad.code, 2);
	assert.match(bad.stderr, /^esxlat: --to "teatime": expected a UTC time/);
});

test('--top lists the worst culprits and counts the rest; --threshold moves the bar', async () => {
	const top = JSON.parse((await esxlat(['report', capture, '--json', '--top', '1'])).stdout);
	assert.equal(top.culprits.length, 1);
	assert.equal(top.moreCulprits, 1);
	assert.match(top.headline, /\(\+1 more\)$/);
	const raised = JSON.parse((await esxlat(['report', capture, '--json', '--threshold', 'davg=40:80,gavg=40:80'])).stdout);
	assert.deepEqual(
		raised.culprits.map((c: {id: string; severity: string}) => [c.id, c.severity]),
		[[naaId(0), 'crit']],
	);
	assert.deepEqual(raised.thresholds.davg, {warn: 40, crit: 80});
});

test('bad input and bad flags: one line, the right exit code, never a stack trace', async () => {
	const cases: Array<{args: string[]; code: number; stderr: RegExp}> = [
		{args: ['report'], code: 2, stderr: /^esxlat: report needs a FILE/},
		{args: ['report', capture, '--json', '--markdown'], code: 2, stderr: /choose one of --json and --markdown/},
		{args: ['report', capture, '--top', '0'], code: 2, stderr: /--top 0: expected a whole number/},
		{args: ['report', capture, '--from', '02:10', '--to', '2026-01-05T02:05:00Z'], code: 2, stderr: /^esxlat: --from 02:10 is after --to 2026-01-05T02:05:00Z\n/},
		{args: ['report', '/nonexistent/capture.csv'], code: 1, stderr: /^esxlat: \/nonexistent\/capture\.csv: no such file/},
		{args: ['report', writeCapture('cpu-only.csv', '"(PDH-CSV 4.0) (UTC)(0)","\\\\h\\Physical Cpu(0)\\% Processor Time",\n"01/05/2026 02:00:00","1.00",\n"01/05/2026 02:00:05","2.00",\n')], code: 1, stderr: /no storage counters .*: nothing to report on\n$/},
		{args: ['report', writeCapture('warmup-only.csv', captureText(twoProblems, 1))], code: 1, stderr: /only the warm-up row: esxtop needs two snapshots/},
		{args: ['report', writeCapture('not-a-capture.csv', 'hello,world\n')], code: 1, stderr: /not an esxtop batch capture/},
	];
	for (const {args, code, stderr} of cases) {
		const result = await esxlat(args);
		assert.equal(result.code, code, `${args.join(' ')}: ${result.stderr}`);
		assert.match(result.stderr, stderr);
		assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
		assert.equal(result.stdout, '');
	}
});

test('the real -a capture: mpx.vmhba0:C0:T5:L0 at 0.5 commands/s is too little I/O to judge, not a culprit', {skip: skipWithoutSample(samples.allCounters)}, async () => {
	const {stdout, code} = await esxlat(['report', samplePath(samples.allCounters)!, '--json']);
	assert.equal(code, 0);
	const report = JSON.parse(stdout);
	assert.equal(report.host, 'localhost.home');
	assert.equal(report.samples, 2);
	assert.deepEqual(report.culprits, []);
	assert.equal(report.healthy, true);
	assert.match(report.headline, /mpx\.vmhba0:C0:T5:L0 went over with too little I\/O to judge/);
	assert.deepEqual(report.lowIo.map((l: {id: string}) => l.id), ['mpx.vmhba0:C0:T5:L0']);
	assert.match(report.lowIo[0].why, /^too little I\/O to judge: a local device .*0\.5 commands\/s on average \(under 5\)/);
	assert.doesNotMatch(report.lowIo[0].why, /array/);
	const device = report.entities.find((e: {id: string}) => e.id === 'mpx.vmhba0:C0:T5:L0');
	assert.deepEqual(device.davg, {p50: 25.86, p95: 31.92, p99: 31.92, max: 31.92});
	assert.equal(device.failed, 8.8, '0.76/s and 1/s over 5 s each');
	assert.equal(device.adapter, 'vmhba0');
	assert.equal(device.local, 'mpx');
	assert.equal(device.stretch, null);
	assert.equal(device.lowIoSamples, 2);
	// Header order links each local disk to the path written after it.
	const paths = Object.fromEntries(report.entities.filter((e: {view: string}) => e.view === 'device').map((e: {id: string; paths: Array<{id: string}>}) => [e.id.slice(0, 24), e.paths.map((p) => p.id)]));
	assert.deepEqual(paths, {'mpx.vmhba0:C0:T5:L0': ['vmhba0:C0:T5:L0'], 't10.ATA_____DREVO_X1_SSD': ['vmhba0:C0:T4:L0'], 't10.ATA_____ST2000DM0062': ['vmhba0:C0:T3:L0'], 't10.ATA_____TOSHIBA_MK32': ['vmhba0:C0:T2:L0']});
	assert.ok(report.entities.filter((e: {view: string}) => e.view === 'device').every((e: {local: string | null}) => e.local !== null), 'all four are local');
	const text = await esxlat(['report', samplePath(samples.allCounters)!]);
	assert.match(text.stdout, /Too little I\/O to judge \(never culprits\)\n  · device mpx\.vmhba0:C0:T5:L0: too little I\/O to judge/);
	assert.doesNotMatch(text.stdout, /look at it on the array/);
});

test('the real default-counters capture: the same device left out, and no error totals without -a', {skip: skipWithoutSample(samples.defaultCounters)}, async () => {
	const report = JSON.parse((await esxlat(['report', samplePath(samples.defaultCounters)!, '--json'])).stdout);
	assert.deepEqual(report.culprits, []);
	assert.deepEqual(report.lowIo.map((l: {id: string}) => l.id), ['mpx.vmhba0:C0:T5:L0']);
	const device = report.entities.find((e: {id: string}) => e.id === 'mpx.vmhba0:C0:T5:L0');
	assert.equal(device.failed, null);
	assert.equal(device.aborts, null);
	// --min-io 0 judges every sample: then it is a culprit again, with local advice, never the array.
	const all = JSON.parse((await esxlat(['report', samplePath(samples.defaultCounters)!, '--json', '--min-io', '0'])).stdout);
	assert.deepEqual(all.culprits.map((c: {id: string; cause: string}) => [c.id, c.cause]), [['mpx.vmhba0:C0:T5:L0', 'local']]);
	assert.doesNotMatch(all.culprits[0].next, /array/);
});

const tmux = spawnSync('tmux', ['-V']).status === 0;

test('on a terminal (tmux): severity colours and a timeline per culprit; NO_COLOR keeps the timeline, drops colour', {skip: tmux ? false : 'needs tmux'}, async () => {
	let run = 0;
	const screen = async (env: string): Promise<string> => {
		// A socket per run: a server still shutting down must not meet the next one.
		const socket = `esxlat-report-${process.pid}-${run++}`;
		execFileSync('tmux', ['-L', socket, 'new-session', '-d', '-s', 'r', '-x', '160', '-y', '60', `${env} ${process.execPath} ${cli} report ${capture}; echo "EXIT=$?"; sleep 60`]);
		try {
			// The whole report, not the first screen that has its headings: the shell says when it ended.
			const deadline = Date.now() + 60_000;
			for (;;) {
				const text = execFileSync('tmux', ['-L', socket, 'capture-pane', '-p', '-e', '-J', '-t', 'r', '-S', '-']).toString();
				const ended = /^(?:\u001B\[[0-9;]*m)*EXIT=(\d+)$/m.exec(text); // -e: the colour state carries over to the shell's line
				if (ended) {
					assert.equal(ended[1], '0', text);
					assert.ok(text.includes('Culprits, worst first') && /Thresholds/.test(text), text);
					return text;
				}
				if (Date.now() > deadline) throw new Error(`the report did not appear in tmux:\n${text}`);
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		} finally {
			execFileSync('tmux', ['-L', socket, 'kill-server']);
			// tmux leaves its socket file behind here; remove it rather than litter /tmp.
			rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid!()}`, socket), {force: true});
		}
	};
	const coloured = await screen('NO_COLOR= FORCE_COLOR=');
	const lines = coloured.split('\n');
	const title = lines.findIndex((line) => /WARN.*storage-side: LUN/.test(line));
	assert.ok(title >= 0, coloured);
	assert.match(lines[title + 1]!, blocks, 'a timeline under the culprit');
	assert.match(lines[title + 1]!.replaceAll(/\u001B\[[0-9;]*m/g, ''), /^ +02:00 [▁▂▃▄▅▆▇█]{40} 02:13  DAVG, max per 20 s$/, 'a 40-bucket timeline between the capture\'s first and last time');
	assert.match(coloured, /\u001B\[33m/, 'warn in yellow');
	assert.match(coloured, /\u001B\[31m/, 'crit in red');
	const plain = await screen('NO_COLOR=1 FORCE_COLOR=');
	assert.match(plain, blocks);
	assert.doesNotMatch(plain, /\u001B\[3[1-3]m/);
});
