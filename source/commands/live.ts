import type {LiveSession} from '../live/session.js';
import {sampleJson} from '../model/json.js';
import type {Thresholds} from '../model/thresholds.js';
import type {ScreenOptions} from './screen.js';
import type {ViewName} from '../parse/storage-views.js';
import type {MetricsOptions} from '../export/exporter.js';
import {LineWriter} from './output.js';
import {heldNotices, startExporter, typedHost} from './metrics.js';
import {liveSession, type SessionFlags} from './live-session.js';
import {runUntilDone} from './until-done.js';
import {printNotice} from './notice.js';
import {UsageError} from './usage-error.js';

export interface LiveFlags extends SessionFlags {
	json: boolean;
	/** `--record [FILE]`: null when absent; `{path: null}` for the default name. */
	record: {path: string | null} | null;
	views: ReadonlySet<ViewName>;
	thresholds: Thresholds;
	/** `--history N`: samples kept for time travel (default: four hours at 5 s, fewer on very wide hosts). */
	history: number | undefined;
	/** The config file's layout and W, for the screen; `--min-io` for its verdicts. */
	screen?: ScreenOptions;
	/** `--metrics [ADDR]`: serve /metrics while the session runs; null without. */
	metrics: MetricsOptions | null;
}

/** `esxlat live HOST`: esxtop streamed over SSH, shown live (or as NDJSON with --json). */
export async function live(destination: string, flags: LiveFlags): Promise<void> {
	if (flags.history !== undefined && !(Number.isInteger(flags.history) && flags.history >= 2)) {
		throw new UsageError('--history must be a whole number of samples, 2 or more');
	}
	const session = liveSession(destination, flags, {views: flags.views, ...(flags.history === undefined ? {} : {historySamples: flags.history})});
	const notices = heldNotices();
	const exporter = await startExporter(flags.metrics, flags.json ? undefined : notices.notice);
	exporter?.track(session, typedHost(destination));
	try {
		await (flags.json ? liveJson(session, flags) : liveScreen(session, flags));
	} finally {
		await exporter?.close();
		notices.flush();
	}
}

async function liveJson(session: LiveSession, flags: LiveFlags): Promise<void> {
	const out = new LineWriter();
	session.subscribe((event) => {
		if (event.kind === 'sample') {
			void out.write(`${sampleJson(event.sample, flags.thresholds, flags.views)}\n`);
			if (out.isClosed) void session.close(); // `| head`: stop esxtop on the host too
		} else if (event.kind === 'status' && event.status.state === 'reconnecting') {
			printNotice(`${session.label}: ${event.text}`);
		} else if (event.kind === 'recording' && event.recording?.error) {
			printNotice(event.recording.error);
		}
	});
	if (flags.record) {
		const recording = session.startRecording(flags.record.path ?? undefined);
		printNotice(`recording to ${recording.path}`);
	}
	await runUntilDone(session);
}

/**
 * The monitor screen over the session. It connects first, so host-key questions and password
 * prompts are answered on the plain terminal before the screen takes it over.
 */
async function liveScreen(session: LiveSession, flags: LiveFlags): Promise<void> {
	if (!process.stdout.isTTY || !process.stdin.isTTY) {
		throw new UsageError('the live screen needs a terminal: use --json to write samples to a pipe, or esxlat record');
	}
	try {
		await session.start();
	} catch (error) {
		await session.close();
		throw error;
	}
	if (flags.record) session.startRecording(flags.record.path ?? undefined);
	// The screen's modules (Ink, React, yoga) load only when the screen is shown, not for --json.
	const [{showScreen}, {LiveFeed}] = await Promise.all([import('./screen.js'), import('../live/live-feed.js')]);
	await showScreen(new LiveFeed(session), flags.thresholds, process.stdin, flags.screen);
}
