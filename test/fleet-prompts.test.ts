import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {test} from 'node:test';
import {cliPath, makeHome} from './helpers/cli.js';
import {fakeCapture, type FakeHost, startFakeHost, streamRows} from './helpers/fake-host.js';
import {hasTmux, TmuxSession} from './helpers/tmux.js';

test('passwords before the fleet screen, host by host: one typed password offered for the others, a host that refuses it asks again', {skip: hasTmux() ? false : 'needs tmux (.ci/run installs it)'}, async () => {
	const home = makeHome();
	const passwords = ['shared-Secret-1', 'shared-Secret-1', 'other-Secret-3'];
	const hosts: FakeHost[] = [];
	try {
		for (const password of passwords) hosts.push(await startFakeHost({keyboardInteractive: password}, (channel) => streamRows(channel, fakeCapture(), 10_000, 300)));
	} catch (error) {
		// The hosts already listening would keep this test file's process alive for ever.
		for (const host of hosts) await host.close();
		throw error;
	}
	writeFileSync(home.knownHosts, hosts.map((host) => `[127.0.0.1]:${host.port} ${host.hostKey}\n`).join(''));
	const targets = hosts.map((host) => `root@127.0.0.1:${host.port}`);
	const terminal = new TmuxSession(`cd ${home.work} && env -i HOME=${home.home} PATH=${process.env.PATH} TERM=xterm-256color ${process.execPath} ${cliPath} live ${targets.join(' ')} --interval 0.3`, 140, 40);
	const typed: string[] = [];
	let offered = 0;
	try {
		// Answer what is asked, as a person would: the password of the host named above the question.
		const deadline = Date.now() + 60_000;
		let answered = 0;
		for (;;) {
			const screen = terminal.screen();
			if (/3 hosts: 3 live/.test(screen)) break;
			assert.ok(Date.now() < deadline, `the fleet screen did not come up; the screen:\n${screen}`);
			const lines = screen.split('\n').filter((line) => line.trim() !== '');
			const questions = lines.filter((line) => /^Password:|use the same password/.test(line)).length;
			if (questions > answered) {
				const last = lines.filter((line) => /^Password:|use the same password/.test(line)).at(-1)!;
				if (last.startsWith('use the same password')) {
					assert.match(last, /use the same password for the other 2 hosts\? \[y\/N\]/);
					offered++;
					terminal.type('y');
				} else {
					const header = lines.filter((line) => line.startsWith('── root@')).at(-1)!;
					const port = Number(/:(\d+)$/.exec(header)![1]);
					const password = passwords[hosts.findIndex((host) => host.port === port)]!;
					typed.push(password);
					terminal.type(password);
				}
				terminal.send('Enter');
				answered = questions;
			}
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		assert.equal(offered, 1, 'the offer comes once');
		// The first host to ask got its password typed and offered; a host it works for is not asked, one that refuses it asks.
		if (typed[0] === 'shared-Secret-1') assert.deepEqual(typed, ['shared-Secret-1', 'other-Secret-3']);
		else assert.deepEqual(typed, ['other-Secret-3', 'shared-Secret-1', 'shared-Secret-1']);
		terminal.send('q');
		await terminal.waitFor('EXIT=0', 'a clean exit');
		for (const password of passwords) assert.ok(!terminal.screen().includes(password), 'no password is ever shown');
	} finally {
		terminal.kill();
		for (const host of hosts) await host.close();
		home.cleanup();
	}
});
