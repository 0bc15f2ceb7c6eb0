import assert from 'node:assert/strict';
import {test} from 'node:test';
import {decodeKeys} from '../source/view/key-input.js';
import {screenCommand} from '../source/view/keys.js';
import {captureText, scratchDir, writeCapture} from './helpers/captures.js';

const {keys, openScreen, plain, tableLines} = await import('./helpers/screen.js');

const dir = scratchDir();
// 41 devices: more rows than a 24-line screen shows.
const wide = writeCapture(dir, 'many.csv', captureText('demo', 12, {devices: 40}));
const demo = writeCapture(dir, 'demo.csv', captureText('demo', 20));

/** The id of the selected row: the hint pane's rule names it in full. */
function selectedId(frame: string): string {
	return /── (\S+) {2}\(/.exec(plain(frame))![1]!;
}

/** The ids of the table's rows, top to bottom. */
function ids(frame: string): string[] {
	return tableLines(frame).map((line) => line.slice(3).trim().split(/\s+/)[0]!);
}

test('decodeKeys: every key in one chunk counts once, escape sequences whole', () => {
	assert.deepEqual(decodeKeys(keys.down.repeat(10)).map((key) => key.name), Array(10).fill('down'));
	assert.deepEqual(
		decodeKeys(`jk${keys.up}\u001B[6~\u001BOP\u001B[21~\u001B[1;5B q\r\u007F\u0003`).map((key) => [key.name, key.ctrl]),
		[['j', false], ['k', false], ['up', false], ['pagedown', false], ['f1', false], ['f10', false], ['down', true], [' ', false], ['q', false], ['return', false], ['backspace', false], ['c', true]],
	);
	assert.deepEqual(decodeKeys('\u001B'), [{name: 'escape', ctrl: false, meta: false, sequence: '\u001B'}]);
	assert.equal(decodeKeys('\u001Bx')[0]!.meta, true, 'Alt-x');
	assert.deepEqual(decodeKeys('é✓'), [{name: 'é', ctrl: false, meta: false, sequence: 'é'}, {name: '✓', ctrl: false, meta: false, sequence: '✓'}]);
});

test('ten ↓ written at once move ten rows, ten ↑ move them back; j and k move too', async () => {
	const screen = await openScreen(wide, {position: 5, rows: 40});
	try {
		const order = ids(screen.frame());
		assert.equal(selectedId(screen.frame()), order[0]);
		await screen.press(keys.down.repeat(10));
		await screen.waitFor(`── ${order[10]}  (`);
		await screen.press(keys.up.repeat(4));
		await screen.waitFor(`── ${order[6]}  (`);
		await screen.press('jjj');
		await screen.waitFor(`── ${order[9]}  (`);
		await screen.press('k');
		await screen.waitFor(`── ${order[8]}  (`);
		// Mixed in one write: a view switch, moves and back.
		await screen.press(`d${keys.down}${keys.down}u`);
		await screen.waitFor(`── ${order[8]}  (`);
	} finally {
		await screen.close();
	}
});

test('a long table says where the window is: "1–N of 41", moving with the selection', async () => {
	const screen = await openScreen(wide, {position: 5, rows: 24, columns: 100});
	try {
		const body = tableLines(screen.frame()).length;
		await screen.waitFor(`1–${body} of 41`);
		await screen.press(keys.end);
		await screen.waitFor(`${41 - body + 1}–41 of 41`);
		const short = await openScreen(demo, {position: 5, rows: 40});
		assert.doesNotMatch(plain(short.frame()), / of 7\b/, 'no indicator when every row shows');
		await short.close();
	} finally {
		await screen.close();
	}
});

test('q closes the help instead of quitting; h and F1 open it; Esc closes it', async () => {
	let quits = 0;
	const screen = await openScreen(demo, {position: 3, onQuit: () => quits++});
	try {
		for (const open of ['?', 'h', '\u001BOP', '\u001B[11~']) {
			await screen.press(open);
			await screen.waitFor('Thresholds in force');
			await screen.press(open === '?' ? 'q' : keys.escape);
			await screen.waitFor('DEVICE');
			assert.doesNotMatch(plain(screen.frame()), /Thresholds in force/);
		}
		assert.equal(quits, 0, 'q in the help did not quit');
		await screen.press('\u001B[21~');
		assert.equal(quits, 1, 'F10 quits');
	} finally {
		await screen.close();
	}
});

test('Ctrl-C quits as an interrupt, from the table, a prompt or the help', async () => {
	for (const before of ['', '/', '?']) {
		const how: string[] = [];
		const screen = await openScreen(demo, {position: 3, onQuit: (reason) => how.push(reason)});
		try {
			if (before) await screen.press(before);
			await screen.press('\u0003');
			assert.deepEqual(how, ['interrupt'], `Ctrl-C after "${before}"`);
		} finally {
			await screen.close();
		}
	}
});

test('views on 1–5; after a / filter n and N step through the matches instead of switching to NFS', async () => {
	const screen = await openScreen(wide, {position: 5, rows: 40});
	try {
		await screen.press('2');
		await screen.waitFor(/ADAPTER +/);
		await screen.press('5');
		await screen.waitFor(/NFS VOLUME/);
		await screen.press('1');
		await screen.waitFor(/ {3}DEVICE/);
		await screen.press('/', ...'naa', keys.enter);
		await screen.waitFor('filter /naa/');
		const order = ids(screen.frame());
		await screen.press('n', 'n');
		await screen.waitFor(`── ${order[2]}  (`);
		await screen.press('N');
		await screen.waitFor(`── ${order[1]}  (`);
		assert.match(plain(screen.frame()), / {3}DEVICE/, 'still the device view');
		await screen.press(keys.escape);
		await screen.waitFor((text: string) => !text.includes('filter /'));
		await screen.press('n');
		await screen.waitFor(/NFS VOLUME/);
	} finally {
		await screen.close();
	}
});

test('keys that do nothing say so in the key bar; the next key clears it', async () => {
	const screen = await openScreen(demo, {position: 3});
	try {
		await screen.press('c');
		await screen.waitFor('c: the CPU panel is not part of esxlat (storage only); ? for keys');
		await screen.press('z');
		await screen.waitFor('z: follows a live feed; in a replay G goes to the end');
		await screen.press('R');
		await screen.waitFor('R: records a live feed');
		await screen.press('Q');
		await screen.waitFor('Q: not a key of esxlat; ? for keys');
		await screen.press(keys.down);
		await screen.waitFor('q quit');
	} finally {
		await screen.close();
	}
	assert.deepEqual(screenCommand(decodeKeys('\u001B[24~')[0]!, {filtered: false, can: new Set()}), {type: 'hint', text: 'that key does nothing here; ? for keys'});
});

test('the warm-up hint fits the feed: step with t in a replay, wait in a live feed', async () => {
	const screen = await openScreen(demo, {position: 0});
	try {
		await screen.waitFor('WARM-UP');
		assert.match(plain(screen.frame()).replace(/\s+/g, ' '), /Step to the next sample \(t\)/);
	} finally {
		await screen.close();
	}
	const live = await openScreen(demo, {position: 0, live: true});
	try {
		await live.waitFor('WARM-UP');
		const text = plain(live.frame()).replace(/\s+/g, ' ');
		assert.match(text, /The next sample arrives within one interval/);
		assert.doesNotMatch(text, /\(t\)/);
	} finally {
		await live.close();
	}
});

test('under TERM=dumb the selected row and the active view carry text markers', async () => {
	const screen = await openScreen(demo, {position: 3, env: {TERM: 'dumb'}});
	try {
		const frame = screen.frame();
		assert.doesNotMatch(frame, /\u001B\[7m/, 'no reverse video');
		assert.match(frame, /\[u devices \(\d+\)\]/);
		const lines = tableLines(frame);
		assert.equal(lines.filter((line) => line.slice(2, 3) === '>').length, 1, 'one row marked');
		assert.equal(lines[0]!.slice(2, 3), '>');
		await screen.press(keys.down);
		await screen.waitFor((text: string) => tableLines(text)[1]!.slice(2, 3) === '>');
		await screen.press('d');
		await screen.waitFor('[d adapters');
	} finally {
		await screen.close();
	}
});

test('f: the field chooser hides, shows and moves columns of this view; { and } narrow and widen the id column', async () => {
	const screen = await openScreen(demo, {position: 3, columns: 200});
	const header = () => plain(screen.frame()).split('\n').find((line) => /^\s+DEVICE/.test(line))!;
	try {
		assert.match(header(), /DEVICE +DQLEN +ACTV +QUED +CMDS\/s/);
		await screen.press('f');
		await screen.waitFor('Columns of devices');
		assert.match(plain(screen.frame()), /\[x\] DQLEN/);
		// DQLEN is the first field: hide it, then move ACTV (now under the cursor's next line) first.
		await screen.press(' ');
		await screen.waitFor('[ ] DQLEN');
		await screen.press(keys.down, '<');
		await screen.waitFor(/\[x\] ACTV .*\n.*\[ \] DQLEN/);
		await screen.press(keys.escape);
		await screen.waitFor(/DEVICE +ACTV +QUED +CMDS\/s/);
		assert.doesNotMatch(header(), /DQLEN/);
		// Other views keep their own layout.
		await screen.press('d');
		await screen.waitFor(/ADAPTER +CMDS\/s/);
		await screen.press('u');
		await screen.waitFor(/DEVICE +ACTV/);
		const idWidth = () => /DEVICE +/.exec(header())![0].length;
		const before = idWidth();
		await screen.press('}', '}');
		await screen.waitFor(() => idWidth() === before + 8);
		// The header's DEVICE run spans the id column, the gap and ACTV's one-space pad.
		await screen.press(...Array(30).fill('{'));
		await screen.waitFor(() => idWidth() === 12 + 2);
		assert.ok(tableLines(screen.frame()).every((line) => line.slice(3, 15).trim().length <= 12 && line[15] === ' '), 'ids cut to 12 columns');
		assert.match(plain(screen.frame()), /naa\.6\S*…\S+ /, 'shortened in the middle');
	} finally {
		await screen.close();
	}
});

test('W saves the layout from the screen; a saved layout opens the next screen; help says where the config lives', async () => {
	const {parseConfig, readConfig} = await import('../source/config/config-file.js');
	const {layoutSaver, uiSettingsFrom} = await import('../source/config/screen-settings.js');
	const path = `${dir}/config/esxlat/config.json`;
	const screen = await openScreen(demo, {position: 3, columns: 200, configPath: path, saveLayout: layoutSaver(parseConfig({thresholds: {davg: '25:60'}}, path))});
	try {
		await screen.press('f', ' ', keys.escape, '>', 'r', '}', 'W');
		await screen.waitFor(`layout saved to ${path}`);
		await screen.press('?');
		await screen.waitFor(`Config: ${path}`);
	} finally {
		await screen.close();
	}
	const config = readConfig(path);
	assert.deepEqual(config.thresholds, {davg: {warn: 25, crit: 60}}, 'the thresholds are kept');
	assert.equal(config.views.device!.columns!.includes('dqlen'), false);
	assert.deepEqual(config.views.device!.sort, {key: 'qavg', descending: false}, 'one column right of GAVG, reversed');
	assert.ok(config.views.device!.idWidth! > 20);
	const again = await openScreen(demo, {position: 3, columns: 200, settings: uiSettingsFrom(config)});
	try {
		const header = plain(again.frame()).split('\n').find((line) => /^\s+DEVICE/.test(line))!;
		assert.doesNotMatch(header, /DQLEN/);
		assert.match(header, /QAVG▲/);
	} finally {
		await again.close();
	}
});

test('b on the screen: the title bar format, then +30s and -1m from there', async () => {
	const screen = await openScreen(demo, {position: 0});
	try {
		await screen.press('b', ...'2026-01-05 02:01:00', keys.enter);
		await screen.waitFor('02:01:00 UTC');
		await screen.press('b', ...'+30s', keys.enter);
		await screen.waitFor('02:01:30 UTC');
		await screen.press('b', ...'-1m', keys.enter);
		await screen.waitFor('02:00:30 UTC');
		await screen.press('b', ...'+2h', keys.enter);
		await screen.waitFor('no sample at 2026-01-05 04:00:30 UTC');
	} finally {
		await screen.close();
	}
});

test('at 80×24 the help fits: every key in two columns, the thresholds and the config path', async () => {
	const screen = await openScreen(demo, {position: 3, columns: 80, rows: 24, configPath: '/home/me/.config/esxlat/config.json'});
	try {
		await screen.press('?');
		await screen.waitFor('Thresholds in force');
		const lines = plain(screen.frame()).split('\n');
		assert.ok(lines.length <= 24 && lines.every((line) => line.length <= 80));
		const text = lines.join('\n');
		for (const key of ['u d p v n', '< >', '/ ', 'PgUp', 'f ', '{ }', 'W ', 'space', 't T', 'g G', 'b ', '?  h  F1', 'q  F10  Ctrl-C']) assert.ok(text.includes(key), `help lists ${key}`);
		assert.match(text, /KAVG 2 \/ 5 {3}DAVG 20 \/ 50/);
		assert.match(text, /Config: \/home\/me\/\.config\/esxlat\/config\.json/);
		assert.match(text, /Press q, Esc or any key to close/);
	} finally {
		await screen.close();
	}
});
