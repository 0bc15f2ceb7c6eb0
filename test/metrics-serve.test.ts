import assert from 'node:assert/strict';
import {existsSync, readdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {collect, makeHome, runEsxlat, spawnEsxlat, type TestHome} from './helpers/cli.js';
import {promtoolCheckMetrics, skipWithoutPrometheus} from './helpers/prometheus.js';
import {freePort, skipWithoutSshd, type Sshd, startSshd} from './helpers/sshd.js';

describe('esxlat serve: a headless collector for several hosts over real sshd', {skip: skipWithoutSshd()}, () => {
	let home: TestHome;
	const hosts: Sshd[] = [];

	before(async () => {
		home = makeHome();
		for (const name of ['esx-a.test', 'esx-b.test']) hosts.push(await startSshd({authorizedKeys: [home.publicKey], env: {FAKE_ESXTOP_HOST: name}}));
	});

	after(async () => {
		for (const sshd of hosts) await sshd.stop();
		home?.cleanup();
	});

	const body = async (port: number) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();

	test('every host on one /metrics with its host label; a host that cannot be reached is esxlat_up 0; nothing is recorded', async () => {
		const port = await freePort();
		const dead = await freePort(); // nothing listens there
		writeFileSync(join(home.work, 'fleet.txt'), `# the lab\n127.0.0.1:${hosts[1]!.port}\n127.0.0.1:${dead}  # switched off\n`);
		const child = spawnEsxlat(['serve', `127.0.0.1:${hosts[0]!.port}`, '--hosts', 'fleet.txt', '--accept-new', '--interval', '1', `--metrics=127.0.0.1:${port}`], home.home);
		const result = collect(child, 120_000);
		try {
			let text = '';
			const deadline = Date.now() + 60_000;
			while (!(/^esxlat_up\{host="esx-a\.test"\} 1$/m.test(text) && /^esxlat_up\{host="esx-b\.test"\} 1$/m.test(text))) {
				assert.ok(Date.now() < deadline, `both hosts never up: ${text.split('\n').filter((line) => line.startsWith('esxlat_up')).join('; ')}`);
				await new Promise((resolve) => setTimeout(resolve, 200));
				text = await body(port).catch(() => '');
			}
			assert.match(text, /^esxlat_up\{host="127\.0\.0\.1"\} 0$/m, 'the unreachable host, by the host as typed');
			for (const name of ['esx-a.test', 'esx-b.test']) assert.match(text, new RegExp(`^esxlat_device_latency_seconds\\{host="${name.replace('.', '\\.')}",device="[^"]+",stage="guest"\\} `, 'm'));
			if (!skipWithoutPrometheus()) {
				const lint = promtoolCheckMetrics(text);
				assert.equal(lint.code, 0, lint.output);
			}
		} finally {
			child.kill('SIGTERM');
		}
		const {code, stderr} = await result;
		assert.equal(code, 0, stderr);
		assert.match(stderr, new RegExp(`serving metrics on http://127\\.0\\.0\\.1:${port}/metrics`));
		assert.match(stderr, new RegExp(`127\\.0\\.0\\.1:${dead}: `), 'the unreachable host is named with its reason');
		assert.deepEqual(readdirSync(home.work).filter((name) => name.endsWith('.csv')), [], 'serve records nothing unless asked');
	});

	test('serve without hosts, a bad ADDR, a port in use: one line each', async () => {
		const none = await runEsxlat(['serve'], home.home);
		assert.equal(none.code, 2);
		assert.match(none.stderr, /^esxlat: serve needs one or more hosts/);
		const bad = await runEsxlat(['serve', 'esx01', '--metrics', ':http'], home.home);
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /^esxlat: --metrics ":http": "http" is not a port/);
		assert.ok(!existsSync(join(home.work, 'esx01')));
	});
});
