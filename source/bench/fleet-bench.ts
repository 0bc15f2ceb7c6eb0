import '../runtime-env.js';
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {fileURLToPath} from 'node:url';
import v8 from 'node:v8';
import {runInNewContext} from 'node:vm';
import {render} from 'ink';
import React from 'react';
import {fleetConnection} from '../commands/fleet-connection.js';
import {LiveFleet} from '../fleet/live-fleet.js';
import {defaultThresholds} from '../model/thresholds.js';
import {viewNames} from '../parse/storage-views.js';
import {FleetScreen} from '../view/fleet/FleetScreen.js';
import type {Task} from './tasks.js';
import {parsableKeyPair} from './key-pair.js';

const hostsScript = fileURLToPath(new URL('./fleet-hosts.js', import.meta.url));
const intervalSeconds = 2;
const measureSeconds = 40;
/** Four hours at 2 s: what --history must hold for the 32 hosts × 4 h. */
const fourHours = (4 * 3600) / intervalSeconds;

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function fakeTerminal(columns: number, rows: number): NodeJS.WriteStream {
	const out = new PassThrough();
	out.resume();
	return Object.assign(out, {columns, rows, isTTY: true}) as unknown as NodeJS.WriteStream;
}

async function until(check: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** The JS heap and the ArrayBuffers outside it (each sample's values are a Float64Array). */
const heapMb = () => {
	gc();
	const usage = process.memoryUsage();
	return (usage.heapUsed + usage.arrayBuffers) / 1024 / 1024;
};

/**
 * `npm run bench -- fleet`: N hosts (default 32) stream the cpu shape (56k columns, -a) every
 * 2 s over real SSH on loopback (ssh2's Server, in a process of its own) into the real fleet
 * session and the fleet screen (Ink, 160×50, drawing into a terminal nobody reads). Measures
 * this process's CPU over 40 s, the heap each kept sample costs, and key press → frame.
 */
export const fleetTask: Task = async ([countArg]) => {
	const count = Number(countArg ?? 32);
	const home = mkdtempSync(join(tmpdir(), 'esxlat-bench-fleet-'));
	const key = parsableKeyPair();
	mkdirSync(join(home, '.ssh'), {mode: 0o700});
	writeFileSync(join(home, '.ssh', 'id_ed25519'), key.private, {mode: 0o600});
	const child = spawn(process.execPath, [hostsScript, String(count), String(intervalSeconds), key.public], {stdio: ['ignore', 'pipe', 'inherit']});
	try {
		const line = await new Promise<string>((resolve, reject) => {
			let text = '';
			child.stdout!.on('data', (chunk: Buffer) => {
				text += chunk.toString();
				if (text.includes('\n')) resolve(text.split('\n')[0]!);
			});
			child.on('exit', (code) => reject(new Error(`fleet-hosts exited (${code})`)));
		});
		const {hosts} = JSON.parse(line) as {hosts: Array<{port: number; hostKey: string}>};
		writeFileSync(join(home, '.ssh', 'known_hosts'), hosts.map((host) => `[127.0.0.1]:${host.port} ${host.hostKey}\n`).join(''));
		process.env.HOME = home;
		delete process.env.SSH_AUTH_SOCK;
		const {fleet} = fleetConnection(
			hosts.map((host) => `root@127.0.0.1:${host.port}`),
			{identity: [], passwordEnv: undefined, acceptNew: false, interval: intervalSeconds, all: true, count: undefined},
			{views: new Set(viewNames), historySamples: fourHours, notice: () => {}},
		);
		const connectStart = Date.now();
		void fleet.start();
		const samples = () => fleet.hosts.reduce((sum, host) => sum + (host.session.timeline?.length ?? 0), 0);
		await until(() => fleet.hosts.every((host) => (host.session.timeline?.length ?? 0) >= 2), `${count} hosts streaming`);
		const connectSeconds = (Date.now() - connectStart) / 1000;
		const source = new LiveFleet(fleet, home);
		const screen = render(React.createElement(FleetScreen, {source, thresholds: defaultThresholds, size: {columns: 160, rows: 50}}), {stdout: fakeTerminal(160, 50), stdin: new PassThrough() as unknown as NodeJS.ReadStream, exitOnCtrlC: false, patchConsole: false, maxFps: 20});
		await new Promise((resolve) => setTimeout(resolve, 3000));

		const heapBefore = heapMb();
		const samplesBefore = samples();
		const cpuBefore = process.cpuUsage();
		const wallBefore = process.hrtime.bigint();
		await new Promise((resolve) => setTimeout(resolve, measureSeconds * 1000));
		const cpu = process.cpuUsage(cpuBefore);
		const wallMs = Number(process.hrtime.bigint() - wallBefore) / 1e6;
		const samplesAfter = samples();
		const heapAfter = heapMb();
		screen.unmount();
		const perSampleKb = ((heapAfter - heapBefore) * 1024) / Math.max(1, samplesAfter - samplesBefore);
		const newest = fleet.hosts[0]!.session.timeline?.newest;
		const valuesKb = newest ? newest.values.byteLength / 1024 : 0;

		// Key press → frame on the fleet screen while every host keeps streaming.
		const {render: renderTest} = await import('ink-testing-library');
		const instance = renderTest(React.createElement(FleetScreen, {source, thresholds: defaultThresholds, size: {columns: 160, rows: 50}, repaintMs: 1000}));
		await until(() => (instance.lastFrame() ?? '').includes('hosts'), 'the first fleet frame');
		const keys = ['\u001B[B', '\u001B[B', '\u001B[A', 'l', '\u001B[B', 'l', 'o', 'o', '\r', '\u001B'];
		const times: number[] = [];
		const cpuTimes: number[] = [];
		for (let round = 0; round < 6; round++) {
			for (const key of keys) {
				const frames = instance.frames.length;
				const start = process.hrtime.bigint();
				const cpuStart = process.cpuUsage();
				instance.stdin.write(key);
				await until(() => instance.frames.length > frames, `the frame after ${JSON.stringify(key)}`, 10_000);
				times.push(Number(process.hrtime.bigint() - start) / 1e6);
				const used = process.cpuUsage(cpuStart);
				cpuTimes.push((used.user + used.system) / 1000);
				await new Promise((resolve) => setTimeout(resolve, 30));
			}
		}
		instance.unmount();
		times.sort((a, b) => a - b);
		cpuTimes.sort((a, b) => a - b);
		const live = fleet.counts().live;
		await source.close();
		const round1 = (value: number) => Math.round(value * 10) / 10;
		return {
			hosts: count,
			live,
			columns: fleet.hosts[0]!.session.timeline?.newest?.schema.fieldCount ?? 0,
			connectSeconds: round1(connectSeconds),
			samplesMeasured: samplesAfter - samplesBefore,
			cpuPercentOfCore: round1(((cpu.user + cpu.system) / 1000 / wallMs) * 100),
			heapKbPerSample: round1(perSampleKb),
			valuesKbPerSample: round1(valuesKb),
			heapMbAtEnd: round1(heapAfter),
			rssMbAtEnd: round1(process.memoryUsage().rss / 1024 / 1024),
			// From the measured heap growth per sample when it is above the floor of the values kept, else from that floor plus the sample object.
			extrapolationBasis: perSampleKb > valuesKb ? 'measured heap growth per sample' : 'values kept per sample + 0.2 KB (heap growth was within noise)',
			extrapolatedMbAt4h: Math.round(heapBefore + ((perSampleKb > valuesKb ? perSampleKb : valuesKb + 0.2) * count * fourHours) / 1024),
			keyMedianMs: round1(times[Math.floor(times.length / 2)]!),
			keyP95Ms: round1(times[Math.floor(times.length * 0.95)]!),
			keyMaxMs: round1(times.at(-1)!),
			// CPU this process spent from key to frame (the render, and whatever samples arrived meanwhile).
			keyCpuMedianMs: round1(cpuTimes[Math.floor(cpuTimes.length / 2)]!),
			loadAverage: round1(loadavg()[0]!),
		};
	} finally {
		child.kill('SIGKILL');
		rmSync(home, {recursive: true, force: true});
	}
};
