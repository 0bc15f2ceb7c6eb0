import {RecordingError, type RecordingState} from '../live/recorder.js';
import type {LiveSession} from '../live/session.js';
import {viewNames} from '../parse/storage-views.js';
import {formatBytes} from '../parse/capture-parser.js';
import type {MetricsOptions} from '../export/exporter.js';
import {liveSession, type SessionFlags} from './live-session.js';
import {startExporter, typedHost} from './metrics.js';
import {runUntilDone} from './until-done.js';
import {printNotice} from './notice.js';
import {displayText} from '../view/display-text.js';

export interface RecordFlags extends SessionFlags {
	/** -o FILE; default HOST-YYYYmmdd-HHMMSS.csv */
	output: string | undefined;
	/** `--metrics [ADDR]`: serve /metrics while recording; null without. */
	metrics: MetricsOptions | null;
}

/**
 * `esxlat record HOST`: headless capture to a file. A progress line on stderr when it is a
 * terminal; ends after --count samples or on Ctrl-C with the file complete.
 */
export async function record(destination: string, flags: RecordFlags): Promise<void> {
	// Nothing is shown, so no history is kept.
	const session = liveSession(destination, flags, {views: new Set(viewNames), historySamples: 2});
	const exporter = await startExporter(flags.metrics);
	exporter?.track(session, typedHost(destination));
	try {
		await recordSession(session, flags);
	} finally {
		await exporter?.close();
	}
}

async function recordSession(session: LiveSession, flags: RecordFlags): Promise<void> {
	const progress = new ProgressLine(process.stderr.isTTY === true);
	let failure: RecordingError | null = null;
	let announced = false;
	session.subscribe((event) => {
		if (event.kind === 'status' && event.status.state === 'streaming' && !announced) {
			announced = true;
			progress.note(`recording ${session.label} to ${session.recording!.path}${progress.enabled ? ' (Ctrl-C ends it)' : ''}`);
		} else if (event.kind === 'sample') progress.show(progressText(session.recording!, flags.count));
		else if (event.kind === 'status' && event.status.state === 'reconnecting') progress.note(`${session.label}: ${event.text}`);
		else if (event.kind === 'recording' && event.recording?.error) {
			failure = new RecordingError(event.recording.error);
			void session.close();
		}
	});
	const started = session.startRecording(flags.output);
	let state: RecordingState = started;
	try {
		await runUntilDone(session);
	} finally {
		state = session.recording ?? state;
		progress.clear();
	}
	if (failure) throw failure;
	if (state.bytes === 0) return progress.note(`nothing recorded from ${session.label}`);
	const files = state.files.join(', ');
	progress.note(`recorded ${state.rows} ${state.rows === 1 ? 'sample' : 'samples'} from ${session.label} to ${files}`);
}

function progressText(state: RecordingState, count: number | undefined): string {
	const of = count === undefined ? '' : ` of ${count}`;
	return `recording to ${state.path}: ${state.rows}${of} samples, ${formatBytes(state.bytes)}`;
}

/** One line on a terminal, rewritten in place; silent when stderr is not a terminal. */
class ProgressLine {
	private shown = false;
	constructor(readonly enabled: boolean) {}

	show(text: string): void {
		if (!this.enabled) return;
		process.stderr.write(`\r\u001B[2K${displayText(text)}`);
		this.shown = true;
	}

	/** A message of its own line, above the progress line. */
	note(text: string): void {
		this.clear();
		printNotice(text);
	}

	clear(): void {
		if (this.shown) process.stderr.write('\r\u001B[2K');
		this.shown = false;
	}
}
