import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {promisify} from 'node:util';
import {configPath, ConfigError, parseConfig, readConfig, viewFieldNames} from '../source/config/config-file.js';
import {layoutSaver, thresholdsFrom, uiSettingsFrom} from '../source/config/screen-settings.js';
import {naaId} from '../source/generate/host-spec.js';
import {defaultThresholds, thresholdsFor} from '../source/model/thresholds.js';
import {viewNames} from '../source/parse/storage-views.js';
import {defaultLayouts, fieldsOf} from '../source/view/view-layout.js';
import {captureText, scratchDir, writeCapture} from './helpers/captures.js';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;
const dir = scratchDir();
const slow = writeCapture(dir, 'array-slow.csv', captureText('array-slow', 40));

/** The built CLI with a config home of its own. */
async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{stdout: string; stderr: string; code: number}> {
	return promisify(execFile)(process.execPath, [cli, ...args], {env: {PATH: process.env.PATH, HOME: join(dir, 'home'), ...env}, maxBuffer: 64 << 20}).then(
		({stdout, stderr}) => ({stdout, stderr, code: 0}),
		(error: {stdout: string; stderr: string; code: number}) => ({stdout: error.stdout, stderr: error.stderr, code: error.code}),
	);
}

test('the config lives at --config FILE, else $XDG_CONFIG_HOME/esxlat, else ~/.config/esxlat', () => {
	assert.equal(configPath('/etc/my.json', {HOME: '/home/a', XDG_CONFIG_HOME: '/x'}), '/etc/my.json');
	assert.equal(configPath(undefined, {HOME: '/home/a', XDG_CONFIG_HOME: '/x'}), '/x/esxlat/config.json');
	assert.equal(configPath(undefined, {HOME: '/home/a'}), '/home/a/.config/esxlat/config.json');
	// The XDG spec: a relative XDG_CONFIG_HOME is ignored.
	assert.equal(configPath(undefined, {HOME: '/home/a', XDG_CONFIG_HOME: 'rel'}), '/home/a/.config/esxlat/config.json');
	const missing = readConfig(join(dir, 'nothing.json'));
	assert.equal(missing.exists, false);
	assert.deepEqual(missing.views, {});
});

test('the config file lists the same columns as the screen', () => {
	for (const view of viewNames) assert.deepEqual([...viewFieldNames[view]], fieldsOf(view), view);
});

