import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/** Wraps a test body: it gets a fresh temporary directory, removed afterwards. */
export function withTempDir(run: (dir: string) => Promise<void> | void): () => Promise<void> {
	return async () => {
		const dir = mkdtempSync(join(tmpdir(), 'esxlat-test-'));
		try {
			await run(dir);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	};
}
