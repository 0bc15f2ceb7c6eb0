import {execFile} from 'node:child_process';
import {promisify} from 'node:util';

const run = promisify(execFile);
export const cliPath = new URL('../../dist/cli.js', import.meta.url).pathname;

/** Runs the built CLI; resolves with its output and exit code (never rejects on a non-zero exit). */
export async function esxlat(args: string[], options: {input?: string | Uint8Array; env?: NodeJS.ProcessEnv} = {}): Promise<{stdout: string; stderr: string; code: number}> {
	try {
		const child = run(process.execPath, [cliPath, ...args], {maxBuffer: 256 * 1024 * 1024, ...(options.env ? {env: options.env} : {})});
		if (options.input !== undefined) child.child.stdin!.end(options.input);
		const {stdout, stderr} = await child;
		return {stdout, stderr, code: 0};
	} catch (error) {
		const e = error as {stdout: string; stderr: string; code: number};
		return {stdout: e.stdout, stderr: e.stderr, code: e.code};
	}
}
