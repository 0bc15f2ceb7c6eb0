import {statSync} from 'node:fs';
import {ensureBigCapture} from './captures.js';
import {bestOf, measureTask} from './measure.js';
import type {Section} from './sections.js';

const mb = (bytes: number) => bytes / 1024 / 1024;

/** The parser against csv-parse (what a Node developer would reach for), and memory over a long stream. */
export const parseSection: Section = {
	title: 'parse: esxlat vs csv-parse on the cpu capture; 4 concatenated copies through a stream',
	async run() {
		const path = await ensureBigCapture((line) => console.log(line));
		const size = statSync(path).size;
		const esxlat = await bestOf(3, 'parse', [path]);
		console.log(`  esxlat     ${esxlat.seconds.toFixed(3)} s   ${(mb(size) / esxlat.seconds).toFixed(0)} MB/s   peak RSS ${esxlat.peakRssMb?.toFixed(0)} MB   (${esxlat.detail?.samples} samples)`);
		const csv = await measureTask('csv-parse', [path]);
		if (csv.detail?.samples !== esxlat.detail?.samples || csv.detail?.checksum !== esxlat.detail?.checksum) {
			throw new Error(`csv-parse and esxlat disagree: ${JSON.stringify(csv.detail)} vs ${JSON.stringify(esxlat.detail)}`);
		}
		console.log(`  csv-parse  ${csv.seconds.toFixed(3)} s   ${(mb(size) / csv.seconds).toFixed(0)} MB/s   peak RSS ${csv.peakRssMb?.toFixed(0)} MB   (esxlat: ${(csv.seconds / esxlat.seconds).toFixed(0)}× its throughput)`);
		const repeat = await measureTask('parse-repeat', [path, '4']);
		console.log(`  esxlat ×4  ${repeat.seconds.toFixed(3)} s   ${(mb(4 * size) / repeat.seconds).toFixed(0)} MB/s   peak RSS ${repeat.peakRssMb?.toFixed(0)} MB   (${mb(4 * size).toFixed(0)} MB as 4 concatenated captures through a stream: memory does not grow with size)`);
	},
};
