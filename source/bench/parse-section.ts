import {statSync} from 'node:fs';
import {ensureBigCapture} from './big-capture.js';
import {bestOf, measureCommand, measureTask} from './measure.js';
import type {Section} from './sections.js';

const mb = (bytes: number) => bytes / 1024 / 1024;

/** Parse throughput against `wc -l` (reading the bytes: the floor) and csv-parse. */
export const parseSection: Section = {
	title: 'parse: esxlat vs wc -l vs csv-parse on the same capture',
	async run() {
		const path = await ensureBigCapture((line) => console.log(line));
		const size = statSync(path).size;
		const wc = await measureCommand('wc', ['-l', path], 5);
		const esxlat = await bestOf(3, 'parse', [path]);
		console.log(`capture    ${path} (${mb(size).toFixed(0)} MB)`);
		console.log(`wc -l      ${wc.seconds.toFixed(3)} s   ${(mb(size) / wc.seconds).toFixed(0)} MB/s`);
		console.log(`esxlat     ${esxlat.seconds.toFixed(3)} s   ${(mb(size) / esxlat.seconds).toFixed(0)} MB/s   peak RSS ${esxlat.peakRssMb?.toFixed(0)} MB   (${esxlat.detail?.samples} samples)`);
		const csv = await measureTask('csv-parse', [path]);
		if (csv.detail?.samples !== esxlat.detail?.samples || csv.detail?.checksum !== esxlat.detail?.checksum) {
			throw new Error(`csv-parse and esxlat disagree: ${JSON.stringify(csv.detail)} vs ${JSON.stringify(esxlat.detail)}`);
		}
		console.log(`csv-parse  ${csv.seconds.toFixed(3)} s   ${(mb(size) / csv.seconds).toFixed(0)} MB/s   peak RSS ${csv.peakRssMb?.toFixed(0)} MB`);
		const repeat = await measureTask('parse-repeat', [path, '4']);
		console.log(`esxlat ×4  ${repeat.seconds.toFixed(3)} s   ${(mb(4 * size) / repeat.seconds).toFixed(0)} MB/s   peak RSS ${repeat.peakRssMb?.toFixed(0)} MB   (${mb(4 * size).toFixed(0)} MB as 4 concatenated captures through a stream: memory does not grow with size)`);
		console.log(`ratios     esxlat is ${(csv.seconds / esxlat.seconds).toFixed(1)}× csv-parse's throughput (target ≥ 10×); takes ${(esxlat.seconds / wc.seconds).toFixed(1)}× wc -l's time (target ≤ 5×)`);
	},
};
