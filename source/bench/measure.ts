import {execFile, spawn} from 'node:child_process';
import {createReadStream} from 'node:fs';
import {fileURLToPath} from 'node:url';

/** What one measured run reports: wall time, its peak RSS, and task-specific figures. */
export interface Measurement {
	seconds: number;
	peakRssMb: number | null;
	/** User + system CPU of the whole process: what the machine's other users cannot inflate as much as wall time. */
	cpuSeconds?: number;
	detail?: Record<string, number | string>;
}

const worker = fileURLToPath(new URL('./worker.js', import.meta.url));
const cli = fileURLToPath(new URL('../cli.js', import.meta.url));
const peakRss = fileURLToPath(new URL('./peak-rss.js', import.meta.url));

/**
 * Runs `node dist/bench/worker.js TASK ...args` in its own process, so each measurement has
 * its own heap and its own peak RSS; the worker prints one JSON Measurement line.
 */
export function measureTask(task: string, args: string[]): Promise<Measurement> {
	return new Promise((resolve, reject) => {
		execFile(process.execPath, [worker, task, ...args], {maxBuffer: 16 * 1024 * 1024}, (error, stdout, stderr) => {
			if (error) return reject(new Error(`bench task ${task} failed: ${stderr.trim() || error.message}`));
			// The last JSON line: a screen task's terminal library may write an escape after it.
			const line = stdout.split('\n').findLast((text) => text.startsWith('{')) ?? '';
			resolve(JSON.parse(line) as Measurement);
		});
	});
}

/** Times a shell command line (`wc -l F`, `gzip -dc F | wc -l`), output discarded. */
export function measureShell(command: string): Promise<Measurement> {
	return new Promise((resolve, reject) => {
		const start = process.hrtime.bigint();
		// `times` prints the shell's and then its children's user and system time.
		execFile('sh', ['-c', `${command} > /dev/null; times`], {maxBuffer: 16 * 1024 * 1024}, (error, stdout) => {
			if (error) return reject(error);
			const children = stdout.trim().split('\n').at(-1) ?? '';
			const cpuSeconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, [, m, sec]) => sum + Number(m) * 60 + Number(sec), 0);
			resolve({seconds: Number(process.hrtime.bigint() - start) / 1e9, peakRssMb: null, cpuSeconds});
		});
	});
}

/**
 * The real command, `esxlat …`, timed whole (Node's start-up included) and with its own peak
 * RSS: the bench worker would load every section's modules, the screen's Ink and React too.
 * With `stdinFile`, the file is streamed `repeat` times into its stdin: concatenated captures.
 */
export function measureCli(args: string[], stdinFile?: {path: string; repeat: number}): Promise<Measurement> {
	return new Promise((resolve, reject) => {
		const start = process.hrtime.bigint();
		const child = spawn(process.execPath, ['--import', peakRss, cli, ...args], {stdio: [stdinFile ? 'pipe' : 'ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
		child.on('error', reject);
		child.on('close', (code) => {
			const seconds = Number(process.hrtime.bigint() - start) / 1e9;
			const last = stderr.trim().split('\n').at(-1) ?? '';
			if (code !== 0 || !last.startsWith('{')) return reject(new Error(`esxlat ${args.join(' ')} failed: ${stderr.trim()}`));
			const {peakRssMb, cpuSeconds} = JSON.parse(last) as {peakRssMb: number; cpuSeconds: number};
			resolve({seconds, peakRssMb, cpuSeconds});
		});
		if (stdinFile) void feed(child.stdin!, stdinFile.path, stdinFile.repeat);
	});
}

async function feed(stdin: NodeJS.WritableStream, path: string, repeat: number): Promise<void> {
	for (let i = 0; i < repeat; i++) {
		for await (const chunk of createReadStream(path, {highWaterMark: 1 << 20})) {
			if (!stdin.write(chunk)) await new Promise((resolve) => stdin.once('drain', resolve));
		}
	}
	stdin.end();
}

/**
 * Runs each contender `runs` times, taking turns (a, b, c, a, b, c, …) so that a burst of load
 * from the machine's other users hits them alike; keeps each one's fastest run, its least CPU
 * time and its largest peak RSS.
 */
export async function interleaved<K extends string>(runs: number, contenders: Record<K, () => Promise<Measurement>>): Promise<Record<K, Measurement>> {
	const best = {} as Record<K, Measurement>;
	const names = Object.keys(contenders) as K[];
	for (let i = 0; i < runs; i++) {
		for (const name of names) {
			const m = await contenders[name]();
			const previous = best[name];
			const peak = Math.max(previous?.peakRssMb ?? 0, m.peakRssMb ?? 0) || null;
			const cpu = Math.min(previous?.cpuSeconds ?? Number.POSITIVE_INFINITY, m.cpuSeconds ?? Number.POSITIVE_INFINITY);
			const cpuSeconds = Number.isFinite(cpu) ? cpu : undefined;
			best[name] = {...(!previous || m.seconds < previous.seconds ? m : previous), peakRssMb: peak, ...(cpuSeconds === undefined ? {} : {cpuSeconds})};
		}
	}
	return best;
}

/** Times an external command (e.g. `wc -l`), best of `runs`. */
export async function measureCommand(command: string, args: string[], runs = 3): Promise<Measurement> {
	let best = Number.POSITIVE_INFINITY;
	for (let i = 0; i < runs; i++) {
		const start = process.hrtime.bigint();
		await new Promise<void>((resolve, reject) => {
			execFile(command, args, {maxBuffer: 16 * 1024 * 1024}, (error) => (error ? reject(error) : resolve()));
		});
		best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
	}
	return {seconds: best, peakRssMb: null};
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
