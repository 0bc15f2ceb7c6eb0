import assert from 'node:assert/strict';
import {test} from 'node:test';
import {naaId} from '../source/generate/host-spec.js';
import {CaptureIndex} from '../source/model/capture-index.js';
import {fieldValue} from '../source/model/rows.js';
import {parseThresholds} from '../source/model/thresholds.js';
import {viewNames} from '../source/parse/storage-views.js';
import {viewColumns} from '../source/view/columns.js';
import {compileFilter} from '../source/view/table-rows.js';
import {captureText, scratchDir, writeCapture} from './helpers/captures.js';

// Colours on, as on a terminal: chalk reads FORCE_COLOR when it loads, so Ink comes after it.
process.env.FORCE_COLOR = '1';
const {columnCells, keys, openScreen, plain, tableLines} = await import('./helpers/screen.js');

const dir = scratchDir();
const demo = writeCapture(dir, 'demo.csv', captureText('demo', 60, {all: true}));
const red = '\u001B[31m';
const yellow = '\u001B[33m';

const number = (text: string) => (text === '-' ? Number.NaN : text.endsWith('k') ? Number(text.slice(0, -1)) * 1000 : Number(text.replaceAll(',', '')));

test('every device column sorts worst first, r reverses it, and the id column sorts by name', async () => {
	const screen = await openScreen(demo, {columns: 200, position: 4});
	try {
		const columns = viewColumns.device.filter((column) => column.key !== 'id');
		// GAVG is the default; walk right from it through every column and around.
		await screen.waitFor('GAVG▼');
		for (let step = 0; step < columns.length + 1; step++) {
			const frame = plain(screen.frame());
			const title = /(\S+)[▼▲]/.exec(frame)![1]!;
			const column = viewColumns.device.find((c) => c.title === title)!;
			const cells = columnCells(frame, title, column.key === 'id' ? 0 : column.width);
			if (column.key === 'id') {
				const ids = tableLines(frame).map((line) => line.slice(3).trim().split(/\s+/)[0]!);
				assert.deepEqual(ids, [...ids].sort(), 'ids ascending');
			} else {
				const values = cells.map(number);
				for (let i = 1; i < values.length; i++) assert.ok(values[i - 1]! >= values[i]!, `${title} descending: ${cells.join(' ')}`);
				await screen.press('r');
				await screen.waitFor(`${title}▲`);
				const up = columnCells(screen.frame(), title, column.width).map(number);
				for (let i = 1; i < up.length; i++) assert.ok(up[i - 1]! <= up[i]!, `${title} ascending after r: ${up.join(' ')}`);
			}
			await screen.press('>');
		}
		await screen.press('<', keys.left);
		assert.match(plain(screen.frame()), /[▼▲]/);
	} finally {
		await screen.close();
	}
});

test('the filter takes a regex or a substring, Enter applies it, Esc clears it', async () => {
	const screen = await openScreen(demo, {position: 4});
	try {
		await screen.press('/', ...'0[12]$', keys.enter);
		await screen.waitFor('filter /0[12]$/: 2 of 8');
		const lines = tableLines(screen.frame());
		assert.equal(lines.length, 2);
		for (const line of lines) assert.match(line, /0[12] /);
		await screen.press(keys.escape);
		await until(() => !screen.frame().includes('filter /'));
		assert.equal(tableLines(screen.frame()).length, 8);
		// Any case; and what is no valid regex is taken as a plain substring.
		await screen.press('/', ...'MPX.VMHBA0', keys.enter);
		await screen.waitFor('1 of 8');
		const filter = compileFilter('vm(1')!;
		assert.equal(filter.regex, false);
		assert.ok(filter.test('VM(1):scsi0:0'));
		await screen.press('/', keys.escape);
		await until(() => tableLines(screen.frame()).length === 8);
	} finally {
		await screen.close();
	}

	async function until(check: () => boolean) {
		const {until: wait} = await import('./helpers/screen.js');
		await wait(check, 'the filter to clear');
	}
});

test('latency cells are yellow at warn and red at crit; the marker column says ! and !! without colour too', async () => {
	const screen = await openScreen(demo, {position: 4});
	const plainScreen = await openScreen(demo, {position: 4, noColor: true});
	try {
		const frame = screen.frame();
		const lines = frame.split('\n');
		const crit = lines.find((line) => plain(line).startsWith('!!'))!;
		const warn = lines.find((line) => /^! [^!]/.test(plain(line)));
		assert.ok(crit, 'a crit row');
		assert.ok(crit.includes(red), 'the crit row has a red cell');
		if (warn) assert.ok(warn.includes(yellow), 'the warn row has a yellow cell');
		const healthy = lines.find((line) => plain(line).startsWith('   naa.'))!;
		assert.ok(!healthy.includes(red) && !healthy.includes(yellow), 'healthy rows are not coloured');
		const noColour = plainScreen.frame();
		assert.ok(!noColour.includes(red) && !noColour.includes(yellow), 'NO_COLOR: no colour codes');
		assert.ok(plain(noColour).split('\n').some((line) => line.startsWith('!!')), 'NO_COLOR: the marker stays');
		// --threshold moves the bands: with GAVG crit at 1000 ms nothing is red on GAVG grounds alone.
		const lenient = await openScreen(demo, {position: 4, thresholds: parseThresholds('kavg=900:1000,davg=900:1000,gavg=900:1000')});
		assert.ok(!lenient.frame().includes(red));
		assert.ok(!plain(lenient.frame()).split('\n').some((line) => line.startsWith('!')));
		await lenient.close();
	} finally {
		await screen.close();
		await plainScreen.close();
	}
});

