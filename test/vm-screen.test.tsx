import assert from 'node:assert/strict';
import {test} from 'node:test';
import {naaId} from '../source/generate/host-spec.js';
import {captureText, scratchDir, writeCapture} from './helpers/captures.js';
import {samplePath, samples, skipWithoutSample} from './helpers/shared-samples.js';

process.env.FORCE_COLOR = '1';
const {keys, openScreen, plain, tableLines, until} = await import('./helpers/screen.js');

const dir = scratchDir();
const noisy = writeCapture(dir, 'noisy.csv', captureText('noisy-neighbour', 40, {all: true}));
const lun = naaId(0);
const oneLine = (frame: string) => plain(frame).replace(/\s+/g, ' ');
// Ink hands the key handler of the new frame over just after drawing it: let it settle before the next key.
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

test('rach-sharp -a: e expands a device into its worlds, named after their VMs and groups; e again collapses', {skip: skipWithoutSample(samples.allCounters)}, async () => {
	const screen = await openScreen(samplePath(samples.allCounters)!, {position: 2, columns: 160, rows: 40});
	await screen.press('/', ...'mpx', keys.enter);
	await screen.waitFor('1 of 4');
	await screen.press('e');
	await screen.waitFor('styx 444767');
	await settle();
	const rows = tableLines(screen.frame());
	assert.equal(rows.length, 3, rows.join('\n'));
	assert.match(rows[0]!, /mpx\.vmhba0:C0:T5:L0/);
	// Busiest first: portunus carries this sample's 0.6 commands/s, styx none.
	assert.match(rows[1]!, /^\S*\s+100% portunus 444902\s/);
	assert.match(rows[2]!, /^\S*\s+0% styx 444767\s/);
	await screen.press(keys.down);
	await screen.waitFor('portunus · world 444902');
	await settle();
	await screen.press(keys.down);
	await screen.waitFor('styx · world 444767 on mpx.vmhba0:C0:T5:L0');
	assert.match(oneLine(screen.frame()), /▸ styx \(world 444767, VM\): 0 of 0\.6 commands\/s on this LUN \(0%\)/);
	await screen.press('e');
	await screen.waitFor('1 of 4');
	await settle();
	assert.equal(tableLines(screen.frame()).length, 1, 'collapsed, the selection back on the device');
	// The SSD: VMs by the id their worlds carry, and host worlds by their group.
	await screen.press(keys.escape);
	await settle();
	await screen.press('/', ...'DREVO', keys.enter);
	await screen.waitFor('1 of 4');
	await settle();
	await screen.press('e');
	await screen.waitFor('hostd.66694 66694');
	await settle();
	const drevo = tableLines(screen.frame()).join('\n');
	for (const world of ['portunus 444903', 'styx 444768', 'hermes 444915', 'hermes 444916', 'ananke 445052', 'ouranos 473729', 'poseidon 480214', 'helper 65647', 'system 65544', 'system 65669']) {
		assert.ok(drevo.includes(world), `${world} in\n${drevo}`);
	}
	const styxRow = tableLines(screen.frame()).findIndex((line) => line.includes('styx 444768'));
	for (let i = 0; i < styxRow; i++) {
		const before = screen.frame();
		await screen.press(keys.down);
		await until(() => screen.frame() !== before, 'the selection to move');
		await settle();
	}
	await screen.waitFor('styx · world 444768');
	assert.match(oneLine(screen.frame()), /the id is named in styx's world NetWorld-VM-444768/);
	await screen.close();
});

test('noisy neighbour: the hint pane names db-07 with its share behind the queue-full LUN, and whom to limit', async () => {
	const screen = await openScreen(noisy, {position: 20, columns: 200, rows: 50});
	await screen.press('/', ...`${lun.slice(-12)}$`, keys.enter);
	await screen.waitFor('1 of');
	const text = oneLine(screen.frame());
	assert.match(text, / HOST Host side: KAVG/);
	assert.match(text, /queue full: ACTV 32 = DQLEN 32/);
	const drives = /▸ db-07 drives (\d+)% of commands on this LUN \(([\d,]+) of ([\d,]+)\/s\)/.exec(text);
	assert.ok(drives, text);
	assert.ok(Number(drives[1]) >= 80, `${drives[1]}%`);
	const [cmds, total] = [Number(drives[2]!.replaceAll(',', '')), Number(drives[3]!.replaceAll(',', ''))];
	assert.ok(cmds > 2000 && Math.abs(cmds / total - Number(drives[1]) / 100) < 0.01, `${cmds} of ${total}`);
	assert.match(text, /▸ Move or limit db-07 first/);
	assert.doesNotMatch(text, /web-01 drives/, 'victims are not named as drivers');
	// Expanded: db-07 first, then the VMs that wait behind it.
	await screen.press('e');
	await screen.waitFor('db-07 444000');
	const rows = tableLines(screen.frame());
	assert.match(rows[1]!, /^!!?\s+\d+% db-07 444000/);
	assert.deepEqual(
		rows.slice(2).map((row) => /% (\S+) \d+\s/.exec(row)?.[1]).sort(),
		['app-03', 'hostd.66694', 'vm-01', 'web-01', 'web-02'],
	);
	await screen.close();
});

test('VM view: disks under their VM, the victim told its LUN and that LUN’s verdict; the badge agrees with the marker', async () => {
	const screen = await openScreen(noisy, {position: 20, columns: 100, rows: 50});
	await screen.press('v');
	await screen.waitFor('VM DISK');
	const rows = tableLines(screen.frame());
	// Every total is followed by its own disks, indented; no disk stands among the totals.
	let vm: string | null = null;
	for (const row of rows) {
		const id = row.slice(3).trim().split(/\s+/)[0]!;
		if (/^ {5}\S/.test(row.slice(0, 6).padEnd(6)) || row.slice(3, 5) === '  ') {
			assert.ok(vm !== null && /^(scsi|ide|sata|nvme)\d+:\d+$/.test(id), `disk row ${row} under ${vm}`);
		} else {
			assert.doesNotMatch(id, /:scsi/, `a total: ${row}`);
			vm = id;
		}
	}
	assert.ok(rows.some((row) => /^ {3}web-01\s/.test(row.slice(0))) || rows.some((row) => row.includes(' web-01 ')));
	await screen.press('/', ...'web-01:scsi0:0', keys.enter);
	await screen.waitFor('1 of');
	const text = oneLine(screen.frame());
	assert.match(text, new RegExp(`▸ on LUN ${lun} \\(the only device web-01's worlds use\\): HOST Host side: KAVG`));
	assert.match(text, /▸ db-07 drives \d+% of commands on that LUN/);
	const marker = tableLines(screen.frame())[0]!.slice(0, 2).trim();
	assert.ok(marker === '!' || marker === '!!', `the victim's disk is marked (${marker})`);
	assert.match(text, marker === '!!' ? / CRIT web-01:scsi0:0 sees/ : / WARN web-01:scsi0:0 sees/);
	assert.doesNotMatch(text, / INFO /);
	await screen.close();
});

test('at 80×24 the position indicator counts the worlds under an expanded LUN, which scroll with the rest', async () => {
	const screen = await openScreen(noisy, {position: 20, columns: 80, rows: 24});
	await screen.waitFor('PAUSED');
	await screen.press('e');
	await screen.waitFor(/db-07 444000/);
	// 7 devices and the LUN's 6 worlds.
	assert.match(plain(screen.frame()), /1–\d+ of 13/);
	await screen.close();
});
