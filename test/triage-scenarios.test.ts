import assert from 'node:assert/strict';
import {test} from 'node:test';
import {buildReport} from '../source/commands/report.js';
import {buildHostSpec, naaId} from '../source/generate/host-spec.js';
import {type ScenarioName, scenarioSpec} from '../source/generate/scenarios.js';
import {defaultThresholds} from '../source/model/thresholds.js';
import type {Culprit, EntitySummary, Report} from '../source/triage/report/types.js';
import {sampleTime, writeCapture} from './helpers/report-captures.js';

// Generated hosts (source/generate/scenarios.ts): 6 SAN LUNs over vmhba2/vmhba3 (LUN d is
// naaId(d), on vmhba2 when d is even), a local mpx. boot disk, 160 samples 5 s apart, the
// scenario's episodes over its middle half (samples 40–120) unless said otherwise.
const samples = 160;

async function scenario(name: ScenarioName): Promise<Report> {
	return buildReport(writeCapture(`${name}.csv`, scenarioSpec(name, samples), samples), defaultThresholds, null, 10);
}

const entity = (report: Report, view: EntitySummary['view'], id: string) => report.entities.find((e) => e.view === view && e.id === id)!;
const titles = (report: Report) => report.culprits.map((c) => `${c.cause}: ${c.title}`).join('\n');

/** The culprit's worst episode lies within samples [from, to). */
function assertWithin(culprit: Culprit, from: number, to: number): void {
	assert.ok(culprit.from >= sampleTime(from) && culprit.to < sampleTime(to), `${new Date(culprit.from).toISOString()}–${new Date(culprit.to).toISOString()} within samples ${from}–${to}`);
}

test('healthy hosts are called healthy, DAVG at 12–18 ms everywhere included', async () => {
	for (const name of ['healthy', 'busy-healthy'] as const) {
		const report = await scenario(name);
		assert.equal(report.healthy, true, `${name}: ${titles(report)}`);
		assert.deepEqual(report.culprits, []);
		assert.deepEqual(report.lowIo, []);
	}
	const busy = await scenario('busy-healthy');
	assert.ok(entity(busy, 'device', naaId(0)).latency.davg!.p50! >= 12, 'the LUNs really run at 12 ms and more');
});

test('low I/O: a LUN at 0.3 commands/s and 95 ms is no culprit and is listed as too little I/O; the 800 IOPS LUN at 28 ms is the culprit', async () => {
	const report = await scenario('low-io');
	const [culprit, ...rest] = report.culprits;
	assert.equal(culprit!.id, naaId(1), titles(report));
	assert.deepEqual([culprit!.view, culprit!.bottleneck, culprit!.cause], ['device', 'storage', 'lun']);
	assertWithin(culprit!, 48, 112);
	assert.equal(rest.length, 0, titles(report));
	assert.ok(!report.culprits.some((c) => c.members.some((m) => m.id === naaId(0))), 'not folded in anywhere either');
	const quiet = report.lowIo.find((l) => l.id === naaId(0))!;
	assert.ok(quiet.samples > 50);
	assert.match(quiet.why, /^too little I\/O to judge: 0\.3 commands\/s on average \(under 5\)/);
	assert.ok(entity(report, 'device', naaId(0)).latency.davg!.max! >= 60, 'its latency really is high');
	assert.ok(culprit!.lost > 0 && culprit!.lost === entity(report, 'device', naaId(1)).lost, 'ranked by guest waiting lost');
});

test('multipath: round-robin over 4 paths on 2 adapters is linked; slow through vmhba2 only → that path/HBA, both sides named', async () => {
	const report = await scenario('multipath');
	const lun = entity(report, 'device', naaId(0));
	assert.deepEqual(lun.paths!.map((p) => p.id), ['vmhba2:C0:T0:L0', 'vmhba2:C0:T1:L0', 'vmhba3:C0:T0:L0', 'vmhba3:C0:T1:L0']);
	assert.ok(lun.paths!.every((p) => p.basis.includes('header-order') && p.basis.includes('commands')), JSON.stringify(lun.paths));
	assert.deepEqual(lun.adapters, ['vmhba2', 'vmhba3']);
	const [culprit] = report.culprits;
	assert.deepEqual([culprit!.id, culprit!.bottleneck, culprit!.cause], [naaId(0), 'storage', 'path'], titles(report));
	assert.match(culprit!.title, /^path\/HBA: .* slow through vmhba2/);
	assert.match(culprit!.next, /^The paths through vmhba2 are slow \(vmhba2 \d+\.\d ms\) while those through vmhba3 are fine \(vmhba3 \d\.\d+ ms\): that path, not the array/);
	assert.doesNotMatch(culprit!.next, /LUN alone/);
	assertWithin(culprit!, 40, 120);
	assert.equal(report.culprits.filter((c) => c.view === 'adapter').length, 0, 'one LUN through vmhba2 is not adapter-wide');
});

