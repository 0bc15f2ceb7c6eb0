/**
 * One benchmark task per process (see measure.ts). Prints a JSON Measurement line.
 * Tasks register in tasks.ts; each gets the remaining argv.
 */
import {loadTask, taskNames} from './tasks.js';

const [name, ...args] = process.argv.slice(2);
const run = name ? await loadTask(name) : undefined;
if (!run) {
	process.stderr.write(`unknown bench task ${name ?? '(none)'}; tasks: ${taskNames.join(', ')}\n`);
	process.exit(2);
}
const start = process.hrtime.bigint();
const detail = await run(args);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
// maxRSS is in KiB on Linux.
const usage = process.resourceUsage();
process.stdout.write(`${JSON.stringify({seconds, peakRssMb: usage.maxRSS / 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, detail})}\n`);
