import type {EsxtopCommand, EsxtopStream, StreamEnd} from '../../source/input/ssh/esxtop-stream.js';
import {SshError} from '../../source/input/ssh/ssh-error.js';
import {CaptureWriter} from '../../source/generate/capture-writer.js';
import {scenarioSpec} from '../../source/generate/scenarios.js';
import {type LiveEvent, LiveSession, type LiveSessionOptions} from '../../source/live/session.js';
import {viewNames} from '../../source/parse/storage-views.js';

/** One esxtop run the test drives by hand: what it prints, how it ends. */
export class ScriptedRun {
	closed = false;
	private finish!: (end: StreamEnd) => void;
	readonly stream: EsxtopStream;

	constructor(
		readonly command: EsxtopCommand,
		private readonly onData: (chunk: Buffer) => void,
	) {
		const ended = new Promise<StreamEnd>((resolve) => {
			this.finish = resolve;
		});
		this.stream = {
			ended,
			close: () => {
				this.closed = true;
				this.finish({kind: 'dropped', reason: 'closed by esxlat'});
			},
		};
	}

	print(text: string): void {
		this.onData(Buffer.from(text));
	}

	exit(code: number, stderr = ''): void {
		this.finish({kind: 'exit', code, signal: null, stderr});
	}

	drop(reason = 'connection lost'): void {
		this.finish({kind: 'dropped', reason});
	}
}

/** A host whose esxtop runs are scripted: each connection runs the next step. */
export function scriptedHost(steps: Array<(run: ScriptedRun) => void | Promise<void>>) {
	const runs: ScriptedRun[] = [];
	const openStream: LiveSessionOptions['openStream'] = async (command, onData) => {
		const step = steps.shift();
		if (!step) throw new SshError('no more scripted connections', 'unreachable');
		const run = new ScriptedRun(command, onData);
		runs.push(run);
		setImmediate(() => void step(run)); // after the session got its stream, as on a network
		return run.stream;
	};
	return {openStream, runs};
}

/** A small capture, one row per second of sample time. */
export const capture = (devices = 2) => new CaptureWriter({spec: scenarioSpec('healthy', 50, {devices, vms: 1, nfs: 0}), interval: 1});

/** A session over scripted runs that reconnects at once; `events` collects what it says. */
export function session(openStream: LiveSessionOptions['openStream'], options: Partial<LiveSessionOptions> = {}) {
	const events: LiveEvent[] = [];
	const live = new LiveSession({
		label: 'root@esx01',
		openStream,
		interval: 0.05,
		all: false,
		count: null,
		views: new Set(viewNames),
		defaultRecordingPath: () => 'unused.csv',
		reconnectDelay: () => 0,
		...options,
	});
	live.subscribe((event) => events.push(event));
	return {live, events, statuses: () => events.filter((event) => event.kind === 'status').map((event) => (event as {text: string}).text)};
}
