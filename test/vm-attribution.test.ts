import assert from 'node:assert/strict';
import {test} from 'node:test';
import {CaptureWriter} from '../source/generate/capture-writer.js';
import {scenarioSpec} from '../source/generate/scenarios.js';
import {fieldValue} from '../source/model/rows.js';
import type {Sample} from '../source/parse/capture-parser.js';
import {heavyHitters, ownersOn, placeDisks, vmDevices, vmOfDisk, worldsOn} from '../source/triage/vms.js';
import {encoder, parseChunks, randomSplits} from './helpers/captures.js';

const samplesOf = (text: string): Sample[] => parseChunks(encoder.encode(text), randomSplits(5, 200_000)).events.flatMap((e) => (e.kind === 'sample' ? [e.sample] : []));
const capture = (all: boolean, samples = 40) => [...new CaptureWriter({spec: scenarioSpec('noisy-neighbour', samples), all, seed: 3}).lines(samples)].join('');

for (const all of [false, true]) {
	test(`generated worlds add up to their device's commands/s in every row (${all ? '-a' : 'default set'})`, () => {
		const rows = samplesOf(capture(all));
		const spec = scenarioSpec('noisy-neighbour', 40);
		const used = new Set([spec.devices[0]!.id, ...spec.vms.flatMap((vm) => vm.disks.map((disk) => disk.device))]);
		let checked = 0;
		for (const sample of rows.slice(1)) {
			for (const device of sample.schema.byView.device) {
				const loads = worldsOn(sample, device);
				// A LUN no VM uses has no worlds; the boot disk has hostd's.
				assert.equal(loads.worlds.length > 0, used.has(device.id), `${device.id}: ${loads.worlds.length} worlds`);
				if (loads.worlds.length === 0) continue;
				const sum = loads.worlds.reduce((total, world) => total + (world.cmds ?? 0), 0);
				const cmds = fieldValue(sample.values, device, 'cmds')!;
				assert.ok(Math.abs(sum - cmds) <= 0.05 * loads.worlds.length + 0.01, `${device.id}: worlds ${sum} vs device ${cmds}`);
				checked++;
			}
		}
		assert.ok(checked > 100);
	});
}

test('noisy neighbour: db-07 drives most of the LUN while its queue is full; the others on it wait as long', () => {
	const rows = samplesOf(capture(true));
	const lun = rows[0]!.schema.byView.device[1]!;
	const peak = rows[20]!; // the middle of the episode (25%–75% of 40 samples)
	assert.equal(fieldValue(peak.values, lun, 'actv'), fieldValue(peak.values, lun, 'dqlen'), 'the queue is full');
	const loads = worldsOn(peak, lun);
	const [top] = heavyHitters(loads);
	assert.equal(top?.name, 'db-07');
	assert.equal(top?.kind, 'vm');
	assert.ok(top!.share! > 0.8, `db-07 drives ${top!.share}`);
	assert.ok(top!.cmds > 2000, `${top!.cmds} commands/s`);
	assert.equal(heavyHitters(loads).length, 1, 'the others are not worth naming next to it');
	const victims = ownersOn(loads).filter((owner) => owner.kind === 'vm' && owner.name !== 'db-07');
	assert.deepEqual(victims.map((v) => v.name).sort(), ['app-03', 'vm-01', 'web-01', 'web-02']);
	for (const victim of victims) assert.ok(victim.gavg! > 5, `${victim.name} waits ${victim.gavg} ms too`);
	// Before the episode db-07 is one VM among several.
	const before = ownersOn(worldsOn(rows[3]!, lun)).find((owner) => owner.name === 'db-07')!;
	assert.ok(before.share! < 0.3, `before: ${before.share}`);
	// Per VM: its devices and its share on each.
	const devices = vmDevices(peak).get('db-07')!;
	assert.equal(devices[0]!.device, lun.id);
	assert.equal(devices.length, 2);
	// Virtual disk → device: by matching commands/s, and it says so.
	const placed = placeDisks(peak);
	assert.equal(placed.get('db-07:scsi0:1')?.device, lun.id);
	assert.match(placed.get('db-07:scsi0:1')!.basis, /commands\/s match/);
	assert.equal(placed.get('web-01:scsi0:0')?.device, lun.id);
	assert.match(placed.get('web-01:scsi0:0')!.basis, /only device/);
	assert.equal(placed.get('db-07'), undefined, 'a VM total on two devices is placed on neither');
});

test('a disk id splits into its VM and disk at the controller suffix, not the first colon', () => {
	assert.deepEqual(vmOfDisk('Ubuntu 14.04-LTS Server (20160602)_10.62.59.186:scsi0:0'), {vm: 'Ubuntu 14.04-LTS Server (20160602)_10.62.59.186', disk: 'scsi0:0'});
	assert.deepEqual(vmOfDisk('C6320:ide0:1'), {vm: 'C6320', disk: 'ide0:1'});
	assert.deepEqual(vmOfDisk('db:07'), {vm: 'db:07', disk: null});
});
