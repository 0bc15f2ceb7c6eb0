import assert from 'node:assert/strict';
import {test} from 'node:test';
import {type DiagnoseInput, diagnose} from '../source/triage/diagnose.js';
import {defaultThresholds as thresholds} from '../source/model/thresholds.js';

const device = (row: DiagnoseInput['row'], extra: Partial<DiagnoseInput> = {}) => diagnose({view: 'device', id: 'naa.1', row, thresholds, ...extra});

test('the warm-up row is never called healthy or sick', () => {
	const d = device({davg: 0, kavg: 0, gavg: 0}, {warmup: true});
	assert.equal(d.verdict, 'warmup');
	assert.equal(d.severity, null);
});

test('healthy shows the split', () => {
	const d = device({davg: 1.1, kavg: 0.1, gavg: 1.2});
	assert.equal(d.verdict, 'none');
	assert.equal(d.severity, 'ok');
	assert.match(d.headline, /Healthy: GAVG 1\.2 ms = DAVG 1\.1 ms \+ KAVG 0\.10 ms/);
});

test('host side with a full queue: QAVG share, ACTV = DQLEN, and the queue-depth advice', () => {
	const d = device({davg: 2, kavg: 12, gavg: 14, qavg: 11.8, actv: 32, dqlen: 32, qued: 41}, {recent: {over: 10, of: 12}});
	assert.equal(d.verdict, 'host');
	assert.equal(d.severity, 'crit');
	assert.ok(d.evidence.includes('QAVG 11.8 ms is 98% of KAVG: the time is spent queued'));
	assert.ok(d.evidence.includes('queue full: ACTV 32 = DQLEN 32, QUED 41'));
	assert.ok(d.evidence.includes('sustained: 10 of the last 12 samples at warn or above'));
	assert.match(d.next, /queue depth/);
});

test('host side without queueing points at host resources', () => {
	const d = device({davg: 2, kavg: 4, gavg: 6, qavg: 0.2, actv: 3, dqlen: 32, qued: 0});
	assert.equal(d.verdict, 'host');
	assert.match(d.next, /CPU and memory contention/);
});

test('storage side: failures, aborts, and this LUN alone vs adapter-wide', () => {
	const row = {davg: 48, kavg: 0.1, gavg: 48.1, failed: 1, aborts: 0.4, resets: 0};
	const alone = device(row, {adapter: {id: 'vmhba2', davg: 6, devices: 6, slowDevices: 1, basis: 'its path names'}, recent: {over: 1, of: 12}});
	assert.equal(alone.verdict, 'storage');
	assert.equal(alone.scope, 'lun');
	assert.ok(alone.evidence.some((line) => /1 failed command\/s, 0\.4 aborts\/s: commands are timing out/.test(line)));
	assert.ok(alone.evidence.includes('vmhba2: DAVG 6.0 ms, 1 of 6 busy devices slow (adapter from its path names)'));
	assert.ok(alone.evidence.includes('a spike: 1 of the last 12 samples at warn or above'));
	assert.match(alone.next, /This LUN alone/);
	const wide = device(row, {adapter: {id: 'vmhba2', davg: 41, devices: 6, slowDevices: 5, basis: 'its path names'}});
	assert.equal(wide.scope, 'adapter');
	assert.match(wide.next, /Adapter-wide on vmhba2/);
});