test('the same LUN linked by commands/s alone when the header lists all devices, then all paths', async () => {
	const {CaptureWriter} = await import('../source/generate/capture-writer.js');
	const spec = scenarioSpec('multipath', samples);
	const text = [...new CaptureWriter({spec, all: true, seed: 3, start: sampleTime(0), interval: 5, layout: 'grouped'}).lines(samples)].join('');
	const report = await buildReport(writeCapture('multipath-grouped.csv', text), defaultThresholds, null, 10);
	const lun = entity(report, 'device', naaId(0));
	assert.deepEqual(
		lun.paths!.map((p) => [p.id, p.basis]),
		['vmhba2:C0:T0:L0', 'vmhba2:C0:T1:L0', 'vmhba3:C0:T0:L0', 'vmhba3:C0:T1:L0'].map((id) => [id, ['commands']]),
	);
	assert.equal(report.culprits[0]!.cause, 'path');
	// Single-path LUNs too: by commands/s and DAVG.
	assert.deepEqual(entity(report, 'device', naaId(1)).paths!.map((p) => p.id), ['vmhba3:C0:T1:L1']);
});

test('local devices: a slow SATA disk gets local advice, never the array', async () => {
	const report = await scenario('local');
	const [culprit] = report.culprits;
	assert.match(culprit!.id, /^t10\.ATA_____ST2000/, titles(report));
	assert.deepEqual([culprit!.bottleneck, culprit!.cause], ['storage', 'local']);
	assert.match(culprit!.next, /local disk .*SMART/);
	assert.doesNotMatch(`${culprit!.title} ${culprit!.summary}`, /array/);
	assertWithin(culprit!, 48, 112);
	assert.equal(entity(report, 'device', culprit!.id).local, 'sata');
	assert.equal(entity(report, 'device', 'mpx.vmhba0:C0:T0:L0').local, 'mpx');
	assert.equal(entity(report, 'device', naaId(0)).local, null);
});

test('recurring bursts: every episode, worst first, "N bursts, about every 2 min" in the title', async () => {
	const report = await scenario('bursts');
	const [culprit] = report.culprits;
	assert.equal(culprit!.id, naaId(0), titles(report));
	assert.equal(culprit!.cause, 'lun');
	assert.ok(culprit!.episodes.length >= 5, `${culprit!.episodes.length} episodes`);
	assert.deepEqual(culprit!.recurrence && [culprit!.recurrence.episodes, Math.round(culprit!.recurrence.every!)], [culprit!.episodes.length, 120]);
	assert.match(culprit!.title, new RegExp(`worst of ${culprit!.episodes.length} episodes; ${culprit!.episodes.length} bursts, about every 2 min\\)$`));
	assert.equal(culprit!.severity, 'crit');
	assert.equal(culprit!.episodes[0]!.from, culprit!.from, 'the verdict is about the worst episode');
	for (let i = 1; i < culprit!.episodes.length; i++) assert.ok(culprit!.episodes[i - 1]!.lost >= culprit!.episodes[i]!.lost);
});

test('a rising latency: "DAVG rising from … to … ms since …" in the title', async () => {
	const report = await scenario('trend');
	const [culprit] = report.culprits;
	assert.equal(culprit!.id, naaId(0), titles(report));
	assert.ok(culprit!.trend, titles(report));
	assert.equal(culprit!.trend!.metric, 'davg');
	assert.ok(culprit!.trend!.from < 5 && culprit!.trend!.to > 30, JSON.stringify(culprit!.trend));
	assert.ok(culprit!.trend!.since >= sampleTime(70) && culprit!.trend!.since <= sampleTime(100), new Date(culprit!.trend!.since).toISOString());
	assert.match(culprit!.title, /DAVG rising from \d\.\d+ to \d+\.\d ms since 02:0\d\)$/);
	// Bursts are no trend, a trend is no recurrence.
	assert.equal((await scenario('bursts')).culprits[0]!.trend, null);
	assert.equal(culprit!.recurrence, null);
});

test('host-wide: KAVG 7 ms without queueing on every LUN is one host-wide culprit listing them', async () => {
	const report = await scenario('host-wide');
	assert.equal(report.culprits.length, 1, titles(report));
	const [culprit] = report.culprits;
	assert.deepEqual([culprit!.view, culprit!.id, culprit!.bottleneck, culprit!.cause], ['host', 'esx01.lab.local', 'host', 'host-wide']);
	for (let d = 0; d < 6; d++) assert.ok(culprit!.members.some((m) => m.id === naaId(d)), `LUN ${d} listed`);
	assert.match(culprit!.title, /^host-wide: KAVG at warn on 6 of 7 busy devices without queueing/);
	assert.match(culprit!.next, /host itself/);
	assertWithin(culprit!, 40, 120);
});

