import {type ChildProcess, execFileSync, spawn} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {freePort} from './sshd.js';

export const prometheusPath = '/usr/bin/prometheus';
export const promtoolPath = '/usr/bin/promtool';

/** For `test(name, {skip: skipWithoutPrometheus()}, …)`; CI installs Debian's prometheus (.ci/run). */
export function skipWithoutPrometheus(): false | string {
	return existsSync(prometheusPath) && existsSync(promtoolPath) ? false : 'needs Prometheus and promtool (apt-get install prometheus; .ci/run does it)';
}

export interface PromSample {
	metric: Record<string, string>;
	value: [number, string];
}

export interface Prometheus {
	port: number;
	/** Instant query; `time` in Unix seconds (default: now). */
	query(expression: string, time?: number): Promise<PromSample[]>;
	/** The log so far (for failure messages). */
	log(): string;
	stop(): Promise<void>;
}

/**
 * A real Prometheus on 127.0.0.1 at a free port, owned by the test: its own config (scraping
 * `targets` every second) and data directory (or `dataDir`, e.g. backfilled blocks), stopped by PID.
 */
export async function startPrometheus(options: {targets?: string[]; dataDir?: string}): Promise<Prometheus> {
	const dir = mkdtempSync(join(tmpdir(), 'esxlat-prometheus-'));
	const dataDir = options.dataDir ?? join(dir, 'data');
	mkdirSync(dataDir, {recursive: true});
	const config = join(dir, 'prometheus.yml');
	const targets = options.targets ?? [];
	writeFileSync(
		config,
		[
			'global:',
			'  scrape_interval: 1s',
			'  scrape_timeout: 1s',
			'  evaluation_interval: 1s',
			'scrape_configs:',
			...(targets.length ? ['  - job_name: esxlat', '    static_configs:', `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`] : []),
			'',
		].join('\n'),
	);
	const port = await freePort();
	const child = spawn(
		prometheusPath,
		[`--config.file=${config}`, `--storage.tsdb.path=${dataDir}`, '--storage.tsdb.retention.time=100y', `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
		{stdio: ['ignore', 'ignore', 'pipe']},
	);
	let log = '';
	child.stderr!.on('data', (chunk: Buffer) => {
		log += chunk.toString();
	});
	const base = `http://127.0.0.1:${port}`;
	const prometheus: Prometheus = {
		port,
		async query(expression, time) {
			const params = new URLSearchParams({query: expression});
			if (time !== undefined) params.set('time', String(time));
			const response = await fetch(`${base}/api/v1/query?${params}`);
			const body = (await response.json()) as {status: string; error?: string; data: {result: PromSample[]}};
			if (body.status !== 'success') throw new Error(`query ${expression}: ${body.error}`);
			return body.data.result;
		},
		log: () => log,
		async stop() {
			await stopChild(child);
			rmSync(dir, {recursive: true, force: true});
		},
	};
	await waitReady(base, child, () => log);
	return prometheus;
}

async function waitReady(base: string, child: ChildProcess, log: () => string): Promise<void> {
	for (let attempt = 0; attempt < 300; attempt++) {
		if (child.exitCode !== null) throw new Error(`prometheus exited: ${log()}`);
		try {
			if ((await fetch(`${base}/-/ready`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`prometheus was not ready: ${log()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		child.once('exit', () => resolve());
		child.kill('SIGTERM');
	});
}

/** `promtool check metrics` on an exposition: its complaints ('' when clean). Exits 0 only when clean. */
export function promtoolCheckMetrics(exposition: string): {code: number; output: string} {
	try {
		const output = execFileSync(promtoolPath, ['check', 'metrics'], {input: exposition, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe']});
		return {code: 0, output};
	} catch (error) {
		const failure = error as {status: number; stdout: string; stderr: string};
		return {code: failure.status, output: `${failure.stdout}${failure.stderr}`};
	}
}

/** `promtool tsdb create-blocks-from openmetrics FILE DIR` */
export function promtoolBackfill(file: string, dataDir: string): string {
	return execFileSync(promtoolPath, ['tsdb', 'create-blocks-from', 'openmetrics', file, dataDir], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
}
