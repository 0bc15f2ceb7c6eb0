/**
 * `npm run bench`: esxlat against its peers, side by side, on the same big capture.
 * Prints ratios, not absolute targets: these machines are noisy, so nothing here is a test.
 */
import {sections} from './sections.js';

for (const section of sections) {
	process.stdout.write(`\n== ${section.title}\n`);
	await section.run();
}
