import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, test} from 'node:test';
import {displayText} from '../source/view/display-text.js';
import {scratchDir} from './helpers/captures.js';
import {hasRawControl, hostile, hostileCapture} from './helpers/hostile-capture.js';
import {esxlat} from './helpers/run-cli.js';
import {hasTmux, TmuxSession} from './helpers/tmux.js';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;
const skip = hasTmux() ? false : 'tmux is not installed (.ci/run installs it)';
const dir = scratchDir();
const file = join(dir, 'hostile.csv');
writeFileSync(file, hostileCapture(20));

/** With set-clipboard on, an OSC 52 that reached tmux would write a paste buffer. */
const tmuxConfig = ['set -g set-clipboard on', 'set -g allow-rename on'];

/** The hint pane's rule (it names the selected row), on a whole frame (the key bar, its last line, is drawn); else null. */
const hintRule = (screen: string) => (/q quit\s*$/.test(screen) ? (/^── .*$/m.exec(screen)?.[0] ?? null) : null);

/** The table's rows: from the line under the heading to the first blank line. */
function tableRows(screen: string, heading: string): string[] {
	const lines = screen.split('\n');
	const header = lines.findIndex((line) => line.startsWith(`   ${heading} `));
	const end = lines.findIndex((line, i) => i > header && line.trim() === '');
	return lines.slice(header + 1, end);
}

/** The pane title and paste buffers are as they were: no escape sequence got through. */
function assertUntouched(tmux: TmuxSession, title: string, where: string): void {
	assert.equal(tmux.title(), title, `${where}: the pane title changed`);
	assert.doesNotMatch(tmux.title(), /PWNED/, where);
	assert.equal(tmux.buffers(), '', `${where}: a tmux buffer was written (OSC 52)`);
}