/** Renders a scenario at the peak of its episode with the first SAN LUN selected. */
async function hintFor(scenario: 'array-slow' | 'host-queue' | 'both' | 'healthy' | 'spike' | 'slow-queue' | 'low-io', position = 20) {
	const path = writeCapture(dir, `${scenario}.csv`, captureText(scenario, 40, {all: true}));
	const screen = await openScreen(path, {position, columns: 100, rows: 50});
	await screen.press('/', ...`${naaId(0).slice(-12)}$`, keys.enter);
	await screen.waitFor('1 of');
	// Wrapped lines joined, so the assertions read sentences.
	const text = plain(screen.frame()).replace(/\s+/g, ' ');
	await screen.close();
	return text;
}

test('hint: storage verdict with DAVG, failed commands, how sustained, and what it rests on', async () => {
	// A sample of the episode where the generator reports failed commands on the LUN.
	const path = writeCapture(dir, 'array-slow.csv', captureText('array-slow', 40, {all: true}));
	const index = await CaptureIndex.open(path, new Set(viewNames));
	const entity = index.schemas[0]!.byView.device.find((e) => e.id === naaId(0))!;
	let position = -1;
	for (let i = 15; i < 30 && position === -1; i++) if ((fieldValue((await index.read(i)).values, entity, 'failed') ?? 0) > 0) position = i;
	await index.close();
	assert.notEqual(position, -1, 'the generator fails some commands mid-episode');
	const text = await hintFor('array-slow', position);
	assert.match(text, /[\d.]+ failed commands\/s/);
	assert.match(text, / STORAGE Storage side: DAVG \d+\.\d ms \(warn 20, crit 50\)/);
	assert.match(text, /GAVG [\d.]+ ms = DAVG [\d.]+ ms \+ KAVG [\d.]+ ms/);
	assert.match(text, /(sustained|intermittent): \d+ of the last 12 samples at warn or above/);
	// Which adapter: the LUN's one busy path carries exactly its commands/s and DAVG.
	assert.match(text, /vmhba2: DAVG [\d.]+ ms, 1 of 3 busy devices slow \(adapter from path vmhba2:C0:T1:L0, linked by header order and commands\/s adding up\)/);
	assert.match(text, /→ This LUN alone: look at it on the array/);
	assert.match(text, /Worst: !{1,2} naa\./);
});

test('hint: host verdict shows the QAVG share and a full queue', async () => {
	const text = await hintFor('host-queue');
	assert.match(text, / HOST Host side: KAVG [\d.]+ ms/);
	assert.match(text, /QAVG [\d.]+ ms is \d+% of KAVG: the time is spent queued/);
	assert.match(text, /queue full: ACTV 32 = DQLEN 32, QUED \d+/);
	assert.match(text, /→ The device queue is full: raise the queue depth/);
});

test('hint: both high at several times its usual load (from the history) is over-demand', async () => {
	const text = await hintFor('both');
	assert.match(text, / HOST\+STORAGE Over-demand: KAVG [\d.]+ ms and DAVG [\d.]+ ms at \d+\.\d× its usual load/);
	assert.match(text, /[\d,]+ commands\/s, \d+\.\d× its usual [\d,]+/);
	assert.match(text, /→ Over-demand: spread the load/);
});

test('hint: both high at the usual load is storage-side with queue build-up', async () => {
	const text = await hintFor('slow-queue');
	assert.match(text, / HOST\+STORAGE Storage side with queue build-up: DAVG [\d.]+ ms \(warn 20\) at 0\.\d× its usual load/);
	assert.match(text, /→ This LUN alone/);
	assert.doesNotMatch(text, /Over-demand/);
});

test('hint: a device at 0.3 commands/s is too little I/O to judge, and never sent to the array', async () => {
	const text = await hintFor('low-io');
	assert.match(text, / LOW I\/O Too little I\/O to judge: 0\.\d commands\/s \(under 5\)/);
	assert.doesNotMatch(text, /array/);
});

test('hint: healthy rows, the warm-up row, and a one-sample spike', async () => {
	assert.match(await hintFor('healthy'), / OK Healthy: GAVG/);
	const warmup = await hintFor('healthy', 0);
	assert.match(warmup, / WARM-UP Warm-up sample/);
	assert.match(warmup, /Host: warm-up sample, no rates yet/);
	assert.doesNotMatch(warmup, /Healthy|STORAGE|HOST /);
	const spike = await hintFor('spike', 20);
	assert.match(spike, /a spike: 1 of the last 12 samples at warn or above/);
});

