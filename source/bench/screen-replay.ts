import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const cli = fileURLToPath(new URL('../cli.js', import.meta.url));
const peakRss = fileURLToPath(new URL('./peak-rss.js', import.meta.url));

export interface ScreenReplay {
	peakRssMb: number;
	seconds: number;
	samples: string;
}

function hasTmux(): boolean {
	try {
		execFileSync('tmux', ['-V'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

/**
 * The real screen, `esxlat replay FILE` in a 160×50 tmux terminal: `+` up to max speed, played
 * to the end while the index is still being built, then `q`. Peak RSS of the whole process.
 * Null when tmux is missing.
 */
export async function measureScreenReplay(path: string): Promise<ScreenReplay | null> {
	if (!hasTmux()) return null;
	const dir = mkdtempSync(join(tmpdir(), 'esxlat-bench-screen-'));
	const socket = join(dir, 'tmux');
	const rssFile = join(dir, 'rss');
	const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket, '-f', '/dev/null', ...args], {encoding: 'utf8'});
	const screen = () => tmux('capture-pane', '-p', '-t', 'main');
	const waitFor = async (check: (text: string) => boolean, what: string, ms = 120_000) => {
		const deadline = Date.now() + ms;
		for (;;) {
			const text = screen();
			if (check(text)) return text;
			if (Date.now() > deadline) throw new Error(`bench: the screen did not show ${what}:\n${text}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	};
	try {
		const command = `${JSON.stringify(process.execPath)} --import ${JSON.stringify(peakRss)} ${JSON.stringify(cli)} replay ${JSON.stringify(path)} 2> ${JSON.stringify(rssFile)}; sleep 60`;
		const start = process.hrtime.bigint();
		tmux('new-session', '-d', '-s', 'main', '-x', '160', '-y', '50', command);
		await waitFor((text) => text.includes('PLAYING'), 'PLAYING');
		for (let i = 0; i < 8 && !screen().includes(' max '); i++) {
			tmux('send-keys', '-t', 'main', '+');
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		const end = await waitFor((text) => / END\b/.test(text), 'END', 900_000);
		const seconds = Number(process.hrtime.bigint() - start) / 1e9;
		const samples = /sample (\d+\/\d+)/.exec(end)?.[1] ?? '?';
		tmux('send-keys', '-t', 'main', 'q');
		const deadline = Date.now() + 30_000;
		while (!(existsSync(rssFile) && readFileSync(rssFile, 'utf8').includes('peakRssMb'))) {
			if (Date.now() > deadline) throw new Error('bench: the screen did not exit after q');
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		// Ink shows the cursor again on stderr after the last line.
		const last = readFileSync(rssFile, 'utf8').split('\n').findLast((line) => line.startsWith('{'))!;
		return {peakRssMb: (JSON.parse(last) as {peakRssMb: number}).peakRssMb, seconds, samples};
	} finally {
		try {
			tmux('kill-server');
		} catch {
			// already gone
		}
		rmSync(dir, {recursive: true, force: true});
	}
}
