/**
 * `npm run bench`: esxlat against its peers, side by side, on the same big capture.
 * Prints ratios against peers measured in the same run: these machines are noisy, so nothing here is a test.
 */
import {sections} from './sections.js';

// `npm run bench -- targets replay`: only the sections whose title starts with one of these words.
const only = process.argv.slice(2);
for (const section of sections.filter((s) => only.length === 0 || only.some((word) => s.title.startsWith(word)))) {
	process.stdout.write(`\n== ${section.title}\n`);
	await section.run();
}
