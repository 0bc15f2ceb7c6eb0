import {emptyCaptureError, openCaptureStream} from '../parse/capture-stream.js';
import type {ViewName} from '../parse/storage-views.js';
import {sampleJson} from '../model/json.js';
import type {Thresholds} from '../model/thresholds.js';
import {LineWriter} from './output.js';
import {skipSummary} from './skip-summary.js';
import {displayText} from '../view/display-text.js';

/** `esxlat replay FILE --json`: one JSON object per sample per line on stdout. */
export async function replayJson(path: string, views: ReadonlySet<ViewName>, thresholds: Thresholds): Promise<void> {
	const capture = await openCaptureStream(path, views);
	const out = new LineWriter();
	try {
		for await (const events of capture.batches()) {
			let text = '';
			for (const event of events) if (event.kind === 'sample') text += `${sampleJson(event.sample, thresholds, views)}\n`;
			if (text) await out.write(text);
			if (out.isClosed) break;
		}
	} finally {
		await capture.close();
	}
	if (capture.stats.headers === 0 && !out.isClosed) throw emptyCaptureError(capture.name);
	process.stderr.write(`${displayText(skipSummary(capture.name, capture.stats))}\n`);
}
