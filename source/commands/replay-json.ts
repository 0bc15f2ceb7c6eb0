import {emptyCaptureError, openCaptureStream} from '../parse/capture-stream.js';
import {type ViewName, viewNames} from '../parse/storage-views.js';
import {CaptureFormatError} from '../parse/errors.js';
import {sampleJson} from '../model/json.js';
import type {Thresholds} from '../model/thresholds.js';
import {LineWriter} from './output.js';
import {skipSummary} from './skip-summary.js';
import {displayText} from '../view/display-text.js';

/** `esxlat replay FILE --json`: one JSON object per sample per line on stdout. */
export async function replayJson(path: string, views: ReadonlySet<ViewName>, thresholds: Thresholds): Promise<void> {
	const capture = await openCaptureStream(path, views, {recycleValues: true});
	const out = new LineWriter();
	let storage = false;
	try {
		for await (const events of capture.batches()) {
			let text = '';
			for (const event of events) {
				if (event.kind !== 'sample') continue;
				storage ||= event.sample.schema.entities.length > 0;
				text += `${sampleJson(event.sample, thresholds, views)}\n`;
			}
			if (text) await out.write(text);
			if (out.isClosed) break;
		}
	} finally {
		await capture.close();
	}
	if (capture.stats.headers === 0 && !out.isClosed) throw emptyCaptureError(capture.name);
	// One line on stderr: this error, or the summary below (not both). As report does: a capture without the disk panels is not silently "all healthy".
	if (!storage && capture.stats.samples > 0 && !out.isClosed) {
		const which = views.size === viewNames.length ? '(no Physical Disk or Virtual Disk groups)' : `for --view ${[...views].join(',')}`;
		throw new CaptureFormatError(`${capture.name}: no storage counters ${which} in this capture: every row is empty`);
	}
	process.stderr.write(`${displayText(skipSummary(capture.name, capture.stats))}\n`);
}
