/**
 * Preloaded into a measured command (`node --import dist/bench/peak-rss.js dist/cli.js …`): prints
 * the process's peak RSS and CPU time as the last line on stderr when it exits, so a section can measure the
 * real CLI, with only the modules the command itself loads.
 */
import {writeSync} from 'node:fs';

process.on('exit', () => {
	// maxRSS is in KiB on Linux.
	const usage = process.resourceUsage();
	writeSync(2, `\n${JSON.stringify({peakRssMb: usage.maxRSS / 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6})}\n`);
});
