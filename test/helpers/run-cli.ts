import {execFile} from 'node:child_process';

export const cli = new URL('../../dist/cli.js', import.meta.url).pathname;

/** Runs the built CLI to completion (stdin closed, or fed `input`); never throws on a non-zero exit. */
export function esxlat(args: string[], input?: string | Uint8Array): Promise<{stdout: string; stderr: string; code: number}> {
	return new Promise((resolve) => {
		const child = execFile(process.execPath, [cli, ...args], {maxBuffer: 256 * 1024 * 1024}, (error, stdout, stderr) => {
			resolve({stdout, stderr, code: error ? ((error as {code?: number}).code ?? 1) : 0});
		});
		child.stdin!.end(input);
	});
}
