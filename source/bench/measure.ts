import {execFile} from 'node:child_process';
import {fileURLToPath} from 'node:url';

/** What one measured run reports: wall time, its peak RSS, and task-specific figures. */
export interface Measurement {
	seconds: number;
	peakRssMb: number | null;
	detail?: Record<string, number | string>;
}

const worker = fileURLToPath(new URL('./worker.js', import.meta.url));

/**
 * Runs `node dist/bench/worker.js TASK ...args` in its own process, so each measurement has
 * its own heap and its own peak RSS; the worker prints one JSON Measurement line.
 */
export function measureTask(task: string, args: string[]): Promise<Measurement> {
	return new Promise((resolve, reject) => {
		execFile(process.execPath, [worker, task, ...args], {maxBuffer: 16 * 1024 * 1024}, (error, stdout, stderr) => {
			if (error) return reject(new Error(`bench task ${task} failed: ${stderr.trim() || error.message}`));
			const line = stdout.trim().split('\n').at(-1) ?? '';
			resolve(JSON.parse(line) as Measurement);
		});
	});
}

/** Times an external command (e.g. `wc -l`), best of `runs`. */
export function measureCommand(command: string, args: string[], runs = 3): Promise<Measurement> {
	return (async () => {
		let best = Number.POSITIVE_INFINITY;
		for (let i = 0; i < runs; i++) {
			const start = process.hrtime.bigint();
			await new Promise<void>((resolve, reject) => {
				execFile(command, args, {maxBuffer: 16 * 1024 * 1024}, (error) => (error ? reject(error) : resolve()));
			});
			best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
		}
		return {seconds: best, peakRssMb: null};
	})();
}

/** Best (fastest) of `runs` worker measurements; the peak RSS is the largest seen. */
export async function bestOf(runs: number, task: string, args: string[]): Promise<Measurement> {
	let best: Measurement | null = null;
	let peak = 0;
	for (let i = 0; i < runs; i++) {
		const m = await measureTask(task, args);
		peak = Math.max(peak, m.peakRssMb ?? 0);
		if (!best || m.seconds < best.seconds) best = m;
	}
	return {...best!, peakRssMb: peak};
}