test('DQLEN dropping mid-capture: adaptive queue-depth throttling, not "raise the queue depth"', async () => {
	const report = await scenario('throttle');
	const [culprit] = report.culprits;
	assert.deepEqual([culprit!.id, culprit!.cause], [naaId(0), 'queue-throttled'], titles(report));
	assert.ok(culprit!.evidence.some((line) => /^DQLEN \d+, down from 64 \(first dropped at 02:0\d:\d\d\): adaptive queue-depth throttling/.test(line)), culprit!.evidence.join('\n'));
	assert.doesNotMatch(culprit!.next, /(?<!not )raise the queue depth/);
	assert.deepEqual(entity(report, 'device', naaId(0)).dqlen!.max, 64);
	assertWithin(culprit!, 40, 120);
});

test("a slow LUN at its usual load whose queue fills: storage-side with queue build-up (Little's law), not over-demand", async () => {
	const report = await scenario('slow-queue');
	const [culprit] = report.culprits;
	assert.deepEqual([culprit!.id, culprit!.bottleneck, culprit!.cause], [naaId(0), 'both', 'lun'], titles(report));
	assert.match(culprit!.title, /^storage-side: LUN .* with queue build-up, DAVG p95/);
	assert.ok(culprit!.evidence.some((line) => /^Little's law: /.test(line)));
	assert.match(culprit!.summary, /at 0\.\d× its usual load/);
	assert.match(culprit!.next, /LUN alone/);
});

test('over-demand only with the load clearly above its own baseline, stating the ratio', async () => {
	const report = await scenario('both');
	const [culprit] = report.culprits;
	assert.deepEqual([culprit!.id, culprit!.bottleneck, culprit!.cause], [naaId(0), 'both', 'over-demand'], titles(report));
	assert.match(culprit!.title, / at \d\.\d× its usual IOPS/);
	assertWithin(culprit!, 40, 120);
});

test('mixed adapter: two LUNs with different problems behind vmhba2 are two culprits, and the adapter row names both', async () => {
	const report = await scenario('mixed-adapter');
	const causes = Object.fromEntries(report.culprits.map((c) => [c.id, c.cause]));
	assert.deepEqual(causes, {[naaId(0)]: 'lun', [naaId(2)]: 'queue-full'}, titles(report));
	assert.ok(!report.culprits.some((c) => c.view === 'adapter' || c.cause === 'adapter-wide' || c.cause === 'over-demand'));
	assert.deepEqual(new Set(entity(report, 'adapter', 'vmhba2').showsThrough), new Set([naaId(0), naaId(2)]));
});

test('adapter-wide only when most busy LUNs behind it are slow in the same samples', async () => {
	const report = await scenario('adapter-slow');
	const [culprit] = report.culprits;
	assert.deepEqual([culprit!.view, culprit!.id, culprit!.cause], ['adapter', 'vmhba2', 'adapter-wide'], titles(report));
	// The same three LUNs slow at different times are three LUN culprits.
	const apart = buildHostSpec({devices: 6, adapters: 2, episodes: {0: [{kind: 'array-slow', from: 10, to: 50, peak: 45}], 2: [{kind: 'array-slow', from: 60, to: 100, peak: 45}], 4: [{kind: 'array-slow', from: 110, to: 150, peak: 45}]}});
	const separate = await buildReport(writeCapture('apart.csv', apart, samples), defaultThresholds, null, 10);
	assert.deepEqual(separate.culprits.map((c) => [c.id, c.cause]).sort(), [0, 2, 4].map((d) => [naaId(d), 'lun']).sort(), titles(separate));
});

test('the worst episode sets the severity: a long warn stretch and a crit burst elsewhere is CRIT', async () => {
	const spec = buildHostSpec({devices: 6, adapters: 2, episodes: {0: [{kind: 'array-slow', from: 20, to: 100, peak: 30}, {kind: 'array-slow', from: 120, to: 130, peak: 95}]}});
	const report = await buildReport(writeCapture('warn-and-crit.csv', spec, samples), defaultThresholds, null, 10);
	const [culprit] = report.culprits;
	assert.equal(culprit!.severity, 'crit');
	assert.ok(culprit!.episodes.length >= 2);
	assert.deepEqual(new Set(culprit!.episodes.map((e) => e.severity)), new Set(['warn', 'crit']));
	assert.match(culprit!.title, /worst of \d episodes/);
});
