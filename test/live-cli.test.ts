import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {makeHome, runEsxlat, type TestHome} from './helpers/cli.js';
import {freePort} from './helpers/sshd.js';

let home: TestHome;
before(() => {
	home = makeHome();
});
after(() => home.cleanup());

const usage = async (args: string[], message: string) => {
	const {code, stderr, stdout} = await runEsxlat(args, home.home);
	assert.equal(code, 2, stderr);
	assert.equal(stdout, '');
	assert.equal(stderr, `esxlat: ${message}\nTry 'esxlat ${args[0]} --help'\n`);
};

test('the live screen needs a terminal: without one it says what to use instead, before connecting', async () => {
	await usage(['live', 'root@127.0.0.1:1'], 'the live screen needs a terminal: use --json to write samples to a pipe, or esxlat record');
	await usage(['live', 'root@127.0.0.1:1', '--record'], 'the live screen needs a terminal: use --json to write samples to a pipe, or esxlat record');
});

test('usage errors are one line each, before any connection', async () => {
	await usage(['live', '--json'], 'live needs a host: [user@]host[:port]');
	// Several hosts are a fleet; --hosts FILE adds more.
	await usage(['live', 'esx01', '--hosts', 'no-such-hosts.txt', '--json'], '--hosts no-such-hosts.txt: no such file');
	await usage(['record', 'esx01', 'esx02', '--count', '0'], '--count must be a whole number of samples, 1 or more');
	await usage(['replay', 'x.csv', '--record'], '--record is an option of live and serve (record writes to -o FILE)');
	await usage(['record', 'esx01', '--count', '0'], '--count must be a whole number of samples, 1 or more');
	await usage(['live', 'esx01', '--json', '--history', '1'], '--history must be a whole number of samples, 2 or more');
	await usage(['record', 'esx01', '--interval', '0'], '--interval must be a number of seconds (esxtop takes 2 or more)');
	await usage(['record', 'esx01:99999'], '"esx01:99999": the port must be a number from 1 to 65535');
	await usage(['record', 'esx01', '-i', 'no-such-key'], `-i ${home.work}/no-such-key: no such file`);
	await usage(['record', 'esx01', '--password-env', 'ESXLAT_UNSET'], '--password-env ESXLAT_UNSET: that environment variable is not set');
});

test('an unreachable host is one line, exit 1', async () => {
	const port = await freePort();
	const {code, stderr} = await runEsxlat(['live', `127.0.0.1:${port}`, '--json'], home.home);
	assert.equal(code, 1);
	assert.equal(stderr, `esxlat: cannot connect to 127.0.0.1 port ${port}: connection refused (is SSH enabled on the host?)\n`);
});

test('live and record have their own --help', async () => {
	for (const command of ['live', 'record']) {
		const {code, stdout} = await runEsxlat([command, '--help'], home.home);
		assert.equal(code, 0);
		assert.match(stdout, new RegExp(`\\$ esxlat ${command} \\[user@\\]host\\[:port\\]`));
		assert.match(stdout, /--accept-new/);
		assert.match(stdout, /esxtop takes 2 or more/);
	}
});
