import assert from 'node:assert/strict';
import {mkdirSync, readFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {join} from 'node:path';
import {describe, test} from 'node:test';
import {esxlat} from './helpers/run-cli.js';
import {promtoolBackfill, promtoolCheckMetrics, skipWithoutPrometheus, startPrometheus} from './helpers/prometheus.js';
import {freePort} from './helpers/sshd.js';
import {withTempDir} from './helpers/temp-dir.js';

interface JsonRow {
	view: string;
	id: string;
	[field: string]: number | string | null;
}

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);

describe('esxlat export --format openmetrics', () => {
	test(
		'streams one point per series per sample with esxtop’s timestamps, the values of replay --json, ending # EOF',
		withTempDir(async (dir) => {
			const capture = join(dir, 'slow.csv');
			assert.equal((await esxlat(['generate', '-o', capture, '--scenario', 'array-slow', '--samples', '12', '--all', '--vms', '2', '--nfs', '1'])).code, 0);
			const exported = await esxlat(['export', capture, '--format', 'openmetrics']);
			assert.equal(exported.code, 0, exported.stderr);
			assert.match(exported.stderr, /slow\.csv: 12 samples; no rows skipped/);
			const text = exported.stdout;
			assert.ok(text.endsWith('\n# EOF\n'));
			assert.equal(text.split('\n# EOF\n').length, 2, 'one # EOF, at the end');
			const replay = (await esxlat(['replay', capture, '--json'])).stdout.trim().split('\n').map((line) => JSON.parse(line) as {time: string; warmup?: true; rows: JsonRow[]});
			const points = new Map<string, number>();
			for (const line of text.split('\n')) {
				const match = /^(\w+)(\{.*\}) (\S+) (\d+)$/.exec(line);
				if (match) points.set(`${match[1]}${match[2]} ${match[4]}`, Number(match[3]));
			}
			// The warm-up row is not exported; every other row is, at its own time.
			const warmupStamp = Date.parse(replay[0]!.time) / 1000;
			assert.ok(![...points.keys()].some((key) => key.endsWith(` ${warmupStamp}`)));
			const sample = replay[5]!;
			const stamp = Date.parse(sample.time) / 1000;
			const at = (series: string) => points.get(`${series} ${stamp}`);
			for (const row of sample.rows) {
				const labels = (extra = '') => {
					if (row.view !== 'vm') return `{host="esx01.lab.local",${row.view}="${row.id}"${extra}}`;
					const [vm, ...disk] = row.id.split(':');
					return `{host="esx01.lab.local",vm="${vm}"${disk.length ? `,disk="${disk.join(':')}"` : ''}${extra}}`;
				};
				const expect = (name: string, value: number | string | null, scale = 1, extra = '') => {
					const series = `esxlat_${row.view}_${name}${labels(extra)}`;
					if (value === null) return assert.equal(at(series), undefined, `${series}: no point for a missing counter`);
					close(at(series)!, (value as number) * scale, series);
				};
				expect('commands_per_second', row.cmds);
				expect('write_bytes_per_second', row.mbWritten, 1024 * 1024);
				if (row.view === 'vm') {
					expect('latency_seconds', row.readLatency, 1 / 1000, ',op="read"');
					expect('latency_seconds', row.writeLatency, 1 / 1000, ',op="write"');
					continue;
				}
				expect('latency_seconds', row.gavg, 1 / 1000, ',stage="guest"');
				if (row.view === 'nfs') continue;
				expect('latency_seconds', row.davg, 1 / 1000, ',stage="device"');
				expect('latency_seconds', row.qavg, 1 / 1000, ',stage="queue"');
				expect('resets_per_second', row.resets);
				if (row.view === 'device') {
					expect('queued_commands', row.qued);
					assert.equal(at(`esxlat_device_bottleneck${labels(`,class="${row.bottleneck}"`)}`), 1);
				}
			}
			// A counter: Σ cmds × interval over rows 1..5 (row 0 is the warm-up).
			const device = sample.rows.find((row) => row.view === 'device')!;
			let total = 0;
			for (let row = 1; row <= 5; row++) total += (replay[row]!.rows.find((r) => r.view === 'device' && r.id === device.id)!.cmds as number) * 5;
			close(at(`esxlat_device_commands_total{host="esx01.lab.local",device="${device.id}"}`)!, total, 'commands_total');
			assert.match(text, /^# TYPE esxlat_device_commands counter\n/m);
			assert.match(text, /^# UNIT esxlat_device_latency_seconds seconds$/m);
			assert.equal(text.match(/^# TYPE esxlat_device_latency_seconds gauge$/gm)!.length, 1, 'a family is described once');
		}),
	);

	test(
		'--metrics-views and --metrics-filter bound what is written; bad flags are usage errors',
		withTempDir(async (dir) => {
			const capture = join(dir, 'c.csv');
			await esxlat(['generate', '-o', capture, '--scenario', 'healthy', '--samples', '3']);
			const only = await esxlat(['export', capture, '--metrics-views', 'adapter', '--metrics-filter', 'vmhba2$']);
			assert.equal(only.code, 0, only.stderr);
			const names = new Set(only.stdout.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => /^(\w+)\{.*adapter="([^"]+)"/.exec(line)?.slice(1).join(' ')));
			assert.deepEqual([...names].map((name) => name?.split(' ')[1]).filter((v, i, a) => a.indexOf(v) === i), ['vmhba2']);
			assert.ok([...names].every((name) => name?.startsWith('esxlat_adapter_')));
			for (const args of [['--format', 'csv'], ['--metrics-views', 'disks'], ['--metrics-filter', '(']]) {
				const bad = await esxlat(['export', capture, ...args]);
				assert.equal(bad.code, 2, `${args.join(' ')}: ${bad.stderr}`);
				assert.equal(bad.stderr.split('\n')[0]!.startsWith('esxlat: '), true);
			}
		}),
	);

	test(
		'promtool loads the export into blocks; a Prometheus over them answers at a historical time with the capture’s value',
		{skip: skipWithoutPrometheus()},
		withTempDir(async (dir) => {
			const capture = join(dir, 'esx01.csv');
			await esxlat(['generate', '-o', capture, '--scenario', 'host-queue', '--samples', '40', '--all']);
			const out = join(dir, 'esx01.om');
			const exported = await esxlat(['export', capture, '--format', 'openmetrics', '-o', out]);
			assert.equal(exported.code, 0, exported.stderr);
			const data = join(dir, 'tsdb');
			mkdirSync(data);
			promtoolBackfill(out, data);
			const replay = (await esxlat(['replay', capture, '--json', '--view', 'device'])).stdout.trim().split('\n').map((line) => JSON.parse(line) as {time: string; rows: JsonRow[]});
			const prometheus = await startPrometheus({dataDir: data});
			try {
				const sample = replay[17]!;
				const time = Date.parse(sample.time) / 1000;
				const result = await prometheus.query('esxlat_device_latency_seconds{stage="kernel"}', time);
				const devices = sample.rows;
				assert.equal(result.length, devices.length, prometheus.log());
				for (const series of result) {
					const row = devices.find((device) => device.id === series.metric.device)!;
					assert.equal(series.value[0], time);
					close(Number(series.value[1]), (row.kavg as number) / 1000, `KAVG of ${row.id} at ${sample.time}`);
				}
				const [queued] = await prometheus.query(`esxlat_device_queued_commands{device="${devices[0]!.id}"}`, time);
				close(Number(queued!.value[1]), devices[0]!.qued as number, 'QUED');
				// rate(latency_total) / rate(commands_total): the command-weighted average latency.
				const [weighted] = await prometheus.query(`rate(esxlat_device_latency_seconds_total{device="${devices[0]!.id}",stage="guest"}[1m]) / ignoring(stage) rate(esxlat_device_commands_total{device="${devices[0]!.id}"}[1m])`, time);
				// Prometheus 2 selects [t-60 s, t]: rows 5..17, whose increase is that of rows 6..17.
				let seconds = 0;
				let commands = 0;
				for (let row = 6; row <= 17; row++) {
					const values = replay[row]!.rows.find((r) => r.id === devices[0]!.id)!;
					seconds += ((values.gavg as number) / 1000) * (values.cmds as number);
					commands += values.cmds as number;
				}
				assert.ok(weighted, 'the ratio has a value');
				close(Number(weighted.value[1]), seconds / commands, 'command-weighted GAVG');
			} finally {
				await prometheus.stop();
			}
			// The live exposition's lint applies to these names too.
			assert.match(readFileSync(out, 'utf8'), /^esxlat_device_latency_seconds_total\{/m);
		}),
	);
});

describe('--metrics ADDR: bad input', () => {
	test('a port in use is a one-line error before any host is contacted', async () => {
		const port = await freePort();
		const blocker = createServer();
		await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
		try {
			const result = await esxlat(['live', '127.0.0.1:1', '--json', '--metrics', `127.0.0.1:${port}`]);
			assert.equal(result.code, 1);
			assert.equal(result.stderr, `esxlat: --metrics 127.0.0.1:${port}: the address is already in use (another exporter?); choose another port with --metrics ADDR\n`);
		} finally {
			blocker.close();
		}
	});

	test('a bad ADDR is a usage error (exit 2)', async () => {
		for (const address of ['99999', 'host:port', '[zz]:80', 'a b:1', '1.2.3.4:']) {
			const result = await esxlat(['record', 'esx01', '--metrics', address]);
			assert.equal(result.code, 2, `${address}: ${result.stderr}`);
			assert.match(result.stderr, new RegExp(`^esxlat: --metrics "${address.replace(/[[\]]/g, '\\$&')}": .+\nTry 'esxlat record --help'\n$`));
		}
		const noHost = await esxlat(['export', '--format', 'openmetrics']);
		assert.equal(noHost.code, 2);
	});

	test('promtool check metrics fails on a wrong exposition (the lint used above can fail)', {skip: skipWithoutPrometheus()}, () => {
		const lint = promtoolCheckMetrics('# HELP esxlat_x_milliseconds x\n# TYPE esxlat_x_milliseconds counter\nesxlat_x_milliseconds 1\n');
		assert.notEqual(lint.output, '');
	});
});

describe('cardinality on a wide host', () => {
	test(
		'over 1,000 entities: paths and VM disks are off unless --metrics-views names them, and esxlat says so',
		withTempDir(async (dir) => {
			const capture = join(dir, 'wide.csv');
			assert.equal((await esxlat(['generate', '-o', capture, '--scenario', 'healthy', '--samples', '2', '--devices', '600', '--vms', '20'])).code, 0);
			const families = (text: string) => new Set(text.split('\n').filter((line) => line.startsWith('esxlat_')).map((line) => line.slice(0, line.indexOf('{'))));
			const wide = await esxlat(['export', capture]);
			assert.equal(wide.code, 0, wide.stderr);
			assert.match(wide.stderr, /esxlat: esx01\.lab\.local has 1,\d{3} entities \(over 1,000\): its paths and VM disks are not exported; --metrics-views device,adapter,path,vm,nfs exports them\n/);
			const shown = families(wide.stdout);
			assert.ok(shown.has('esxlat_device_latency_seconds') && shown.has('esxlat_adapter_latency_seconds'));
			assert.ok(![...shown].some((name) => name.startsWith('esxlat_path_') || name.startsWith('esxlat_vm_')), [...shown].join(' '));
			const asked = await esxlat(['export', capture, '--metrics-views', 'device,path,vm']);
			assert.doesNotMatch(asked.stderr, /not exported/);
			const all = families(asked.stdout);
			assert.ok(all.has('esxlat_path_latency_seconds') && all.has('esxlat_vm_latency_seconds') && !all.has('esxlat_adapter_latency_seconds'));
		}),
	);
});
