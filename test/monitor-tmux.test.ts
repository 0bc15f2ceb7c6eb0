import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {test} from 'node:test';
import {promisify} from 'node:util';
import {samplePath, samples, skipWithoutSample} from './helpers/shared-samples.js';
import {hasTmux, TmuxSession} from './helpers/tmux.js';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;
const esxlat = `${process.execPath} ${cli}`;
const skip = hasTmux() ? false : 'tmux is not installed (.ci/run installs it)';
const red = /\u001B\[(?:[0-9;]*;)?31m/;
/** The key bar, the frame's last line: a frame reaches tmux top to bottom, so with it the frame is whole. */
const keyBar = /^u d p v n views .* q quit/m;

/** The values of the GAVG column, top to bottom. */
function gavgColumn(screen: string): number[] {
	const lines = screen.split('\n');
	const header = lines.findIndex((line) => /^\s+DEVICE\s/.test(line));
	const end = lines[header]!.indexOf('GAVG▼') + 'GAVG▼'.length;
	const values: number[] = [];
	for (const line of lines.slice(header + 1)) {
		if (line.startsWith('──') || line.trim() === '') break;
		values.push(Number(line.slice(end - 7, end).trim()));
	}
	return values;
}

test('esxlat with no arguments at 140×40: the demo plays, sorted worst first, red cells, filter, hint, clean exit', {skip}, async () => {
	const tmux = new TmuxSession(esxlat, 140, 40);
	try {
		await tmux.waitFor('▶ PLAYING');
		// The count is final once the background index is built (a moment on a loaded machine).
		await tmux.waitFor(/esx01\.lab\.local .*demo recording .*sample \d+\/180 /);
		// Pause on the first trouble of the demo: sample 5.
		tmux.send('Space');
		await tmux.waitFor('PAUSED');
		tmux.send('g');
		await tmux.waitFor('sample 1/180');
		tmux.send('t', 't', 't', 't');
		const screen = await tmux.waitFor((text) => text.includes('sample 5/180') && keyBar.test(text), 'sample 5/180, the whole frame');
		const gavg = gavgColumn(screen);
		assert.ok(gavg.length >= 7, `the device rows: ${gavg.join(' ')}`);
		for (let i = 1; i < gavg.length; i++) assert.ok(gavg[i - 1]! >= gavg[i]!, `GAVG sorted worst first: ${gavg.join(' ')}`);
		assert.match(screen, /^!! naa\./m, 'the worst row is marked !!');
		const colours = tmux.screen(true);
		assert.match(colours, red, 'a red cell');
		assert.match(screen, / STORAGE | HOST | HOST\+STORAGE /, 'the hint pane names a verdict');
		assert.match(screen, /^Worst: !! /m);
		assert.match(screen, keyBar);

		tmux.send('/');
		tmux.type('mpx');
		tmux.send('Enter');
		const filtered = await tmux.waitFor((text) => text.includes('filter /mpx/: 1 of 8') && keyBar.test(text), 'the filtered frame, whole');
		assert.deepEqual(gavgColumn(filtered).length, 1);
		assert.match(filtered, /^ {3}mpx\.vmhba0:C0:T0:L0 /m);
		assert.match(filtered, /── mpx\.vmhba0:C0:T0:L0 {2}\(device on vmhba0\)/);
		tmux.send('Escape');
		await tmux.waitFor((text) => !text.includes('filter /'), 'the filter to clear');

		tmux.send('d');
		await tmux.waitFor(/ADAPTER +AQLEN|ADAPTER +CMDS/);
		tmux.send('q');
		const after = await tmux.waitFor('EXIT=0');
		assert.doesNotMatch(after, /DEVICE|ADAPTER/, 'the alternate screen is gone');
	} finally {
		tmux.kill();
	}
});

test('at 80×24 the screen fits, help shows every key and the thresholds, Ctrl-C restores the terminal', {skip}, async () => {
	const tmux = new TmuxSession(`${esxlat} replay ${new URL('../recordings/demo.csv.gz', import.meta.url).pathname} --threshold kavg=3:8`, 80, 24);
	try {
		const screen = await tmux.waitFor((text) => /PLAYING/.test(text) && /DEVICE +.*GAVG▼/.test(text) && /q quit/.test(text), 'the playing screen, whole');
		const lines = screen.split('\n');
		assert.ok(lines.every((line) => line.length <= 80));
		assert.match(lines[0]!, /esx01\.lab\.local/);
		assert.match(screen, /DEVICE +.*GAVG▼/);
		assert.match(screen, /^── /m, 'the hint pane');
		assert.match(screen, /q quit/);
		tmux.send('?');
		const help = await tmux.waitFor((text) => text.includes('Thresholds in force') && /q quit/.test(text), 'the help, whole');
		assert.match(help, /KAVG 3 \/ 8 {3}DAVG 20 \/ 50/);
		tmux.send('Escape');
		await tmux.waitFor((text) => /DEVICE/.test(text) && !text.includes('Thresholds in force'), 'Esc closes the help');
		tmux.send('C-c');
		// Ctrl-C: the terminal restored, and exit code 130 as shells expect.
		await tmux.waitFor('EXIT=130');
	} finally {
		tmux.kill();
	}
});

test('real captures open on the screen; a transposed file gives one clean line', {skip: skip || skipWithoutSample(samples.allCounters, samples.defaultCounters, samples.excelResaved, samples.transposedHeader)}, async () => {
	for (const name of [samples.allCounters, samples.defaultCounters]) {
		const tmux = new TmuxSession(`${esxlat} replay ${samplePath(name)}`, 140, 40);
		try {
			const screen = await tmux.waitFor((text) => /sample \d\/3/.test(text) && /q quit/.test(text), 'the first sample, whole');
			assert.match(screen, /localhost\.home/);
			assert.match(screen, /t10\.ATA_____/);
			tmux.send('q');
			await tmux.waitFor('EXIT=0');
		} finally {
			tmux.kill();
		}
	}
	const excel = new TmuxSession(`${esxlat} replay ${samplePath(samples.excelResaved)}`, 100, 30);
	try {
		// Its columns were trimmed to CPU and memory: the screen says there are no storage counters.
		const screen = await excel.waitFor((text) => /sample \d+\/514/.test(text) && /^Host: /m.test(text) && /q quit/.test(text), 'the first sample, whole');
		assert.match(screen, /No storage counters in this capture/);
		assert.match(screen, /^Host: no storage counters in this capture/m);
		assert.doesNotMatch(screen, /all healthy/);
		excel.send('q');
		await excel.waitFor('EXIT=0');
	} finally {
		excel.kill();
	}
	const transposed = new TmuxSession(`${esxlat} replay ${samplePath(samples.transposedHeader)}`, 120, 10);
	try {
		const screen = await transposed.waitFor('EXIT=1');
		const message = screen.split('\n').filter((line) => line.startsWith('esxlat:'));
		assert.equal(message.length, 1, screen);
		assert.match(message[0]!, /not an esxtop batch capture|no counter columns/);
	} finally {
		transposed.kill();
	}
});

test('without a terminal the screen does not start: one line pointing at --json, exit 2', async () => {
	const run = promisify(execFile);
	const error = await run(process.execPath, [cli, 'replay', new URL('../recordings/demo.csv.gz', import.meta.url).pathname]).then(
		() => assert.fail('should exit non-zero'),
		(e: {code: number; stderr: string; stdout: string}) => e,
	);
	assert.equal(error.code, 2);
	assert.equal(error.stdout, '');
	assert.match(error.stderr, /^esxlat: the monitor screen needs a terminal: use --json/);
	assert.equal(error.stderr.trim().split('\n').filter((line) => !line.startsWith('Try ')).length, 1);
});
