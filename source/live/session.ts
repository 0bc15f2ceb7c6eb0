import {describeEarlyExit, type EsxtopCommand, type EsxtopStream, type StreamEnd} from '../input/ssh/esxtop-stream.js';
import {SshError} from '../input/ssh/ssh-error.js';
import {CaptureParser, type ParseEvent, type Sample} from '../parse/capture-parser.js';
import {CaptureFormatError} from '../parse/errors.js';
import type {ViewName} from '../parse/storage-views.js';
import {historyCapacity} from '../model/ring-buffer.js';
import {Timeline} from '../model/timeline.js';
import {reconnectDelay} from './backoff.js';
import {isWarmupRow} from '../model/rows.js';
import {Recorder, type RecordingState} from './recorder.js';
import {describeStatus, type LiveStatus} from './status.js';

export interface LiveSessionOptions {
	/** `user@host`, for messages. */
	label: string;
	/** Connects (when needed) and starts esxtop; its stdout goes to `onData` as it arrives. */
	openStream: (command: EsxtopCommand, onData: (chunk: Buffer) => void) => Promise<EsxtopStream>;
	/** Seconds between samples (esxtop -d). */
	interval: number;
	/** esxtop -a */
	all: boolean;
	/** Ends the session after this many samples (record --count); null: until closed. */
	count: number | null;
	views: ReadonlySet<ViewName>;
	/** The file `startRecording()` uses when given none (HOST-YYYYmmdd-HHMMSS.csv). */
	defaultRecordingPath: () => string;
	/** Samples the history keeps (default: as many as fit the history memory budget). */
	historySamples?: number;
	/** The wait before reconnect attempt n (default: 1 s doubling to 30 s, with jitter). */
	reconnectDelay?: (attempt: number) => number;
	/**
	 * Retry a host that cannot be reached at the start too (a fleet: one host down for maintenance
	 * shows RECONNECTING with the reason in its row). Default: such a failure ends the session,
	 * so a typo in the one host name is an error, not an endless retry.
	 */
	retryUnreachableStart?: boolean;
}

export type LiveEvent =
	| {kind: 'sample'; sample: Sample}
	| {kind: 'status'; status: LiveStatus; text: string}
	| {kind: 'recording'; recording: RecordingState | null};

/** esxtop refuses delays under 2 s, whatever it was asked. */
const esxtopMinimumSeconds = 2;
/** How long esxtop may take to connect and send its header (it is slow on big hosts). */
const startupMs = 30_000;

/**
 * A live esxtop feed from one host that stays up: a dropped connection, a stall (no complete
 * row within 3 intervals) or schema drift (a row whose cell count differs from the header, so
 * esxtop is restarted for a fresh header) reconnects with backoff, marking the gap in the
 * timeline. Samples go to the timeline (which the screen can freeze and step through), to the
 * recording, and to subscribers.
 *
 *   await session.start()      first connection: prompts, host key, auth; rejects on failure
 *   session.subscribe(fn)      sample / status / recording events
 *   session.timeline           history with gap markers and a time-travel cursor
 *   session.startRecording()   and stopRecording(): the screen's R key
 *   await session.close()      ends esxtop on the host and finishes the recording
 *   await session.done         settles when the session ends (count reached, closed, fatal error)
 */
export class LiveSession {
	status: LiveStatus = {state: 'connecting', attempt: 1};
	/** Settles when the session is over; rejects with the error that ended it. */
	readonly done: Promise<void>;
	private readonly listeners = new Set<(event: LiveEvent) => void>();
	private timelineValue: Timeline | null = null;
	private recorder: Recorder | null = null;
	private headerRaw: Uint8Array | null = null;
	private stream: EsxtopStream | null = null;
	private samples = 0;
	private lastSample: Sample | null = null;
	private closing = false;
	private started = false;
	private startWaiters: {resolve: () => void; reject: (error: unknown) => void} | null = null;
	private wake: (() => void) | null = null;
	/** Per stream: why esxlat ended it (stall, drift, count), and its timing. */
	private endReason: string | null = null;
	private fatal: Error | null = null;
	private headerSeen = false;
	private stallTimer: NodeJS.Timeout | undefined;
	private lastRowAt: number | null = null;
	private observedGapMs: number | null = null;
	private runStarted = false;
	private resolveDone!: () => void;
	private rejectDone!: (error: unknown) => void;

	constructor(private readonly options: LiveSessionOptions) {
		this.done = new Promise<void>((resolve, reject) => {
			this.resolveDone = resolve;
			this.rejectDone = reject;
		});
		this.done.catch(() => {}); // observed through start() or by whoever awaits done
	}

