import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {parseDestination, resolveTarget, sshPaths, targetLabel} from '../source/input/ssh/target.js';
import {settleOptionalValue, takeOptionalValueFlag} from '../source/commands/optional-flag.js';

test('destinations: [user@]host[:port], bracketed and bare IPv6, ssh:// URLs', () => {
	assert.deepEqual(parseDestination('esx01'), {user: null, host: 'esx01', port: null});
	assert.deepEqual(parseDestination('root@esx01.lab:2222'), {user: 'root', host: 'esx01.lab', port: 2222});
	assert.deepEqual(parseDestination('root@[fe80::1]:22'), {user: 'root', host: 'fe80::1', port: 22});
	assert.deepEqual(parseDestination('fe80::1'), {user: null, host: 'fe80::1', port: null});
	assert.deepEqual(parseDestination('ssh://admin@10.0.0.5:2200'), {user: 'admin', host: '10.0.0.5', port: 2200});
	for (const bad of ['', '@esx01', 'esx01:0', 'esx01:70000', 'esx01:ssh', 'a b']) assert.throws(() => parseDestination(bad), /port|host name|user/, bad);
});

test('~/.ssh/config aliases give HostName, User, Port and IdentityFile; the command line wins', () => {
	const home = mkdtempSync(join(tmpdir(), 'esxlat-cfg-'));
	try {
		mkdirSync(join(home, '.ssh'));
		writeFileSync(
			join(home, '.ssh', 'config'),
			['Host esx01', '  HostName 10.0.0.5', '  User root', '  Port 2222', '  IdentityFile ~/.ssh/esx_%h_%r', '', 'Host *.lab', '  User admin', '  identityfile %d/keys/lab', ''].join('\n'),
		);
		const paths = sshPaths(home);
		assert.deepEqual(resolveTarget(parseDestination('esx01'), paths, 'me'), {alias: 'esx01', host: '10.0.0.5', port: 2222, user: 'root', identityFiles: [`${home}/.ssh/esx_10.0.0.5_root`]});
		const typed = resolveTarget(parseDestination('ops@esx01:22'), paths, 'me');
		assert.equal(typed.user, 'ops');
		assert.equal(typed.port, 22);
		assert.deepEqual(resolveTarget(parseDestination('esx9.lab'), paths, 'me'), {alias: 'esx9.lab', host: 'esx9.lab', port: 22, user: 'admin', identityFiles: [`${home}/keys/lab`]});
		assert.equal(targetLabel(resolveTarget(parseDestination('other'), paths, 'me')), 'me@other', 'no match: local user, port 22');
		assert.equal(targetLabel(resolveTarget(parseDestination('[::1]:2200'), sshPaths(join(home, 'none')), 'me')), 'me@[::1]:2200');
	} finally {
		rmSync(home, {recursive: true, force: true});
	}
});

test('--record takes the next word as its FILE only when the host is given elsewhere', () => {
	const settle = (argv: string[]) => {
		const taken = takeOptionalValueFlag(argv, 'record');
		// meow's positionals: what is left that is not a flag (these cases have no flag values).
		const positionals = taken.argv.filter((arg) => !arg.startsWith('-'));
		return taken.flag && settleOptionalValue(taken.flag, positionals, 2);
	};
	assert.equal(settle(['live', 'esx01', '--json']), null);
	assert.deepEqual(settle(['live', 'esx01', '--record']), {value: null, positionals: ['live', 'esx01']});
	assert.deepEqual(settle(['live', '--record', 'esx01']), {value: null, positionals: ['live', 'esx01']});
	assert.deepEqual(settle(['live', 'esx01', '--record', 'out.csv.gz']), {value: 'out.csv.gz', positionals: ['live', 'esx01']});
	assert.deepEqual(settle(['live', '--record', 'out.csv', 'esx01']), {value: 'out.csv', positionals: ['live', 'esx01']});
	assert.deepEqual(settle(['live', '--record=x.csv', 'esx01']), {value: 'x.csv', positionals: ['live', 'esx01']});
	assert.deepEqual(settle(['live', 'esx01', '--record', '--json']), {value: null, positionals: ['live', 'esx01']});
	assert.deepEqual(takeOptionalValueFlag(['live', 'h', '--record', '--json'], 'record').argv, ['live', 'h', '--json']);
});