test("the only device known on its adapter: the adapter's own DAVG decides", () => {
	const row = {davg: 30, kavg: 0.1, gavg: 30.1};
	const fine = device(row, {adapter: {id: 'vmhba0', davg: 1.1, devices: 1, slowDevices: 1, basis: 'the mpx. device id'}});
	assert.equal(fine.scope, 'lun');
	assert.ok(fine.evidence.includes('vmhba0 as a whole: DAVG 1.1 ms, under warn: not adapter-wide (adapter from the mpx. device id)'));
	const slow = device(row, {adapter: {id: 'vmhba0', davg: 29, devices: 1, slowDevices: 1, basis: 'the mpx. device id'}});
	assert.equal(slow.scope, null);
	assert.match(slow.next, /Check vmhba0's path \(HBA, fabric\) and this LUN on the array/);
});

test('no adapter mapping, but no adapter at warn: not adapter-wide', () => {
	const d = device({davg: 30, kavg: 0.1, gavg: 30.1}, {host: {devices: 4, slowDevices: 3, adapters: [{id: 'vmhba2', davg: 4.2}, {id: 'vmhba3', davg: 1}]}});
	assert.equal(d.scope, 'lun');
	assert.ok(d.evidence.includes('no adapter has DAVG at warn (vmhba2 4.2 ms, vmhba3 1.0 ms): not adapter-wide'));
	const wide = device({davg: 30, kavg: 0.1, gavg: 30.1}, {host: {devices: 4, slowDevices: 3, adapters: [{id: 'vmhba2', davg: 28}, {id: 'vmhba3', davg: 1}]}});
	assert.equal(wide.scope, 'adapter');
	assert.ok(wide.evidence.some((line) => line.includes('adapters at warn: vmhba2 28.0 ms')));
});

test('storage side with no adapter mapping says what the verdict rests on', () => {
	const d = device({davg: 30, kavg: 0.1, gavg: 30.1}, {host: {devices: 4, slowDevices: 3}});
	assert.equal(d.scope, 'adapter');
	assert.ok(d.evidence.some((line) => /3 of 4 devices on the host .*does not say which adapter/.test(line)));
});

test('both high at several times its usual load is over-demand, stating the ratio', () => {
	const d = device({davg: 35, kavg: 9, gavg: 44, qavg: 8.9, cmds: 4210, actv: 32, dqlen: 32, qued: 28}, {baseline: 1000});
	assert.equal(d.verdict, 'both');
	assert.equal(d.cause, 'over-demand');
	assert.ok(d.evidence.includes('4,210 commands/s, 4.2× its usual 1,000'));
	assert.match(d.headline, /at 4\.2× its usual load/);
	assert.match(d.next, /Over-demand: spread the load/);
});

test("both high at the usual load is storage-side with queue build-up (Little's law), never over-demand", () => {
	const row = {davg: 45, kavg: 15, gavg: 60, qavg: 14.8, cmds: 710, actv: 32, dqlen: 32, qued: 10};
	for (const extra of [{baseline: 800}, {}]) {
		const d = device(row, {...extra, adapter: {id: 'vmhba2', davg: 9, devices: 3, slowDevices: 1, basis: 'header order'}});
		assert.equal(d.verdict, 'both');
		assert.equal(d.cause, 'lun');
		assert.match(d.headline, /^Storage side with queue build-up: DAVG 45\.0 ms/);
		assert.ok(d.evidence.some((line) => /^Little's law: 710 commands\/s × DAVG 45\.0 ms ≈ 32 commands outstanding against DQLEN 32/.test(line)), d.evidence.join('\n'));
		assert.match(d.next, /This LUN alone/);
		assert.doesNotMatch(d.next, /raise the queue depth/);
	}
	assert.match(device(row, {baseline: 800}).headline, /at 0\.9× its usual load/);
	assert.match(device(row).headline, /with no usual load to compare against/);
});

test('too little I/O to judge: never sent to the array, whatever the latency', () => {
	const d = device({davg: 95, kavg: 0.05, gavg: 95.05, cmds: 0.3});
	assert.equal(d.verdict, 'low-io');
	assert.equal(d.severity, null);
	assert.equal(d.cause, null);
	assert.match(d.headline, /^Too little I\/O to judge: 0\.3 commands\/s \(under 5\)/);
	assert.doesNotMatch(`${d.headline} ${d.next} ${d.evidence.join(' ')}`, /array/);
	assert.equal(device({davg: 95, kavg: 0.05, gavg: 95.05, cmds: 0.3}, {minIo: 0.1}).verdict, 'storage', '--min-io moves the bar');
});

test('local devices get local advice, never the array', () => {
	const row = {davg: 48, kavg: 0.04, gavg: 48, cmds: 120};
	for (const [id, local] of [['t10.ATA_____ST2000DM0062', 'sata'], ['mpx.vmhba32:C0:T0:L0', 'mpx']] as const) {
		const d = device(row, {local, adapter: {id: 'vmhba0', davg: 30, devices: 2, slowDevices: 1, basis: 'header order'}});
		assert.equal(d.cause, 'local', id);
		assert.match(d.headline, /in the local controller and disk/);
		assert.match(d.next, /local/);
		assert.doesNotMatch(d.next, /array/);
	}
});

test('multipath: slow through one adapter, fine through the other → that path/HBA, naming both sides', () => {
	const row = {davg: 24, kavg: 0.03, gavg: 24, cmds: 600};
	const d = device(row, {sides: [{adapter: 'vmhba2', davg: 46, cmds: 300}, {adapter: 'vmhba3', davg: 1.9, cmds: 300}]});
	assert.equal(d.cause, 'path');
	assert.equal(d.scope, 'adapter');
	assert.match(d.next, /^The paths through vmhba2 are slow \(vmhba2 46\.0 ms\) while those through vmhba3 are fine \(vmhba3 1\.9 ms\): that path, not the array/);
	const both = device({...row, davg: 46}, {sides: [{adapter: 'vmhba2', davg: 46, cmds: 300}, {adapter: 'vmhba3', davg: 45, cmds: 300}]});
	assert.equal(both.cause, 'lun');
});

test('DQLEN below its largest: adaptive queue-depth throttling, never "raise the queue depth"', () => {
	const d = device({davg: 26, kavg: 9, gavg: 35, qavg: 8.8, cmds: 600, actv: 16, dqlen: 16, qued: 6}, {dqlenMax: 64, dqlenDroppedAt: '02:07:30', baseline: 850});
	assert.equal(d.cause, 'queue-throttled');
	assert.ok(d.evidence.includes('DQLEN 16, down from 64 (first dropped at 02:07:30): adaptive queue-depth throttling, the array returned QUEUE FULL/BUSY'));
	assert.doesNotMatch(d.next, /(?<!not )raise the queue depth/);
	assert.match(d.next, /QUEUE FULL.*do not raise the queue depth/);
});

test('a full queue with DAVG near its threshold: spread the load, do not deepen the queue', () => {
	const row = {davg: 15, kavg: 9, gavg: 24, qavg: 8.9, cmds: 2100, actv: 32, dqlen: 32, qued: 19};
	const near = device({...row, davg: 15, gavg: 24});
	assert.equal(near.cause, 'queue-full');
	assert.doesNotMatch(near.next, /raise the queue depth/);
	assert.match(near.next, /DAVG is already 15\.0 ms/);
	const far = device({...row, davg: 2, gavg: 11});
	assert.match(far.next, /raise the queue depth/);
});

test('KAVG without queueing on most busy devices: host-wide', () => {
	const row = {davg: 2, kavg: 7, gavg: 9, qavg: 0.01, cmds: 400, actv: 1, dqlen: 32, qued: 0};
	const d = device(row, {host: {devices: 8, slowDevices: 0, hostSide: 7}});
	assert.equal(d.cause, 'host-wide');
	assert.ok(d.evidence.includes('7 of 8 busy devices have KAVG at warn or above without a full queue: host-wide'));
	assert.equal(device(row, {host: {devices: 8, slowDevices: 0, hostSide: 2}}).cause, 'host-resources');
});

test('NFS: guest latency only; VM disks point to their device', () => {
	const nfs = diagnose({view: 'nfs', id: 'ds1', row: {gavg: 31}, thresholds});
	assert.equal(nfs.verdict, 'storage');
	assert.equal(nfs.severity, 'warn');
	assert.match(nfs.next, /NFS server/);
	const vm = diagnose({view: 'vm', id: 'vm-01:scsi0:0', row: {readLatency: 60, writeLatency: 2}, thresholds});
	assert.equal(vm.severity, 'crit');
	assert.match(vm.headline, /sees 60\.0 ms/);
});

test('missing latency counters: unknown, not healthy', () => {
	assert.equal(device({davg: null, kavg: 1, gavg: 1}).verdict, 'unknown');
});
