import assert from 'node:assert/strict';
import {test} from 'node:test';
import {esxlat} from './helpers/run-cli.js';
import {scratchDir} from './helpers/captures.js';
import {join} from 'node:path';

/** Generated captures of hosts that share their LUN ids (the generator numbers them alike). */
async function hosts(dir: string, scenarios: Record<string, string>): Promise<string[]> {
	const files: string[] = [];
	for (const [host, scenario] of Object.entries(scenarios)) {
		const file = join(dir, `${host}.csv`);
		const made = await esxlat(['generate', '--scenario', scenario, '--host', host, '--samples', '120', '--seed', String(files.length + 1), '-o', file]);
		assert.equal(made.code, 0, made.stderr);
		files.push(file);
	}
	return files;
}

test('report over several captures: per-host summary, the cross-host verdict, each host\'s culprits; --json has hosts[] and sharedLuns[]', async () => {
	const dir = scratchDir();
	const everywhere = await hosts(join(dir), {esx01: 'array-slow', esx02: 'array-slow', esx03: 'array-slow'});
	const text = await esxlat(['report', ...everywhere]);
	assert.equal(text.code, 0, text.stderr);
	assert.match(text.stdout, /^esxlat report: 3 hosts\n/);
	assert.match(text.stdout, /esx01 +storage-side: LUN naa\.\S+, DAVG p95/);
	assert.match(text.stdout, /slow from 3 of 3 hosts \(DAVG [\d.–]+ ms\) → the array/);
	assert.match(text.stdout, /5 LUNs fine from every host that has them/);
	for (const host of ['esx01', 'esx02', 'esx03']) assert.match(text.stdout, new RegExp(`── ${host} \\(.*${host}\\.csv\\) ─+\\nesxlat report: ${host}\\n[^]*?Culprits, worst first`));

	const json = JSON.parse((await esxlat(['report', ...everywhere, '--json'])).stdout);
	assert.deepEqual(json.hosts.map((host: {name: string; host: string}) => [host.name, host.host]), [['esx01', 'esx01'], ['esx02', 'esx02'], ['esx03', 'esx03']]);
	assert.ok(json.hosts[0].culprits.length > 0, 'each host keeps its whole report');
	const [worst] = json.sharedLuns;
	assert.equal(worst.cause, 'array');
	assert.deepEqual(worst.slow, ['esx01', 'esx02', 'esx03']);
	assert.equal(worst.hosts.length, 3);
	assert.ok(worst.hosts.every((host: {davg: number}) => host.davg > 20));
	assert.ok(!json.sharedLuns.some((lun: {id: string}) => lun.id.startsWith('mpx.')), 'local disks are not shared LUNs');

	// A single file keeps today's shape exactly: no hosts[] around it.
	const single = JSON.parse((await esxlat(['report', everywhere[0]!, '--json'])).stdout);
	assert.equal(single.host, 'esx01');
	assert.equal(single.hosts, undefined);
	assert.equal(single.sharedLuns, undefined);
});

test("slow from one host only: that host's paths/HBA, in the terminal and in Markdown; a directory stands for its captures", async () => {
	const dir = scratchDir();
	await hosts(dir, {esx01: 'healthy', esx02: 'healthy', esx03: 'array-slow'});
	const text = await esxlat(['report', dir]);
	assert.equal(text.code, 0, text.stderr);
	assert.match(text.stdout, /slow only from esx03 \(DAVG [\d.]+ ms vs [\d.–]+ ms elsewhere\) → esx03's paths\/HBA/);
	const markdown = await esxlat(['report', dir, '--markdown']);
	assert.match(markdown.stdout, /^# esxlat report: 3 hosts/);
	assert.match(markdown.stdout, /- `naa\.\S+`: slow only from esx03/);
	const missing = await esxlat(['report', join(dir, 'esx01.csv'), join(dir, 'nope.csv')]);
	assert.equal(missing.code, 1);
	assert.match(missing.stderr, /nope\.csv/);
});