test('a bad config is one line naming the file and the key', () => {
	const cases: Array<[unknown, RegExp]> = [
		[[], /^f\.json: \(top level\): expected a JSON object/],
		[{colour: true}, /^f\.json: colour: unknown key \(known: defaultView, views, thresholds, deviceThresholds, minIo\)$/],
		[{defaultView: 'disks'}, /^f\.json: defaultView: expected one of device, adapter, path, vm, nfs$/],
		[{views: {device: {columns: ['actv', 'iops']}}}, /^f\.json: views\.device\.columns\[1\]: unknown column "iops" for device \(use dqlen, actv/],
		[{views: {device: {columns: ['actv', 'actv']}}}, /^f\.json: views\.device\.columns\[1\]: actv is listed twice$/],
		[{views: {vm: {sort: 'davg'}}}, /^f\.json: views\.vm\.sort: unknown column "davg"/],
		[{views: {device: {idWidth: 5}}}, /^f\.json: views\.device\.idWidth: expected a whole number of columns from 12 to 160$/],
		[{views: {disk: {}}}, /^f\.json: views\.disk: unknown view/],
		[{thresholds: {davg: '50:20'}}, /^f\.json: thresholds\.davg: "50:20": warn \(50\) is above crit \(20\)$/],
		[{thresholds: {qavg: '1:2'}}, /^f\.json: thresholds\.qavg: unknown metric \(use kavg, davg, gavg\)$/],
		[{deviceThresholds: {'naa.624a9370*': {davg: 2}}}, /^f\.json: deviceThresholds\.naa\.624a9370\*\.davg: expected "warn:crit" in ms/],
		[{deviceThresholds: {'naa.624a9370*': {}}}, /^f\.json: deviceThresholds\.naa\.624a9370\*: no thresholds given/],
		[{minIo: -1}, /^f\.json: minIo: expected commands per second, a number ≥ 0$/],
	];
	for (const [raw, message] of cases) {
		assert.throws(() => parseConfig(raw, 'f.json'), (error: Error) => error instanceof ConfigError && message.test(error.message) && !error.message.includes('\n'), JSON.stringify(raw));
	}
	const good = parseConfig({defaultView: 'adapter', views: {device: {columns: ['davg', 'gavg'], sort: 'davg', idWidth: 40}}, thresholds: {davg: '25:60'}, deviceThresholds: {'naa.624a9370*': {davg: '2:5'}}, minIo: 10}, 'f.json');
	assert.equal(good.minIo, 10);
	assert.deepEqual(good.views.device, {columns: ['davg', 'gavg'], sort: {key: 'davg', descending: true}, idWidth: 40});
	assert.deepEqual(good.deviceThresholds, [{pattern: 'naa.624a9370*', bands: {davg: {warn: 2, crit: 5}}}]);
});

test('per-device thresholds: the first matching pattern over the global bands; --threshold overrides the config globally', () => {
	const config = parseConfig({thresholds: {davg: '25:60'}, deviceThresholds: {'naa.624a9370*': {davg: '2:5'}, 'NAA.6*': {kavg: '1:3'}}}, 'f.json');
	const t = thresholdsFrom(config, undefined);
	assert.deepEqual(thresholdsFor(t, 'naa.624a937012345').davg, {warn: 2, crit: 5}, 'flash LUN');
	assert.deepEqual(thresholdsFor(t, 'naa.624a937012345').kavg, defaultThresholds.kavg, 'first match only');
	assert.deepEqual(thresholdsFor(t, 'naa.600a0b80').kavg, {warn: 1, crit: 3}, 'any case, * any run');
	assert.deepEqual(thresholdsFor(t, 'mpx.vmhba0:C0:T0:L0').davg, {warn: 25, crit: 60}, 'no rule: the config global');
	const flagged = thresholdsFrom(config, 'davg=30:70');
	assert.deepEqual(flagged.davg, {warn: 30, crit: 70});
	assert.deepEqual(thresholdsFor(flagged, 'naa.624a9370ff').davg, {warn: 2, crit: 5}, 'the device rules stay');
});

test('replay --json, report and the screen judge a device by its own rule', async () => {
	const home = join(dir, 'xdg-a');
	mkdirSync(join(home, 'esxlat'), {recursive: true});
	// Every SAN LUN is fine at 20:50; LUN 1 (not the slow one) is held to 0.5:1 ms.
	writeFileSync(join(home, 'esxlat', 'config.json'), JSON.stringify({deviceThresholds: {[`${naaId(1).slice(0, -4)}*`]: {davg: '0.5:1'}}}));
	const judged = await run(['replay', slow, '--json', '--view', 'device'], {XDG_CONFIG_HOME: home});
	assert.equal(judged.code, 0, judged.stderr);
	const rows = judged.stdout.trim().split('\n').slice(1).flatMap((line) => (JSON.parse(line) as {rows: Array<{id: string; davg: number; severity: string}>}).rows);
	const strict = rows.filter((row) => row.id === naaId(1));
	assert.ok(strict.length > 0 && strict.every((row) => row.severity === (row.davg >= 1 ? 'crit' : row.davg >= 0.5 ? 'warn' : 'ok')), 'LUN 1 on its own band');
	assert.ok(strict.some((row) => row.severity === 'crit'));
	assert.ok(rows.filter((row) => row.id === naaId(2)).every((row) => row.severity === 'ok'), 'the others on the global band');
	const report = await run(['report', slow, '--json'], {XDG_CONFIG_HOME: home});
	const parsed = JSON.parse(report.stdout) as {culprits: Array<{id: string}>; thresholds: {devices?: unknown}};
	assert.deepEqual(parsed.thresholds.devices, [{pattern: `${naaId(1).slice(0, -4)}*`, bands: {davg: {warn: 0.5, crit: 1}}}], 'the report says which rules it judged by');
	const text = await run(['report', slow], {XDG_CONFIG_HOME: home});
	assert.match(text.stdout.replace(/\n/g, ' '), new RegExp(`Thresholds kavg=2:5,davg=20:50,gavg=20:50; ${naaId(1).slice(0, -4).replace(/\./g, '\\.')}\\* davg=0\\.5:1\\.`));
	const culprits = parsed.culprits.map((c) => c.id);
	assert.ok(culprits.includes(naaId(1)), `LUN 1 is a culprit under its rule: ${culprits.join(', ')}`);
	const without = await run(['report', slow, '--json'], {XDG_CONFIG_HOME: join(dir, 'xdg-none')});
	assert.ok(!(JSON.parse(without.stdout) as {culprits: Array<{id: string}>}).culprits.some((c) => c.id === naaId(1)), 'not without it');
});

test('a bad config file stops every command that reads it: one line, exit 2', async () => {
	const file = join(dir, 'bad.json');
	writeFileSync(file, '{"views": {"device": {"sort": "latency"}}}');
	// record and serve stop before any connection; export before reading a row.
	for (const args of [['replay', slow, '--json'], ['report', slow], ['replay', slow], ['export', slow], ['record', 'root@127.0.0.1:1', '--count', '1'], ['serve', 'root@127.0.0.1:1']]) {
		const {code, stderr, stdout} = await run([...args, '--config', file]);
		assert.equal(code, 2, args.join(' '));
		assert.equal(stdout, '');
		assert.equal(stderr, `esxlat: ${file}: views.device.sort: unknown column "latency" (use id, dqlen, actv, qued, cmds, reads, writes, mbRead, mbWritten, davg, kavg, gavg, qavg, failed, aborts, resets)\n`);
	}
	writeFileSync(file, '{"minIo": 5,');
	const json = await run(['report', slow, '--config', file]);
	assert.match(json.stderr, /^esxlat: .*bad\.json: not valid JSON \(.*\)\n$/);
});

test('W writes the layout, keeps the thresholds, and the next start reads it back', async () => {
	const path = join(dir, 'w', 'sub', 'config.json');
	const config = parseConfig({thresholds: {davg: '25:60'}, deviceThresholds: {'naa.624a9370*': {davg: '2:5'}}, minIo: 3}, path);
	const layouts = defaultLayouts();
	layouts.device = {order: ['gavg', 'davg', ...layouts.device.order.filter((f) => f !== 'gavg' && f !== 'davg')], hidden: new Set(['dqlen', 'qued']), idWidth: 44};
	const sort = uiSettingsFrom(parseConfig({}, path)).sort;
	assert.deepEqual(sort, {});
	const sorts = {device: {key: 'davg', descending: false}, adapter: {key: 'gavg', descending: true}, path: {key: 'gavg', descending: true}, vm: {key: 'writeLatency', descending: true}, nfs: {key: 'id', descending: false}} as const;
	const said = await layoutSaver(config)({view: 'adapter', layouts, sort: sorts});
	assert.equal(said, `layout saved to ${path} (read at the next start)`);
	const written = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
	assert.deepEqual(written.thresholds, {davg: '25:60'});
	assert.deepEqual(written.deviceThresholds, {'naa.624a9370*': {davg: '2:5'}});
	assert.equal(written.minIo, 3);
	const back = readConfig(path);
	const settings = uiSettingsFrom(back);
	assert.equal(settings.view, 'adapter');
	assert.deepEqual(settings.sort!.device, {key: 'davg', descending: false});
	assert.deepEqual(settings.sort!.nfs, {key: 'id', descending: false});
	assert.deepEqual(settings.layouts!.device!.order.slice(0, 3), ['gavg', 'davg', 'actv']);
	assert.deepEqual([...settings.layouts!.device!.hidden].sort(), ['dqlen', 'qued']);
	assert.equal(settings.layouts!.device!.idWidth, 44);
	// A file that cannot be written is a line on the screen, not a crash.
	const blocked = parseConfig({}, join(path, 'no', 'config.json'));
	assert.match(await layoutSaver(blocked)({view: 'device', layouts: defaultLayouts(), sort: sorts}), /^W: could not write .*config\.json\/no\/config\.json: ENOTDIR$/);
});

test('minIo from the config is the default of --min-io; the flag wins', async () => {
	const file = join(dir, 'min-io.json');
	writeFileSync(file, '{"minIo": 7}');
	const fromConfig = await run(['report', slow, '--json', '--config', file]);
	assert.equal((JSON.parse(fromConfig.stdout) as {minIo: number}).minIo, 7);
	const fromFlag = await run(['report', slow, '--json', '--config', file, '--min-io', '3']);
	assert.equal((JSON.parse(fromFlag.stdout) as {minIo: number}).minIo, 3);
});
