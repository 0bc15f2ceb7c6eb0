import {measureTask} from './measure.js';
import type {Section} from './sections.js';

/** The fleet: 32 hosts × 56k columns every 2 s over loopback SSH into the fleet screen. */
export const fleetSection: Section = {
	title: 'fleet: 32 hosts streaming wide -a captures over SSH',
	async run() {
		const log = (line: string) => process.stdout.write(`  ${line}\n`);
		const m = await measureTask('fleet', [process.env.ESXLAT_BENCH_FLEET_HOSTS ?? '32']);
		const d = m.detail ?? {};
		log(`${d.live} of ${d.hosts} hosts live, ${d.columns} columns each, every 2 s (connected in ${d.connectSeconds} s); load average ${d.loadAverage} on this machine`);
		log(`esxlat CPU: ${d.cpuPercentOfCore}% of one core on average over 40 s (${d.samplesMeasured} samples: SSH decryption, parsing, history, the fleet screen at 160×50)`);
		log(`memory: ${d.heapKbPerSample} KB of heap and array buffers per kept sample (its values alone ${d.valuesKbPerSample} KB); heap ${d.heapMbAtEnd} MB, RSS ${d.rssMbAtEnd} MB at the end; peak RSS ${Math.round(m.peakRssMb ?? 0)} MB`);
		log(`32 hosts × 4 h at 2 s (--history 7200): about ${d.extrapolatedMbAt4h} MB of heap, extrapolated from ${d.extrapolationBasis}`);
		log(`fleet screen key press → frame: median ${d.keyMedianMs} ms, p95 ${d.keyP95Ms} ms, max ${d.keyMaxMs} ms wall clock (target < 50 ms); median CPU from key to frame ${d.keyCpuMedianMs} ms`);
		// The peer in the same run: the one-host monitor screen (2,000 devices) on the same machine at the same load.
		const peer = (await measureTask('screen-keypress', [])).detail ?? {};
		log(`the one-host monitor screen's key press in this run, for scale: median ${peer.medianMs} ms, p95 ${peer.p95Ms} ms (fleet/one-host median: ${Math.round((Number(d.keyMedianMs) / Number(peer.medianMs)) * 100) / 100}×)`);
	},
};