test('space pauses and resumes; t and T step; g, G and b move through the capture', async () => {
	const screen = await openScreen(demo);
	try {
		await screen.waitFor('sample 1/60');
		await screen.waitFor('PAUSED');
		await screen.press(' ');
		await screen.waitFor('PLAYING');
		await screen.press(' ');
		await screen.waitFor('PAUSED');
		await screen.press('t', 't', 't');
		await screen.waitFor('sample 4/60');
		await screen.press('T');
		await screen.waitFor('sample 3/60');
		await screen.waitFor('02:00:10 UTC');
		await screen.press('G');
		await screen.waitFor('sample 60/60');
		await screen.waitFor('END');
		await screen.press('g');
		await screen.waitFor('sample 1/60');
		await screen.press('b', ...'02:01:00', keys.enter);
		await screen.waitFor('sample 13/60');
		await screen.press('b', ...'30', keys.enter);
		await screen.waitFor('sample 30/60');
		await screen.press('b', ...'7:00', keys.enter);
		await screen.waitFor('no sample at 07:00:00 UTC');
		await screen.press('b', ...'later', keys.enter);
		await screen.waitFor('type a time (02:05:00 or 2026-01-05 02:05:00, UTC), +10m / -30s, or a sample number');
		await screen.press('+', '+');
		await screen.waitFor('16×');
		await screen.press('-', '-', '-', '-', '-', '-');
		await screen.waitFor('0.5×');
	} finally {
		await screen.close();
	}
});

test('? shows every key and the thresholds in force; any key closes it', async () => {
	const screen = await openScreen(demo, {thresholds: parseThresholds('kavg=3:8,davg=25:60')});
	try {
		await screen.press('?');
		await screen.waitFor('Thresholds in force');
		const text = plain(screen.frame());
		assert.match(text, /KAVG 3 \/ 8 {3}DAVG 25 \/ 60 {3}GAVG 20 \/ 50/);
		for (const key of ['u d p v n', '< >', 'r ', '/ ', 'PgUp PgDn', 'space', 't T', '+ -', 'g G', 'b ', '?  h  F1', 'q  F10  Ctrl-C', 'j k', 'f ', '{ }', 'W ']) assert.ok(text.includes(key), `help lists ${key}`);
		await screen.press('x');
		await screen.waitFor('DEVICE');
		assert.doesNotMatch(plain(screen.frame()), /Thresholds in force/);
	} finally {
		await screen.close();
	}
});

test('views u d p v n show their esxtop columns, FAIL/ABRT/RST only when the capture has them', async () => {
	const screen = await openScreen(demo, {columns: 220, position: 4});
	const defaultCounters = writeCapture(dir, 'default.csv', captureText('demo', 10));
	const small = await openScreen(defaultCounters, {columns: 220, position: 3});
	try {
		assert.match(plain(screen.frame()), /DEVICE +DQLEN +ACTV +QUED +CMDS\/s +READS\/s +WRITES\/s +MBRD\/s +MBWR\/s +DAVG +KAVG +GAVG▼ +QAVG +FAIL\/s +ABRT\/s +RST\/s/);
		assert.doesNotMatch(plain(small.frame()), /FAIL\/s/);
		await screen.press('d');
		await screen.waitFor(/ADAPTER +AQLEN +CMDS/);
		assert.match(plain(screen.frame()), /vmhba2/);
		await screen.press('p');
		await screen.waitFor(/PATH +CMDS/);
		assert.match(plain(screen.frame()), /vmhba\d:C0:T\d:L\d/);
		await screen.press('v');
		await screen.waitFor(/VM DISK .*LAT\/rd +LAT\/wr▼/);
		// Each VM's disks under its total (issue 12, item 9).
		assert.match(plain(screen.frame()), /vm-01 .*\n.*  scsi0:0 /);
		await screen.press('n');
		await screen.waitFor(/NFS VOLUME +ACTV .*GAVG▼/);
		assert.match(plain(screen.frame()), /nfs-datastore-1/);
	} finally {
		await screen.close();
		await small.close();
	}
});

test('↓ ↑ End Home move the selection, and the hint pane names the full id of a long t10 device', async () => {
	const screen = await openScreen(demo, {columns: 80, rows: 24, position: 4});
	try {
		const rule = () => plain(screen.frame()).split('\n').find((line) => line.startsWith('── '))!;
		const first = rule();
		await screen.press(keys.down);
		await until(() => rule() !== first);
		await screen.press(keys.up);
		await until(() => rule() === first);
		await screen.press(keys.end);
		await until(() => rule().includes('mpx.vmhba0:C0:T0:L0') || rule() !== first);
		// Ids wider than the column are shortened in the middle in the table, whole in the hint pane.
		assert.match(plain(screen.frame()), /naa\.600a0b80…\d+/);
		assert.match(rule(), /── naa\.600a0b8000263c4[de][0-9a-f]{14}|── mpx/);
	} finally {
		await screen.close();
	}

	async function until(check: () => boolean) {
		const {until: wait} = await import('./helpers/screen.js');
		await wait(check, 'the selection to move');
	}
});
