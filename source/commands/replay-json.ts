import {openCapture} from '../input/open-capture.js';
import {CaptureParser} from '../parse/capture-parser.js';
import {readCapture} from '../parse/read-capture.js';
import type {ViewName} from '../parse/storage-views.js';
import {sampleJson} from '../model/json.js';
import type {Thresholds} from '../model/thresholds.js';
import {LineWriter} from './output.js';
import {skipSummary} from './skip-summary.js';

/** `esxlat replay FILE --json`: one JSON object per sample per line on stdout. */
export async function replayJson(path: string, views: ReadonlySet<ViewName>, thresholds: Thresholds): Promise<void> {
	const source = await openCapture(path);
	const parser = new CaptureParser({views});
	const out = new LineWriter();
	try {
		for await (const events of readCapture(source, parser)) {
			let text = '';
			for (const event of events) if (event.kind === 'sample') text += `${sampleJson(event.sample, thresholds, views)}\n`;
			if (text) await out.write(text);
			if (out.isClosed) break;
		}
	} finally {
		await source.close();
	}
	process.stderr.write(`${skipSummary(source.name, parser.stats)}\n`);
}
