import {readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {UsageError} from './usage-error.js';

const captureName = /\.(csv|csv\.gz|gz)$/i;

/** The files of `replay A B …` or `report A B …`: a directory stands for the captures in it (.csv, .csv.gz), by name. */
export function captureFiles(args: readonly string[]): string[] {
	const files: string[] = [];
	for (const arg of args) {
		let directory = false;
		try {
			directory = statSync(arg).isDirectory();
		} catch {
			// not there: opening it says so, naming the file
		}
		if (!directory) {
			files.push(arg);
			continue;
		}
		const inside = readdirSync(arg).filter((name) => captureName.test(name)).sort().map((name) => join(arg, name));
		if (inside.length === 0) throw new UsageError(`${arg}: no captures in this directory (*.csv, *.csv.gz)`);
		files.push(...inside);
	}
	if (files.includes('-') && files.length > 1) throw new UsageError('stdin (-) can only be replayed on its own');
	return [...new Set(files)];
}
