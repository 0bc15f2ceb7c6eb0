import assert from 'node:assert/strict';
import {test} from 'node:test';
import {captureText, scratchDir, writeCapture} from './helpers/captures.js';
import {hasTmux, TmuxSession} from './helpers/tmux.js';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;
const skip = hasTmux() ? false : 'tmux is not installed (.ci/run installs it)';
const dir = scratchDir();
const many = writeCapture(dir, 'many.csv', captureText('demo', 30, {devices: 40}));
const esxlat = (args: string, env = '') => `${env} ${process.execPath} ${cli} ${args}`;

/** The id in the hint pane's rule: the selected row. */
const selected = (screen: string) => /── (\S+) {2}\(/.exec(screen)?.[1];
const tableIds = (screen: string) => {
	const lines = screen.split('\n');
	const header = lines.findIndex((line) => /^\s+DEVICE\s/.test(line));
	const out: string[] = [];
	for (const line of lines.slice(header + 1)) {
		if (line.startsWith('──') || line.trim() === '') break;
		out.push(line.slice(3).trim().split(/\s+/)[0]!);
	}
	return out;
};

test('in a real terminal ten ↓ sent in one write move ten rows, and Ctrl-C exits 130', {skip}, async () => {
	const tmux = new TmuxSession(esxlat(`replay ${many}`), 200, 40);
	try {
		await tmux.waitFor('PLAYING');
		tmux.send('Space');
		await tmux.waitFor('PAUSED');
		// Paused wherever playback was (4× on 5 s rows: a sample every 1.25 s, more than one on a
		// loaded machine): go to the first sample, so that two steps are sample 3.
		tmux.send('g');
		await tmux.waitFor('sample 1/30');
		tmux.send('t', 't');
		const start = await tmux.waitFor((screen) => screen.includes('sample 3/30') && screen.includes('q quit'), 'sample 3/30, the whole frame');
		const ids = tableIds(start);
		assert.equal(selected(start), ids[0]);
		// -l: one literal string, so the terminal gets all ten sequences in one write.
		tmux.type('\u001B[B'.repeat(10));
		const moved = await tmux.waitFor((screen) => selected(screen) === ids[10], `the 11th row selected (${ids[10]})`);
		assert.match(moved, /1–\d+ of 41/);
		tmux.type('\u001B[A'.repeat(3) + 'jj');
		await tmux.waitFor((screen) => selected(screen) === ids[9], `the 10th row selected (${ids[9]})`);
		tmux.send('C-c');
		await tmux.waitFor('EXIT=130');
	} finally {
		tmux.kill();
	}
});

test('TERM=dumb: the selected row and the active view are marked in text; a resize keeps the screen whole', {skip}, async () => {
	const tmux = new TmuxSession(esxlat(`replay ${many}`, 'TERM=dumb'), 120, 40);
	try {
		await tmux.waitFor('PLAYING');
		tmux.send('Space');
		const screen = await tmux.waitFor((text) => text.includes('PAUSED') && text.includes('q quit'), 'the paused frame, whole');
		assert.match(screen, /\[u devices \(41\)\]/);
		assert.equal(screen.split('\n').filter((line) => /^.{2}>\S/.test(line)).length, 1, 'one row marked >');
		tmux.send('d');
		await tmux.waitFor('[d adapters');
		tmux.send('u');
		tmux.resize(80, 24);
		const small = await tmux.waitFor((text) => text.split('\n').length <= 25 && /1–\d+ of 41/.test(text) && text.includes('q quit'), 'the 80×24 screen');
		assert.ok(small.split('\n').every((line) => line.length <= 80), 'every line fits 80 columns');
		tmux.send('q');
		await tmux.waitFor('EXIT=0');
	} finally {
		tmux.kill();
	}
});