describe('names full of escape sequences are shown escaped, never obeyed', () => {
	test('the screen, every view and the hint pane: title and clipboard untouched, names visible escaped', {skip}, async () => {
		// The shell sleeps first, so the pane's own title is read before esxlat starts.
		const tmux = new TmuxSession(`sleep 0.5; ${process.execPath} ${cli} replay ${file}`, 150, 40, tmuxConfig);
		try {
			const title = tmux.title();
			await tmux.waitFor('PLAYING');
			tmux.send('Space');
			await tmux.waitFor('PAUSED');
			tmux.send('G');
			await tmux.waitFor('sample 20/20');
			assertUntouched(tmux, title, 'the device view');
			assert.match(tmux.screen(), /esx01\\x1b\]0;PWNED\\x07/, 'the host name, escaped, in the title bar');
			const views: Array<[string, string, string]> = [
				['u', 'DEVICE', 'naa.6\\x1b]52;c;'],
				['d', 'ADAPTER', 'vmhba'],
				['p', 'PATH', 'vmhba'],
				['v', 'VM DISK', 'vm-01\\x1b[2J'],
				['n', 'NFS VOLUME', 'nfs\\x1b[31mRED\\rEVIL'],
			];
			for (const [key, heading, shown] of views) {
				tmux.send(key);
				await tmux.waitFor(heading);
				const screen = await tmux.waitFor((text) => text.includes(shown) && hintRule(text) !== null, `${shown} in the ${heading} view`);
				// Walk the rows so the hint pane explains each, hostile ones included: each ↓ waits for
				// the hint of the next row to be drawn (keys sent faster than frames would skip some).
				const rows = tableRows(screen, heading);
				assert.ok(rows.length >= 1, `the ${heading} rows:\n${screen}`);
				let rule = hintRule(screen);
				for (let i = 1; i < Math.min(rows.length, 7); i++) {
					tmux.send('Down');
					const moved = await tmux.waitFor((text) => hintRule(text) !== null && hintRule(text) !== rule, `the hint for ${heading} row ${i + 1}`);
					rule = hintRule(moved);
					assertUntouched(tmux, title, `${heading} view, row ${i + 1}`);
				}
				assert.doesNotMatch(screen, /\u202E/, 'no raw bidi override');
				assertUntouched(tmux, title, `${heading} view`);
			}
			tmux.send('v');
			// Only the hostile VM's rows: the selection falls on one of them.
			tmux.send('/');
			tmux.type('vm-01');
			tmux.send('Enter');
			const hint = await tmux.waitFor(/── vm-01\\x1b\[2J\\x1b\]0;PWNED\\x07/, 'the hostile VM in the hint pane');
			assert.match(hint, /VM DISK/);
			tmux.send('q');
			await tmux.waitFor('EXIT=0');
			assertUntouched(tmux, title, 'after quitting');
		} finally {
			tmux.kill();
		}
	});

	test('report on a terminal (colour, timelines): title and clipboard untouched, names escaped', {skip}, async () => {
		for (const format of ['', ' --markdown']) {
			const tmux = new TmuxSession(`sleep 0.5; ${process.execPath} ${cli} report ${file}${format} | head -60`, 200, 70, tmuxConfig);
			// Straight to the terminal too (no pipe): the colour path with timelines.
			const direct = new TmuxSession(`sleep 0.5; ${process.execPath} ${cli} report ${file}${format}`, 200, 70, tmuxConfig);
			try {
				const titles = [tmux.title(), direct.title()];
				await tmux.waitFor('EXIT=0');
				await direct.waitFor('EXIT=0');
				assertUntouched(tmux, titles[0]!, `report${format} | head`);
				assertUntouched(direct, titles[1]!, `report${format}`);
				assert.match(direct.screen(), /naa\.6\\{1,2}x1b\\?\]52;c;/);
			} finally {
				tmux.kill();
				direct.kill();
			}
		}
	});

	test('piped report text and markdown hold no ESC, BEL or CR; --json keeps the exact names', async () => {
		const text = await esxlat(['report', file]);
		assert.equal(text.code, 0, text.stderr);
		assert.ok(!hasRawControl(text.stdout), 'plain text report');
		assert.ok(text.stdout.includes(displayText(hostile.host)));
		const markdown = await esxlat(['report', file, '--markdown']);
		assert.equal(markdown.code, 0);
		assert.ok(!hasRawControl(markdown.stdout), 'markdown report');
		assert.ok(!/`[^`\n]*\\x1b/.test(markdown.stdout), 'an escaped id is no code span (a backtick in a name would end it)');
		const forced = await new Promise<string>((resolve) => {
			import('node:child_process').then(({execFile}) => {
				execFile(process.execPath, [cli, 'report', file], {env: {...process.env, FORCE_COLOR: '1'}}, (_error, stdout) => resolve(stdout));
			});
		});
		assert.ok(!hasRawControl(forced.replace(/\u001B\[[0-9;]*m/g, '')), 'with colour: only our own SGR codes');

		const json = JSON.parse((await esxlat(['report', file, '--json'])).stdout);
		assert.equal(json.host, hostile.host, 'JSON keeps the name exactly');
		assert.ok(json.entities.some((entity: {id: string}) => entity.id.startsWith(hostile.device)));
		const replay = await esxlat(['replay', file, '--json', '--view', 'vm,nfs']);
		const last = JSON.parse(replay.stdout.trim().split('\n').at(-1)!);
		assert.ok(last.rows.some((row: {id: string}) => row.id === hostile.nfs));
		assert.ok(!hasRawControl(replay.stdout), 'JSON escapes control characters itself');
		assert.ok(!hasRawControl(replay.stderr));
	});

	test('a file name with escapes is shown escaped in errors and summaries', async () => {
		const name = join(dir, `bad\u001B]0;PWNED\u0007.csv`);
		writeFileSync(name, 'not a capture\n');
		const {stderr, code} = await esxlat(['report', name]);
		assert.equal(code, 1);
		assert.ok(!hasRawControl(stderr), stderr);
		assert.match(stderr, /bad\\x1b\]0;PWNED\\x07\.csv/);
	});
});
