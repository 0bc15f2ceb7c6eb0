import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {fieldValue} from '../source/model/rows.js';
import type {Sample} from '../source/parse/capture-parser.js';
import {buildSchema} from '../source/parse/schema.js';
import {viewNames} from '../source/parse/storage-views.js';
import {ownerLabel, worldOwners} from '../source/parse/world-owners.js';
import {encoder, parseChunks, randomSplits, whole} from './helpers/captures.js';
import {samplePath, samples, skipWithoutSample} from './helpers/shared-samples.js';

const real = (name: string, split = whole) => {
	const {events} = parseChunks(readFileSync(samplePath(name)!), split);
	const header = events.find((e) => e.kind === 'header');
	assert.ok(header?.kind === 'header');
	const rows = events.flatMap((e) => (e.kind === 'sample' ? [e.sample] : [])) as Sample[];
	return {schema: header.schema, rows};
};

test('rach-sharp -a: each world on each device, named after its VM or group from the header alone', {skip: skipWithoutSample(samples.allCounters)}, () => {
	const {schema, rows} = real(samples.allCounters, randomSplits(11, 65_536));
	const on = (device: string) => (schema.worldsOf.get(device) ?? []).map((w) => `${w.world}=${ownerLabel(w.owner, w.world)}`);
	assert.deepEqual(on('mpx.vmhba0:C0:T5:L0'), ['444767=styx', '444902=portunus']);
	const styx = schema.worldsOf.get('mpx.vmhba0:C0:T5:L0')![0]!;
	assert.deepEqual(styx.owner, {name: 'styx', kind: 'vm', groupId: '1302698', worldName: 'vmx', basis: 'vcpu'}, 'Vcpu(1302698:styx:444767:vmx)');
	const drevo = on('t10.ATA_____DREVO_X1_SSD____________________________TW1770103538________');
	assert.ok(drevo.includes('66694=hostd.66694 (hostd-worker)'), 'a non-VM world carries its group and world name');
	assert.ok(drevo.includes('65647=helper (fssAIO-27-0)'));
	// 444768 has no Vcpu: styx's worlds carry it in their names (NetWorld-VM-444768, vmast.444768).
	const named = schema.worldsOf.get('t10.ATA_____DREVO_X1_SSD____________________________TW1770103538________')!.find((w) => w.world === '444768')!;
	assert.equal(named.owner?.name, 'styx');
	assert.equal(named.owner?.basis, 'named');
	assert.equal(schema.worlds.length, 14);
	assert.ok(schema.worlds.every((w) => w.owner !== null), 'every world of the sample has an owner');
	// Values: the world's commands/s read from its own cells.
	const last = rows.at(-1)!;
	const value = fieldValue(last.values, styx, 'cmds');
	assert.equal(typeof value, 'number');
	assert.ok(fieldValue(last.values, styx, 'gavg') !== null);
});

test('the default field set has the per-world counters too', {skip: skipWithoutSample(samples.defaultCounters)}, () => {
	const {schema} = real(samples.defaultCounters);
	assert.equal(ownerLabel(schema.worldsOf.get('mpx.vmhba0:C0:T5:L0')?.[0]?.owner ?? null, '444767'), 'styx');
});

test('Vcpu names with colons and parentheses split on the Group Cpu name; unknown worlds stay unnamed', () => {
	const vm = 'Ubuntu 14.04-LTS Server (20160602)_10.62.59.186';
	const owners = worldOwners(
		[`2928526:${vm}`, '1:system'],
		[`2928526:${vm}:439905:vmx-mks:${vm}`, `2928526:${vm}:439904:vmx`, '1:system:65962:tq:Shaper Schedule', '77:db:07:1234:vmx'],
	);
	assert.equal(owners.get('439905')?.name, vm);
	assert.equal(owners.get('439905')?.worldName, `vmx-mks:${vm}`);
	assert.equal(owners.get('439905')?.kind, 'vm');
	assert.equal(owners.get('65962')?.name, 'system');
	assert.equal(owners.get('65962')?.kind, 'system');
	assert.equal(ownerLabel(owners.get('65962')!, '65962'), 'system (tq:Shaper Schedule)');
	// No Group Cpu for group 77: the first `:digits:` ends the name (a VM named "db:07" would be misread, so Group Cpu is preferred).
	assert.equal(owners.get('07')?.name, 'db');
	assert.equal(ownerLabel(null, '99'), 'world 99');
	// Digits in the VM's name after the colon are not taken for an id.
	assert.equal(owners.get('20160602'), undefined);
});

test('worlds are read with the device view only, and their cells line up in a small header', () => {
	const h = (group: string, counter: string) => `\\\\h\\${group}\\${counter}`;
	const cells = [
		'(PDH-CSV 4.0) (UTC)(0)',
		h('Group Cpu(500:db-07)', '% Used'),
		h('Vcpu(500:db-07:9001:vmx)', '% Used'),
		h('Vcpu(500:db-07:9001:vmx)', '% Run'),
		h('Physical Disk SCSI Device(naa.1)', 'Commands/sec'),
		h('Physical Disk Per-Device-Per-World(naa.1-9001)', 'Commands/sec'),
		h('Physical Disk Per-Device-Per-World(naa.1-9001)', 'Average Guest MilliSec/Command'),
		h('Physical Disk Per-Device-Per-World(naa.1-9001)', 'Shares'),
		'',
	];
	const all = buildSchema(cells, new Set(viewNames));
	assert.deepEqual(Array.from(all.columns), [0, 4, 5, 6]);
	assert.equal(all.worlds[0]?.owner?.name, 'db-07');
	const withoutDevices = buildSchema(cells, new Set(['vm', 'nfs'] as const));
	assert.equal(withoutDevices.worlds.length, 0);
	assert.deepEqual(Array.from(withoutDevices.columns), [0]);
	// The streaming parser reads the same header in place.
	const text = `${cells.map((c) => `"${c}"`).join(',')}\n"01/05/2026 02:00:05","1","2","3","4","5","6","7",\n`;
	const {events} = parseChunks(encoder.encode(text), whole);
	const header = events.find((e) => e.kind === 'header');
	assert.ok(header?.kind === 'header');
	assert.equal(header.schema.worlds[0]?.owner?.name, 'db-07');
	const sample = events.find((e) => e.kind === 'sample');
	assert.ok(sample?.kind === 'sample');
	assert.equal(fieldValue(sample.sample.values, header.schema.worlds[0]!, 'cmds'), 5);
	assert.equal(fieldValue(sample.sample.values, header.schema.worlds[0]!, 'gavg'), 6);
});
