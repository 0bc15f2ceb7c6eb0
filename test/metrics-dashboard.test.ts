import assert from 'node:assert/strict';
import {mkdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {allFamilies} from '../source/export/families.js';
import {esxlat} from './helpers/run-cli.js';
import {promtoolBackfill, skipWithoutPrometheus, startPrometheus} from './helpers/prometheus.js';
import {withTempDir} from './helpers/temp-dir.js';

interface Panel {
	title: string;
	targets: Array<{expr: string}>;
}
const dashboard = JSON.parse(readFileSync(new URL('../dashboards/esxlat-storage.json', import.meta.url), 'utf8')) as {panels: Panel[]; templating: {list: Array<{query: {query: string}}>}};
const queries = dashboard.panels.flatMap((panel) => panel.targets.map((target) => ({panel: panel.title, expr: target.expr})));

test('the Grafana dashboard uses only names esxlat exports', () => {
	const exported = new Set(allFamilies.map((family) => family.name));
	const used = new Set([...queries.map((query) => query.expr), ...dashboard.templating.list.map((variable) => variable.query.query)].flatMap((expr) => expr.match(/\besxlat_\w+/g) ?? []));
	assert.ok(used.size >= 8);
	for (const name of used) assert.ok(exported.has(name), `${name} is not an exported family`);
});

test(
	'every dashboard query is valid PromQL and has data over a backfilled capture',
	{skip: skipWithoutPrometheus()},
	withTempDir(async (dir) => {
		const capture = join(dir, 'demo.csv');
		await esxlat(['generate', '-o', capture, '--scenario', 'demo', '--samples', '60', '--all']);
		// A second host over the same hour, whose adapter times commands out (resets too).
		const second = join(dir, 'esx02.csv');
		await esxlat(['generate', '-o', second, '--scenario', 'adapter-slow', '--samples', '60', '--all', '--host', 'esx02.lab.local']);
		const out = join(dir, 'demo.om');
		assert.equal((await esxlat(['export', capture, second, '-o', out])).code, 0);
		const data = join(dir, 'tsdb');
		mkdirSync(data);
		promtoolBackfill(out, data);
		// Sample 40: its last minute holds esx02's resets (samples 28 and 37) and esx01's full queue.
		const at = JSON.parse((await esxlat(['replay', second, '--json', '--view', 'nfs'])).stdout.trim().split('\n')[40]!) as {time: string};
		const time = Date.parse(at.time) / 1000;
		let failing = '';
		const prometheus = await startPrometheus({dataDir: data});
		try {
			// esxlat_up is about collection: a backfill has none (the live test checks it).
			for (const {panel, expr} of queries.filter((query) => !query.expr.includes('esxlat_up'))) {
				const promql = expr.replaceAll('$__rate_interval', '1m').replaceAll('$host', '.*');
				const result = await prometheus.query(promql, time);
				if (result.length === 0) failing += `${panel}: ${promql} has no data\n`;
			}
		} finally {
			await prometheus.stop();
		}
		assert.equal(failing, '');
	}),
);
