import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {collect, makeHome, spawnEsxlat, type TestHome, waitFor} from './helpers/cli.js';
import {type Prometheus, promtoolCheckMetrics, skipWithoutPrometheus, startPrometheus} from './helpers/prometheus.js';
import {freePort, skipWithoutSshd, type Sshd, startSshd} from './helpers/sshd.js';

interface JsonRow {
	view: string;
	id: string;
	[field: string]: number | string | null;
}
interface JsonSample {
	time: string;
	host: string;
	warmup?: true;
	rows: JsonRow[];
}

const skip = skipWithoutSshd() || skipWithoutPrometheus();
const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);

describe('esxlat live --metrics scraped by a real Prometheus, over a real sshd', {skip}, () => {
	let sshd: Sshd;
	let home: TestHome;
	let prometheus: Prometheus;
	let metricsPort: number;
	let child: ReturnType<typeof spawnEsxlat>;
	let result: ReturnType<typeof collect>;
	let stdout = '';
	const samples = (): JsonSample[] => stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as JsonSample);
	const scrape = async (accept?: string) => {
		const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, accept ? {headers: {accept}} : {});
		return {type: response.headers.get('content-type') ?? '', body: await response.text()};
	};

	before(async () => {
		home = makeHome();
		sshd = await startSshd({authorizedKeys: [home.publicKey]});
		metricsPort = await freePort();
		child = spawnEsxlat(['live', `127.0.0.1:${sshd.port}`, '--json', '--accept-new', '--all', '--interval', '2', '--metrics', `127.0.0.1:${metricsPort}`], home.home);
		result = collect(child, 170_000);
		child.stdout!.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		prometheus = await startPrometheus({targets: [`127.0.0.1:${metricsPort}`]});
	});

	after(async () => {
		child?.kill('SIGINT');
		await result?.catch(() => {});
		await prometheus?.stop();
		await sshd?.stop();
		home?.cleanup();
	});

	test('the values Prometheus stores are those of the live feed for the same sample', async () => {
		await waitFor(() => samples().length >= 4, 'four samples', 60_000);
		const up = async () => (await prometheus.query('esxlat_up'))[0]?.value[1];
		const deadline = Date.now() + 60_000;
		while ((await up()) !== '1') {
			assert.ok(Date.now() < deadline, `esxlat_up never 1 in Prometheus: ${prometheus.log()}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		const at = Date.now() / 1000 - 0.5;
		const [time] = await prometheus.query('esxlat_sample_time_seconds', at);
		assert.ok(time, 'esxlat_sample_time_seconds is scraped');
		assert.equal(time.metric.host, 'fake-esx.test');
		const feed = samples();
		const index = feed.findIndex((sample) => Date.parse(sample.time) === Number(time.value[1]) * 1000);
		assert.ok(index > 0, `the scraped sample (${time.value[1]}) is one the live feed showed`);
		const sample = feed[index]!;
		const devices = sample.rows.filter((row) => row.view === 'device');
		assert.ok(devices.length >= 2);

		const latency = await prometheus.query('esxlat_device_latency_seconds', at);
		const stageField: Record<string, string> = {guest: 'gavg', kernel: 'kavg', device: 'davg', queue: 'qavg'};
		assert.equal(latency.length, devices.length * 4);
		for (const series of latency) {
			const row = devices.find((device) => device.id === series.metric.device)!;
			assert.ok(row, `device ${series.metric.device} is in the feed`);
			assert.equal(series.metric.host, 'fake-esx.test');
			close(Number(series.value[1]), (row[stageField[series.metric.stage!]!] as number) / 1000, `${series.metric.device} ${series.metric.stage}`);
		}
		for (const [name, field, scale] of [
			['esxlat_device_commands_per_second', 'cmds', 1],
			['esxlat_device_queue_depth', 'dqlen', 1],
			['esxlat_device_active_commands', 'actv', 1],
			['esxlat_device_read_bytes_per_second', 'mbRead', 1024 * 1024],
			['esxlat_device_failed_commands_per_second', 'failed', 1],
		] as const) {
			const result = await prometheus.query(name, at);
			assert.equal(result.length, devices.length, name);
			for (const series of result) close(Number(series.value[1]), (devices.find((row) => row.id === series.metric.device)![field] as number) * scale, `${name} ${series.metric.device}`);
		}
		// The verdict: 1 for the row's bottleneck class, 0 for the others.
		const verdicts = await prometheus.query('esxlat_device_bottleneck == 1', at);
		assert.deepEqual(verdicts.map((series) => `${series.metric.device} ${series.metric.class}`).sort(), devices.map((row) => `${row.id} ${row.bottleneck}`).sort());
		// Totals: Σ commands/s × the seconds between rows, from the first row after the warm-up on (one esxtop run so far).
		const totals = await prometheus.query('esxlat_device_commands_total', at);
		for (const series of totals) {
			let expected = 0;
			for (let at = 1; at <= index; at++) {
				const seconds = (Date.parse(feed[at]!.time) - Date.parse(feed[at - 1]!.time)) / 1000;
				expected += (feed[at]!.rows.find((row) => row.view === 'device' && row.id === series.metric.device)!.cmds as number) * seconds;
			}
			close(Number(series.value[1]), expected, `commands_total ${series.metric.device}`);
		}
	});

	test('the exposition passes promtool check metrics; OpenMetrics when asked, ending # EOF', async () => {
		const text = await scrape();
		assert.match(text.type, /^text\/plain; version=0\.0\.4/);
		assert.match(text.body, /^esxlat_up\{host="fake-esx\.test"\} 1$/m);
		const lint = promtoolCheckMetrics(text.body);
		assert.equal(lint.code, 0, lint.output);
		assert.equal(lint.output, '');
		const openMetrics = await scrape('application/openmetrics-text; version=1.0.0');
		assert.match(openMetrics.type, /^application\/openmetrics-text; version=1\.0\.0/);
		assert.ok(openMetrics.body.endsWith('# EOF\n'));
		assert.match(openMetrics.body, /^# TYPE esxlat_device_commands counter$/m);
		assert.match(openMetrics.body, /^esxlat_device_commands_total\{/m);
	});

	test('a killed session: esxlat_up 0 and no device series while it reconnects, then back', async () => {
		const sessions = sshd.sessionPids();
		assert.equal(sessions.length, 1, 'one connection');
		const killedAt = Date.now();
		process.kill(sessions[0]!, 'SIGKILL');
		let down = '';
		const deadline = Date.now() + 30_000;
		while (!/^esxlat_up\{host="fake-esx\.test"\} 0$/m.test(down)) {
			assert.ok(Date.now() < deadline, 'esxlat_up never 0 on /metrics after the kill');
			await new Promise((resolve) => setTimeout(resolve, 100));
			down = (await scrape()).body;
		}
		assert.doesNotMatch(down, /^esxlat_device_/m, 'no stale device series while reconnecting');
		assert.match(down, /^esxlat_reconnects_total\{host="fake-esx\.test"\} 1$/m);
		const backBy = Date.now() + 60_000;
		for (;;) {
			// Only the scrapes since the kill: esxlat_up was 0 at start-up too.
			const since = Math.ceil((Date.now() - killedAt) / 1000);
			const [up] = await prometheus.query('esxlat_up');
			const [low] = await prometheus.query(`min_over_time(esxlat_up[${since}s])`);
			const [reconnects] = await prometheus.query('esxlat_reconnects_total');
			if (up?.value[1] === '1' && low?.value[1] === '0' && reconnects?.value[1] === '1') break;
			assert.ok(Date.now() < backBy, `Prometheus never saw esxlat_up go 0 and back to 1 with one reconnect (now ${up?.value[1]}, min ${low?.value[1]}, reconnects ${reconnects?.value[1]})`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		// esxlat_up can be 1 a scrape before the latencies are back: the new session's first row
		// carries none (esxtop's warm-up), so its latency series come with the row after.
		while ((await prometheus.query('esxlat_device_latency_seconds')).length === 0) {
			assert.ok(Date.now() < backBy, 'device series are back in Prometheus after the reconnect');
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	});
});
