import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseCounterPath} from '../source/parse/counter-path.js';
import {buildSchema} from '../source/parse/schema.js';
import {viewNames} from '../source/parse/storage-views.js';

test('splits host, group, instance and counter', () => {
	assert.deepEqual(parseCounterPath('\\\\localhost.home\\Physical Disk SCSI Device(mpx.vmhba0:C0:T5:L0)\\Average Driver MilliSec/Command'), {
		host: 'localhost.home',
		group: 'Physical Disk SCSI Device',
		instance: 'mpx.vmhba0:C0:T5:L0',
		counter: 'Average Driver MilliSec/Command',
	});
});

test('instances with nested parentheses, spaces and colons', () => {
	const path = parseCounterPath('\\\\localhost\\Virtual Disk(Ubuntu 14.04-LTS Server (20160602)_10.62.59.186:scsi0:0)\\Reads/sec');
	assert.equal(path?.instance, 'Ubuntu 14.04-LTS Server (20160602)_10.62.59.186:scsi0:0');
	assert.equal(parseCounterPath('\\\\h\\Virtual Disk(SQL02 (df09cdf2-1e74):scsi0:1)\\Reads/sec')?.instance, 'SQL02 (df09cdf2-1e74):scsi0:1');
});

test('parentheses in counters and groups without an instance', () => {
	assert.deepEqual(parseCounterPath('\\\\h\\Memory\\Memory Overcommit (5 Minute Avg)'), {host: 'h', group: 'Memory', instance: null, counter: 'Memory Overcommit (5 Minute Avg)'});
	assert.deepEqual(parseCounterPath('\\\\w4-hs9-m1423.eng.vmware.com\\VSAN\\Enabled?'), {host: 'w4-hs9-m1423.eng.vmware.com', group: 'VSAN', instance: null, counter: 'Enabled?'});
});

test('what is not a counter path', () => {
	for (const cell of ['(PDH-CSV 4.0) (UTC)(0)', '-', '', '\\\\host', '\\\\host\\Counter']) assert.equal(parseCounterPath(cell), null, cell);
});

test('groups match by whole name: Physical Disk is not Physical Disk Adapter or SCSI Device', () => {
	const h = (group: string, counter: string) => `\\\\h\\${group}\\${counter}`;
	const schema = buildSchema(
		[
			'(PDH-CSV 4.0) (UTC)(0)',
			h('Physical Disk(vmhba0:vmhba0:C0:T2:L0)', 'Average Driver MilliSec/Command'),
			h('Physical Disk(vmhba0)', 'Adapter Q Depth'),
			h('Physical Disk Adapter(vmhba0)', 'Average Driver MilliSec/Command'),
			h('Physical Disk SCSI Device(naa.1)', 'Average Driver MilliSec/Command'),
			h('Physical Disk Per-Device-Per-World(naa.1-1234)', 'Average Driver MilliSec/Command'),
			h('Physical Disk Partition(naa.1-1)', 'Average Driver MilliSec/Command'),
			h('Physical Disk Path(vmhba0:C0:T2:L0)', 'Average Driver MilliSec/Command'),
			'',
		],
		new Set(viewNames),
	);
	assert.deepEqual(
		schema.entities.map((e) => `${e.view}:${e.id}`),
		['adapter:vmhba0', 'device:naa.1', 'path:vmhba0:C0:T2:L0'],
	);
	assert.deepEqual(Array.from(schema.columns), [0, 2, 3, 4, 7], 'AQLEN comes from Physical Disk(vmhba0); a world\'s DAVG (its device\'s) and the partition are not read');
	assert.deepEqual(schema.worlds, []);
});

test('per-device path instances map a device to its adapter', () => {
	const schema = buildSchema(
		['(PDH-CSV 4.0) (UTC)(0)', '\\\\h\\Physical Disk SCSI Device(naa.1)\\Commands/sec', '\\\\h\\Physical Disk Path(naa.1-vmhba3:C0:T1:L4)\\Commands/sec', ''],
		new Set(viewNames),
	);
	assert.deepEqual(schema.byView.device[0]!.adapters, ['vmhba3']);
	assert.deepEqual(schema.byView.path[0]!.adapters, ['vmhba3']);
});
