import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {readdirSync} from 'node:fs';
import {cliPath, collect, runEsxlat, spawnEsxlat, waitFor} from './helpers/cli.js';
import {type FleetHost, startFleet} from './helpers/fleet-hosts.js';
import {freePort, skipWithoutSshd} from './helpers/sshd.js';
import {hasTmux, TmuxSession} from './helpers/tmux.js';
import type {TestHome} from './helpers/cli.js';

describe('many hosts in one session, against real sshd instances', {skip: skipWithoutSshd()}, () => {
	let home: TestHome;
	let hosts: FleetHost[];
	let refusing: FleetHost;
	let stop: () => Promise<void>;

	before(async () => {
		const fleet = await startFleet({refusing: true});
		({home, hosts, stop} = fleet);
		refusing = fleet.refusing!;
	});

	after(async () => {
		await stop?.();
	});

	test('the fleet screen: a row per host, one refusing auth while the others run; LUNs across hosts; drill-in and back', {skip: hasTmux() ? false : 'needs tmux (.ci/run installs it)'}, async () => {
		// --hosts FILE with comments, plus one host on the command line.
		writeFileSync(join(home.work, 'hosts.txt'), `# the lab\n${hosts[1]!.target}\n${hosts[2]!.target}  # the third\n\n${refusing.target}\n`);
		const terminal = new TmuxSession(`cd ${home.work} && env -i HOME=${home.home} PATH=${process.env.PATH} TERM=xterm-256color ${process.execPath} ${cliPath} live ${hosts[0]!.target} --hosts hosts.txt --interval 0.4 --accept-new`, 150, 40);
		try {
			const rowOf = (name: string) => new RegExp(`${name} +LIVE +\\d\\d:\\d\\d:\\d\\d +\\d+ s`);
			// A host is LIVE once esxtop runs; its row has a sample time once the first row arrived.
			const failedRow = /127\.0\.0\.1:\d+ +FAILED: authentication refused/;
			const screen = await terminal.waitFor(
				(text) => /4 hosts: 3 live, 1 failed/.test(text) && ['esx01', 'esx02', 'esx03'].every((name) => rowOf(name).test(text)) && failedRow.test(text),
				'the title bar counting hosts by state, each live host with its sample, the refusing host with why',
			);
			for (const name of ['esx01', 'esx02', 'esx03']) assert.match(screen, rowOf(name), `${name}'s row`);
			assert.match(screen, failedRow, 'the refusing host says why in its row');
			// Worst first: esx02 has two slow LUNs.
			await terminal.waitFor((text) => /! esx02 .* 2 naa\./.test(text) && text.indexOf('esx02') < text.indexOf('esx01'), 'esx02 (two slow LUNs) first');

			terminal.send('l');
			// esxtop's first row carries no rates, so a host counts in a LUN's verdict from its second
			// row on: wait until all three hosts are in, then read the whole screen.
			const verdicts = [
				/naa\.\S+ +3\/3 +slow from 3 of 3 hosts \(DAVG [\d.–]+ ms\) → the array/,
				/naa\.\S+ +1\/3 +slow only from esx02 \(DAVG [\d.]+ ms vs [\d.–]+ ms elsewhere\) → esx02's paths\/HBA/,
				/fine from all 3 hosts/,
			];
			const luns = await terminal.waitFor(
				(text) => /LUNs across hosts \(4\)/.test(text) && /naa\.\S+ +3\/3 +slow from 3 of 3 hosts/.test(text) && /naa\.\S+ +1\/3 +slow only from esx02/.test(text) && /fine from all 3 hosts/.test(text),
				'the LUN view with a verdict from every host',
			);
			for (const verdict of verdicts) assert.match(luns, verdict);
			terminal.send('Escape');
			await terminal.waitFor(/hosts \(4\), worst first/, 'back to the hosts');

			terminal.send('/', 'esx03', 'Enter');
			await terminal.waitFor(/filter \/esx03\/: 1 of 4 hosts/, 'filtered to one host');
			terminal.send('Enter');
			const host = await terminal.waitFor((text) => /esxlat  esx03 .*▶ LIVE/.test(text) && /u devices \(\d+\)/.test(text), "esx03's own monitor screen");
			assert.match(host, /u devices \(5\)/);
			await terminal.waitFor(/across hosts: slow from 3 of 3 hosts/, 'the shared LUN line in the hint pane');
			terminal.send(']');
			await terminal.waitFor(/esxlat  root@127\.0\.0\.1:\d+ +FAILED/, '] steps to the next host (the refusing one)');
			terminal.send('[', '[');
			await terminal.waitFor(/esxlat  esx02 /, '[ steps back');
			terminal.send('Escape');
			await terminal.waitFor(/4 hosts: 3 live, 1 failed/, 'Esc returns to the fleet');
			terminal.send('q');
			await terminal.waitFor('EXIT=0', 'a clean exit');
		} finally {
			terminal.kill();
		}
	});

	test("one host's session killed mid-row: it reconnects; the others never pause; a host down from the start is retried", async () => {
		const dead = await freePort();
		const child = spawnEsxlat(['live', ...hosts.map((host) => host.target), `127.0.0.1:${dead}`, '--json', '--view', 'device', '--interval', '0.3', '--accept-new'], home.home);
		const result = collect(child, 150_000);
		const arrivals: Array<{host: string; at: number}> = [];
		let buffer = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			buffer += chunk.toString();
			const lines = buffer.split('\n');
			buffer = lines.pop()!;
			for (const line of lines) arrivals.push({host: JSON.parse(line).host, at: Date.now()});
		});
		const count = (name: string, since = 0) => arrivals.filter((arrival) => arrival.host === name && arrival.at >= since).length;
		await waitFor(() => hosts.every((host) => count(host.name) >= 3), 'samples from every host');
		const victim = hosts[1]!;
		await waitFor(() => victim.sshd.sessionPids().length === 1 && victim.sshd.esxtopPids().length > 0, 'one session on esx02');
		const cutAt = Date.now();
		process.kill(victim.sshd.sessionPids()[0]!, 'SIGKILL');
		await waitFor(() => victim.sshd.esxtopPids().length >= 2 && count(victim.name, cutAt + 200) >= 3, 'esx02 back after a reconnect', 60_000);
		const backAt = Date.now();
		// How long esx02 was gone: a host that paused for the whole reconnect would have a gap that long.
		const outage = arrivals.find((arrival) => arrival.host === victim.name && arrival.at >= cutAt + 200)!.at - cutAt;
		child.kill('SIGINT');
		const {code, stderr} = await result;
		assert.equal(code, 0, stderr);
		assert.match(stderr, new RegExp(`127\\.0\\.0\\.1:${victim.sshd.port}: .*reconnecting in \\d+ s, attempt 1`));
		assert.match(stderr, new RegExp(`127\\.0\\.0\\.1:${dead}: cannot connect to 127\\.0\\.0\\.1 port ${dead}: connection refused .*; reconnecting in \\d+ s, attempt 2`), 'the host that is down keeps being tried');
		for (const other of [hosts[0]!, hosts[2]!]) {
			const times = arrivals.filter((arrival) => arrival.host === other.name && arrival.at >= cutAt - 1000 && arrival.at <= backAt).map((arrival) => arrival.at);
			const longest = Math.max(...times.slice(1).map((at, i) => at - times[i]!));
			assert.ok(times.length >= 4, `${other.name} kept sending during the reconnect (${times.length} samples)`);
			// 1.5 s at 0.3 s intervals; on a loaded machine, where the reconnect takes longer too, anything
			// clearly shorter than esx02's outage (a host waiting for esx02 would miss all of it).
			const limit = Math.max(1500, outage - 500);
			assert.ok(longest < limit, `${other.name} never paused: longest gap ${longest} ms at 0.3 s intervals (limit ${limit} ms; esx02 was gone ${outage} ms)`);
		}
	});

	test('record many hosts into a directory, then replay them on one clock', {skip: hasTmux() ? false : 'needs tmux (.ci/run installs it)'}, async () => {
		const {code, stderr} = await runEsxlat(['record', ...hosts.map((host) => host.target), refusing.target, '--accept-new', '--interval', '1', '--count', '4', '-o', 'incident/'], home.home, {timeoutMs: 90_000});
		assert.equal(code, 1, 'one host missing from the set: the exit code says so');
		assert.match(stderr, /authentication refused/);
		assert.match(stderr, /3 of 4 hosts recorded in incident\//);
		const files = readdirSync(join(home.work, 'incident')).sort();
		assert.equal(files.length, 3);
		for (const [i, host] of hosts.entries()) {
			assert.ok(files.some((file) => file.startsWith(`127.0.0.1_${host.sshd.port}-`) && file.endsWith('.csv')), `${host.name}'s file by host and start time: ${files.join(' ')}`);
			const replay = await runEsxlat(['replay', join('incident', files[i]!), '--json'], home.home);
			assert.match(replay.stderr, /: 4 samples; no rows skipped/);
		}
		const terminal = new TmuxSession(`cd ${home.work} && env -i HOME=${home.home} PATH=${process.env.PATH} TERM=xterm-256color ${process.execPath} ${cliPath} replay incident/`, 150, 30);
		try {
			// At the end a host whose recording ended 1.5 intervals earlier has no sample: how many do
			// depends on how far apart the connections came up (seconds, on a loaded machine).
			await terminal.waitFor(/3 hosts: .*END/, 'the replay plays to its end');
			// '' (NaN seconds, so no condition holds) on a screen caught between frames, without its title bar.
			const clock = (screen: string) => /(\d\d:\d\d:\d\d) UTC/.exec(screen)?.[1] ?? '';
			// A host without a sample yet has no esxtop name: its row is under its file's name.
			const rowTimes = (screen: string) => ['esx01', 'esx02', 'esx03'].map((name) => new RegExp(`${name} +(?:REPLAY +(\\d\\d:\\d\\d:\\d\\d)|no sample)`).exec(screen)?.[1] ?? null);
			terminal.send('g');
			// The whole frame (its key bar, the last line, is drawn last): every host's row is on it.
			const whole = (screen: string) => /q quit\s*$/.test(screen);
			let first = await terminal.waitFor((screen) => /‖ PAUSED/.test(screen) && whole(screen), 'g: the first moment, paused');
			const seconds = (time: string) => Number(time.slice(0, 2)) * 3600 + Number(time.slice(3, 5)) * 60 + Number(time.slice(6, 8));
			const inStep = (screen: string) => rowTimes(screen).every((time) => time === null || (seconds(time) <= seconds(clock(screen)) && seconds(clock(screen)) - seconds(time) <= 1));
			assert.ok(inStep(first), first);
			// The hosts' recordings start as their connections come up, a second or more apart on a
			// loaded machine: step to the first moment every host has a sample, each step in step.
			for (let step = 0; step < 4 && rowTimes(first).some((time) => time === null); step++) {
				const before = first;
				terminal.send('t');
				first = await terminal.waitFor((screen) => whole(screen) && seconds(clock(screen)) - seconds(clock(before)) === 1, 'a step to a moment with a sample from every host');
				assert.ok(inStep(first), first);
			}
			terminal.send('t');
			const next = await terminal.waitFor((screen) => clock(screen) !== clock(first) && inStep(screen) && rowTimes(screen).every((time) => time !== null), 'one step moves every host');
			assert.equal(seconds(clock(next)) - seconds(clock(first)), 1);
			terminal.send('Enter');
			await terminal.waitFor(/esxlat  esx0\d .*sample \d\/4/, "a host's own screen on the same clock");
			terminal.send('t', 'Escape');
			await terminal.waitFor((screen) => screen.includes('3 hosts') && seconds(clock(screen)) - seconds(clock(next)) === 1, 't on a host moves the shared clock');
			terminal.send('q');
			await terminal.waitFor('EXIT=0', 'a clean exit');
		} finally {
			terminal.kill();
		}
	});
});
