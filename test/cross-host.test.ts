import assert from 'node:assert/strict';
import {test} from 'node:test';
import {defaultThresholds} from '../source/model/thresholds.js';
import {type LunFigures, sharedLuns} from '../source/triage/cross-host.js';
import {parseHostsFile} from '../source/fleet/hosts-file.js';

const fine = (davg = 3): LunFigures => ({davg, kavg: 0.02, gavg: davg + 0.02, cmds: 400});
const slow = (davg: number): LunFigures => ({davg, kavg: 0.03, gavg: davg + 0.03, cmds: 300});
const queued = (kavg: number): LunFigures => ({davg: 1, kavg, gavg: kavg + 1, cmds: 900});
const lun = 'naa.600a0b8000263c4d7d5e000000000001';

test('slow from every host that uses it → the array', () => {
	const hosts = ['esx01', 'esx02', 'esx03', 'esx04', 'esx05'].map((host, i) => ({host, luns: [[lun, slow(40 + i)]] as const}));
	const [shared] = sharedLuns(hosts, defaultThresholds);
	assert.equal(shared!.cause, 'array');
	assert.equal(shared!.verdict, 'slow from 5 of 5 hosts (DAVG 40.0–44.0 ms) → the array');
});

test("slow only from one host → that host's paths/HBA, with the contrast", () => {
	const hosts = [
		{host: 'esx01', luns: [[lun, fine(3)]] as const},
		{host: 'esx02', luns: [[lun, fine(4)]] as const},
		{host: 'esx03', luns: [[lun, slow(48)]] as const},
	];
	const [shared] = sharedLuns(hosts, defaultThresholds);
	assert.equal(shared!.cause, 'one-host');
	assert.deepEqual(shared!.slow, ['esx03']);
	assert.equal(shared!.verdict, "slow only from esx03 (DAVG 48.0 ms vs 3.0–4.0 ms elsewhere) → esx03's paths/HBA");
});

test("KAVG from one host is that host's queue; from some hosts, what they share", () => {
	const one = sharedLuns([{host: 'a', luns: [[lun, queued(7)]]}, {host: 'b', luns: [[lun, fine()]]}], defaultThresholds)[0]!;
	assert.equal(one.verdict, "slow only from a (KAVG 7.0 ms vs 0.02 ms elsewhere) → a's queue settings (queue depth, load)");
	const some = sharedLuns(['a', 'b', 'c'].map((host, i) => ({host, luns: [[lun, i < 2 ? slow(30) : fine()]] as const})), defaultThresholds)[0]!;
	assert.equal(some.cause, 'some-hosts');
	assert.match(some.verdict, /^slow from 2 of 3 hosts \(a, b; DAVG 30\.0 ms vs 3\.0 ms elsewhere\) → what those hosts share/);
});

test('only naa./eui. ids seen on two or more hosts; healthy ones say so; worst first', () => {
	const hosts = [
		{host: 'a', luns: [['mpx.vmhba0:C0:T0:L0', slow(60)], ['eui.0001', fine()], [lun, slow(30)], ['naa.only-here', slow(90)]] as const},
		{host: 'b', luns: [['mpx.vmhba0:C0:T0:L0', slow(60)], ['eui.0001', fine()], [lun, slow(31)]] as const},
	];
	const shared = sharedLuns(hosts, defaultThresholds);
	assert.deepEqual(shared.map((entry) => entry.id), [lun, 'eui.0001']);
	assert.equal(shared[1]!.verdict, 'fine from all 2 hosts');
});

test('a hosts file: one destination per line, # comments, blank lines', () => {
	assert.deepEqual(parseHostsFile('# lab\nroot@esx01\n  esx02:2222  # the odd port\n\r\n\nesx03\n'), ['root@esx01', 'esx02:2222', 'esx03']);
});
