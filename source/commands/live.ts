import {sampleJson} from '../model/json.js';
import type {Thresholds} from '../model/thresholds.js';
import type {ViewName} from '../parse/storage-views.js';
import {LineWriter} from './output.js';
import {liveSession, type SessionFlags} from './live-session.js';
import {runUntilDone} from './until-done.js';
import {UsageError} from './usage-error.js';

export interface LiveFlags extends SessionFlags {
	json: boolean;
	/** `--record [FILE]`: null when absent; `{path: null}` for the default name. */
	record: {path: string | null} | null;
	views: ReadonlySet<ViewName>;
	thresholds: Thresholds;
}

/** `esxlat live HOST`: esxtop streamed over SSH, shown live (or as NDJSON with --json). */
export async function live(destination: string, flags: LiveFlags): Promise<void> {
	const session = liveSession(destination, flags, {views: flags.views});
	// The monitor screen plugs in here: render <App feed={new LiveFeed(session)}> (live/live-feed.ts;
	// its toggleRecording() is the R key) once `session.start()` resolved, so prompts come first.
	if (!flags.json) throw new UsageError('the live screen needs the monitor screen; use --json or record');
	const out = new LineWriter();
	session.subscribe((event) => {
		if (event.kind === 'sample') {
			void out.write(`${sampleJson(event.sample, flags.thresholds, flags.views)}\n`);
			if (out.isClosed) void session.close(); // `| head`: stop esxtop on the host too
		} else if (event.kind === 'status' && event.status.state === 'reconnecting') {
			process.stderr.write(`esxlat: ${session.label}: ${event.text}\n`);
		} else if (event.kind === 'recording' && event.recording?.error) {
			process.stderr.write(`esxlat: ${event.recording.error}\n`);
		}
	});
	if (flags.record) {
		const recording = session.startRecording(flags.record.path ?? undefined);
		process.stderr.write(`esxlat: recording to ${recording.path}\n`);
	}
	await runUntilDone(session);
}