	/** `user@host[:port]` */
	get label(): string {
		return this.options.label;
	}

	/** The history; null until the first header arrived (start() resolves after it). */
	get timeline(): Timeline | null {
		return this.timelineValue;
	}

	get recording(): RecordingState | null {
		return this.recorder?.state ?? null;
	}

	/** Samples received over the session, warm-up rows included. */
	get sampleCount(): number {
		return this.samples;
	}

	subscribe(listener: (event: LiveEvent) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/**
	 * Connects and starts esxtop; resolves once its header arrived. Any failure here rejects
	 * (a typo in the host name should not become an endless retry); later ones reconnect.
	 */
	start(): Promise<void> {
		if (this.runStarted) throw new Error('LiveSession.start() called twice');
		this.runStarted = true;
		const started = new Promise<void>((resolve, reject) => {
			this.startWaiters = {resolve, reject};
		});
		this.run().then(
			() => this.resolveDone(),
			(error: unknown) => {
				this.setStatus({state: 'failed', message: error instanceof Error ? error.message : String(error)});
				this.startWaiters?.reject(error);
				this.startWaiters = null;
				this.rejectDone(error);
			},
		);
		return started;
	}

	/** Starts recording to `path` (default HOST-YYYYmmdd-HHMMSS.csv); throws RecordingError. */
	startRecording(path?: string): RecordingState {
		if (this.recorder && !this.recorder.state.error) return this.recorder.state;
		const recorder = new Recorder(path ?? this.options.defaultRecordingPath(), (state) => this.emit({kind: 'recording', recording: state}));
		void this.recorder?.close();
		this.recorder = recorder;
		if (this.headerRaw) recorder.writeHeader(this.headerRaw);
		this.emit({kind: 'recording', recording: recorder.state});
		return recorder.state;
	}

	/** Stops recording; the file is complete when this resolves. */
	async stopRecording(): Promise<RecordingState | null> {
		const recorder = this.recorder;
		if (!recorder) return null;
		this.recorder = null;
		await recorder.close();
		this.emit({kind: 'recording', recording: null});
		return recorder.state;
	}

	/** Ends the session: esxtop on the host stops, the recording is finished. */
	async close(): Promise<void> {
		this.closing = true;
		this.startWaiters?.resolve(); // closed before it started: nothing to wait for
		this.startWaiters = null;
		this.stream?.close();
		this.wake?.();
		if (this.runStarted) await this.done.catch(() => {});
		await this.recorder?.close();
	}

	private async run(): Promise<void> {
		let attempt = 0;
		let reason = 'closed';
		while (!this.closing && !this.countReached()) {
			const rowsBefore = this.samples;
			reason = await this.streamOnce();
			if (this.closing || this.countReached()) break;
			if (this.samples > rowsBefore) attempt = 0; // it worked for a while: back to short waits
			attempt++;
			this.timelineValue?.markGap(reason, this.lastSample?.time);
			const delay = (this.options.reconnectDelay ?? reconnectDelay)(attempt);
			this.setStatus({state: 'reconnecting', attempt, retryAt: Date.now() + delay, reason});
			await this.sleep(delay);
			if (!this.closing) this.setStatus({state: 'connecting', attempt: attempt + 1});
		}
		if (this.countReached()) reason = `${this.samples} samples recorded`;
		this.setStatus({state: 'ended', reason: this.closing ? 'closed' : reason});
	}

	/** One connection: streams until it ends, and says why. Throws what must end the session. */
	private async streamOnce(): Promise<string> {
		const parser = new CaptureParser({views: this.options.views, keepRaw: true});
		this.endReason = null;
		this.fatal = null;
		this.headerSeen = false;
		this.lastRowAt = null;
		this.observedGapMs = null;
		let stream: EsxtopStream;
		try {
			stream = await this.options.openStream(this.command(), (chunk) => this.onData(parser, chunk));
		} catch (error) {
			if ((this.started || this.options.retryUnreachableStart) && error instanceof SshError && error.retryable) return error.message;
			throw error;
		}
		this.stream = stream;
		if (this.closing) stream.close();
		this.armStallTimer(startupMs);
		const end = await stream.ended;
		clearTimeout(this.stallTimer);
		this.stream = null;
		if (this.fatal) throw this.fatal;
		if (this.closing || this.endReason) return this.endReason ?? 'closed';
		if (!this.headerSeen) {
			if (end.kind === 'exit') throw describeEarlyExit(end, this.options.label);
			if (!this.started && !this.options.retryUnreachableStart) throw new SshError(`${this.options.label}: ${end.reason} before esxtop sent anything`, 'unreachable');
		}
		return describeEnd(end);
	}

	private onData(parser: CaptureParser, chunk: Buffer): void {
		if (this.endReason || this.fatal) return; // being restarted: the rest is not read
		let events: ParseEvent[];
		try {
			events = parser.feed(chunk);
		} catch (error) {
			if (!(error instanceof CaptureFormatError)) throw error;
			this.fatal = new SshError(`${this.options.label}: esxtop's output is not a batch capture (${error.message})`, 'remote');
			this.stream?.close();
			return;
		}
		for (const event of events) {
			if (event.kind === 'header') this.onHeader(event.raw!, event.schema.columns.length);
			else if (event.kind === 'sample') this.onSample(event.sample);
			else if (event.reason === 'drift') this.restart(`schema drift (${event.detail}): restarting esxtop for a fresh header`);
			if (this.endReason) return;
		}
	}

	private onHeader(raw: Uint8Array, valuesPerSample: number): void {
		this.headerSeen = true;
		this.headerRaw = raw;
		this.timelineValue ??= new Timeline(this.options.historySamples ?? historyCapacity(valuesPerSample));
		this.recorder?.writeHeader(raw);
		this.setStatus({state: 'streaming', since: Date.now()});
		if (!this.started) {
			this.started = true;
			this.startWaiters?.resolve();
			this.startWaiters = null;
		}
	}

	private onSample(sample: Sample): void {
		const now = Date.now();
		if (this.lastRowAt !== null) this.observedGapMs = now - this.lastRowAt;
		this.lastRowAt = now;
		// A reconnected esxtop's warm-up row carries no data (and is not recorded): not a sample for --count.
		const warmup = isWarmupRow(sample);
		if (!warmup || this.samples === 0) this.samples++;
		this.lastSample = sample;
		if (sample.rewound) this.timelineValue!.markGap('the host clock went back', this.lastSample.time);
		this.timelineValue!.push(sample);
		this.recorder?.writeRow(sample.raw!, warmup);
		delete sample.raw; // the history keeps values, not a second copy of the bytes
		this.emit({kind: 'sample', sample});
		if (this.countReached()) {
			this.endReason = 'count reached';
			this.stream?.close();
			return;
		}
		this.armStallTimer(this.stallAfterMs());
	}

	/** 3 intervals, measured between rows once two arrived (esxtop may round the interval up). */
	private stallAfterMs(): number {
		const asked = this.options.interval * 1000;
		const expected = this.observedGapMs ?? Math.max(asked, esxtopMinimumSeconds * 1000);
		return 3 * Math.max(asked, expected);
	}

	private armStallTimer(ms: number): void {
		clearTimeout(this.stallTimer);
		this.stallTimer = setTimeout(() => this.restart(`stalled: no complete row for ${Math.round(ms / 100) / 10} s`), ms);
	}

	private restart(reason: string): void {
		if (this.endReason) return;
		this.endReason = reason;
		this.stream?.close();
	}

	private command(): EsxtopCommand {
		// After a reconnect esxtop starts with a warm-up row, which does not count: ask for one more.
		const count = this.options.count === null ? null : this.options.count - this.samples + (this.samples > 0 ? 1 : 0);
		return {interval: this.options.interval, all: this.options.all, count};
	}

	private countReached(): boolean {
		return this.options.count !== null && this.samples >= this.options.count;
	}

	private sleep(ms: number): Promise<void> {
		return new Promise<void>((resolve) => {
			const timer = setTimeout(done, ms);
			function done() {
				clearTimeout(timer);
				resolve();
			}
			this.wake = done;
		}).finally(() => {
			this.wake = null;
		});
	}

	private setStatus(status: LiveStatus): void {
		this.status = status;
		this.emit({kind: 'status', status, text: describeStatus(status)});
	}

	private emit(event: LiveEvent): void {
		for (const listener of this.listeners) listener(event);
	}
}

function describeEnd(end: StreamEnd): string {
	if (end.kind === 'dropped') return end.reason;
	const status = end.code !== null ? `exit status ${end.code}` : `signal ${end.signal ?? 'unknown'}`;
	const said = end.stderr.split('\n').find((line) => line.trim() !== '');
	return `esxtop ended (${status})${said ? `: ${said.trim()}` : ''}`;
}
