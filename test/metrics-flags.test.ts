import assert from 'node:assert/strict';
import {test} from 'node:test';
import {settleMetricsFlag} from '../source/commands/metrics.js';
import {takeOptionalValueFlag} from '../source/commands/optional-flag.js';
import {parseListenAddress} from '../source/export/address.js';

/** What `esxlat ARGS` takes as --metrics' value and as positionals (hosts). */
function settle(args: string[], hostsFile = false) {
	const {argv, flag} = takeOptionalValueFlag(args, 'metrics');
	const positionals = argv.filter((arg) => !arg.startsWith('-'));
	return settleMetricsFlag(flag!, positionals, hostsFile);
}

test('the word after a bare --metrics: its ADDR or a host', () => {
	assert.deepEqual(settle(['live', 'root@esx01', '--metrics']), {value: null, positionals: ['live', 'root@esx01']});
	assert.deepEqual(settle(['record', 'root@esx01', '--metrics', '9465']), {value: '9465', positionals: ['record', 'root@esx01']});
	assert.deepEqual(settle(['live', '--metrics', 'root@esx01']), {value: null, positionals: ['live', 'root@esx01']});
	assert.deepEqual(settle(['live', 'esx01', '--metrics', '10.0.0.5:9464']), {value: '10.0.0.5:9464', positionals: ['live', 'esx01']});
	// Several hosts: only a port, :PORT or [IPv6]:PORT can be ADDR; --metrics=HOST:PORT says it either way.
	assert.deepEqual(settle(['serve', 'root@esx01', 'root@esx02', '--all', '--metrics', ':9464']), {value: ':9464', positionals: ['serve', 'root@esx01', 'root@esx02']});
	assert.deepEqual(settle(['serve', 'esx01', '--metrics', 'esx02:22', 'esx03']), {value: null, positionals: ['serve', 'esx01', 'esx02:22', 'esx03']});
	assert.deepEqual(settle(['serve', 'esx01', 'esx02', '--metrics=10.0.0.5:9464']), {value: '10.0.0.5:9464', positionals: ['serve', 'esx01', 'esx02']});
	assert.deepEqual(settle(['serve', '--metrics', '9464'], true), {value: '9464', positionals: ['serve']});
	assert.deepEqual(settle(['serve', '--metrics', 'esx01'], true), {value: null, positionals: ['serve', 'esx01']});
});

test('ADDR forms', () => {
	assert.deepEqual(parseListenAddress('9464'), {host: '127.0.0.1', port: 9464});
	assert.deepEqual(parseListenAddress(':9464'), {host: '0.0.0.0', port: 9464});
	assert.deepEqual(parseListenAddress('[::1]:9464'), {host: '::1', port: 9464});
	assert.deepEqual(parseListenAddress('collector.lab:80'), {host: 'collector.lab', port: 80});
	for (const bad of ['', '65536', 'x', '1.2.3.4', '[1.2.3.4]:80', 'a_b:1', '::1:80', '9464:']) assert.throws(() => parseListenAddress(bad), /--metrics/, bad);
});
