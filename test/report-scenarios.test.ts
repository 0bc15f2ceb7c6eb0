import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {buildReport} from '../source/commands/report.js';
import {buildHostSpec, type Episode, naaId} from '../source/generate/host-spec.js';
import type {Culprit, Report} from '../source/triage/report/types.js';
import {sketchRelativeError} from '../source/triage/report/sketch.js';
import {defaultThresholds} from '../source/model/thresholds.js';
import {CaptureParser} from '../source/parse/capture-parser.js';
import {fieldValue} from '../source/model/rows.js';
import {latencySeverity} from '../source/triage/classify.js';
import {sampleTime, writeCapture} from './helpers/report-captures.js';

// Hosts: 6 SAN LUNs round-robin over vmhba2/vmhba3 (LUN d is naaId(d), on vmhba2 when d is
// even, path vmhba<2|3>:C0:T1:L<d>), a local mpx. boot disk on vmhba0 and one NFS volume.
const episode = (kind: Episode['kind'], from: number, to: number, peak?: number): Episode => ({kind, from, to, ...(peak === undefined ? {} : {peak})});

async function reportOn(name: string, episodes: Record<number, Episode[]>, extra: Parameters<typeof buildHostSpec>[0] = {}): Promise<{report: Report; path: string}> {
	const path = writeCapture(`${name}.csv`, buildHostSpec({devices: 6, adapters: 2, ...extra, episodes}));
	return {report: await buildReport(path, defaultThresholds, null, 10), path};
}

/** The stretch lies inside the episode's samples and covers most of it (its ramps are below warn). */
function assertWithin(culprit: Culprit, from: number, to: number, cover = 0.6): void {
	assert.ok(culprit.from >= sampleTime(from), `starts ${new Date(culprit.from).toISOString()}, episode from ${new Date(sampleTime(from)).toISOString()}`);
	assert.ok(culprit.to < sampleTime(to), `ends ${new Date(culprit.to).toISOString()}, episode to ${new Date(sampleTime(to)).toISOString()}`);
	assert.ok(culprit.to - culprit.from >= cover * (sampleTime(to) - sampleTime(from)), `covers ${(culprit.to - culprit.from) / 1000} s of ${(to - from) * 5} s`);
}

const ids = (culprit: Culprit) => culprit.members.map((member) => member.id);

test('an array-slow LUN: one storage-side culprit on that LUN, over the episode, its path folded in', async () => {
	const {report} = await reportOn('array-slow', {0: [episode('array-slow', 40, 120, 60)]});
	assert.equal(report.healthy, false);
	assert.equal(report.culprits.length, 1, report.culprits.map((c) => c.title).join('\n'));
	const [culprit] = report.culprits;
	assert.equal(culprit!.view, 'device');
	assert.equal(culprit!.id, naaId(0));
	assert.equal(culprit!.bottleneck, 'storage');
	assert.equal(culprit!.cause, 'lun');
	assertWithin(culprit!, 40, 120);
	assert.ok(ids(culprit!).includes('vmhba2:C0:T1:L0'), 'the path matched by its counters');
	assert.match(culprit!.next, /LUN alone/);
	assert.match(report.headline, new RegExp(`^storage-side: LUN ${naaId(0)}, DAVG p95 \\d+\\.\\d ms, 02:0\\d`));
	const entity = report.entities.find((e) => e.view === 'device' && e.id === naaId(0))!;
	assert.equal(entity.adapter, 'vmhba2');
	assert.equal(entity.linked, 'vmhba2:C0:T1:L0');
});

test('adapter-wide slowness: one culprit for the adapter with its three LUNs, not three LUN culprits', async () => {
	const slow = episode('array-slow', 40, 120, 45);
	const {report} = await reportOn('adapter-wide', {0: [slow], 2: [slow], 4: [slow]});
	const [culprit, ...rest] = report.culprits;
	assert.equal(culprit!.view, 'adapter');
	assert.equal(culprit!.id, 'vmhba2');
	assert.equal(culprit!.cause, 'adapter-wide');
	assert.equal(culprit!.bottleneck, 'storage');
	for (const d of [0, 2, 4]) assert.ok(ids(culprit!).includes(naaId(d)), `LUN ${d} folded in`);
	for (const other of rest) assert.ok(![0, 2, 4].some((d) => other.id === naaId(d)), `${other.id} is not a culprit of its own`);
	assert.match(culprit!.title, /^storage-side: 3 LUNs on vmhba2, DAVG p95 \d+\.\d ms/);
	assert.match(culprit!.next, /HBA/);
	assertWithin(culprit!, 40, 120, 0.5);
});

test('queue saturation: host side, queue full, with the queue evidence', async () => {
	const {report} = await reportOn('queue-full', {1: [episode('host-queue', 40, 120)]});
	const [culprit] = report.culprits;
	assert.equal(culprit!.id, naaId(1));
	assert.equal(culprit!.bottleneck, 'host');
	assert.equal(culprit!.cause, 'queue-full');
	assert.ok(culprit!.evidence.some((line) => /^queue full: ACTV 32 = DQLEN 32/.test(line)), culprit!.evidence.join('\n'));
	assert.ok(culprit!.evidence.some((line) => /QAVG .* of KAVG/.test(line)));
	assert.match(culprit!.next, /queue depth/);
	assertWithin(culprit!, 40, 120);
});

test('over-demand: KAVG and DAVG both high at several times the usual IOPS', async () => {
	const {report} = await reportOn('over-demand', {2: [episode('both', 40, 120)]});
	const [culprit] = report.culprits;
	assert.equal(culprit!.id, naaId(2));
	assert.equal(culprit!.bottleneck, 'both');
	assert.equal(culprit!.cause, 'over-demand');
	assert.match(culprit!.title, /^over-demand: .* at \d+\.\d× its usual IOPS/);
	assert.ok(culprit!.evidence.some((line) => /commands\/s, \d+\.\d× its usual [\d,]+$/.test(line)), culprit!.evidence.join('\n'));
	assertWithin(culprit!, 40, 120);
});

test('a one-sample crit spike ranks below a sustained warn-level problem', async () => {
	const {report} = await reportOn('spike', {0: [episode('spike', 80, 81, 140)], 1: [episode('array-slow', 20, 140, 30)]});
	assert.equal(report.culprits.length, 2);
	const [sustained, spike] = report.culprits;
	assert.equal(sustained!.id, naaId(1));
	assert.equal(sustained!.severity, 'warn');
	assert.equal(spike!.id, naaId(0));
	assert.equal(spike!.severity, 'crit');
	assert.equal(spike!.samples, 1);
	assert.equal(spike!.from, sampleTime(80));
	assert.equal(spike!.to, sampleTime(80));
	assert.match(spike!.title, /one-sample spike/);
	assert.ok(sustained!.score > spike!.score);
	assert.match(report.headline, /\(\+1 more\)$/);
});

test('commands timing out: aborts and resets counted over the stretch', async () => {
	const {report} = await reportOn('timeouts', {3: [episode('array-slow', 20, 150, 80)]});
	const [culprit] = report.culprits;
	assert.equal(culprit!.timeouts, true);
	assert.ok(culprit!.evidence.some((line) => /timing out/.test(line)));
	assert.ok(culprit!.evidence.some((line) => /^≈ \d+ failed commands, \d+ aborts?/.test(line)), culprit!.evidence.join('\n'));
});

test('a slow NFS volume is a culprit of its own', async () => {
	const path = writeCapture('nfs.csv', buildHostSpec({devices: 2, nfsEpisodes: {0: [episode('array-slow', 40, 120, 35)]}}));
	const report = await buildReport(path, defaultThresholds, null, 10);
	const [culprit] = report.culprits;
	assert.equal(culprit!.view, 'nfs');
	assert.equal(culprit!.cause, 'nfs');
	assert.equal(culprit!.metric, 'gavg');
	assert.match(culprit!.title, /^NFS: nfs-datastore-1, GAVG p95/);
});

test('a healthy host says so plainly', async () => {
	const {report} = await reportOn('healthy', {});
	assert.equal(report.healthy, true);
	assert.deepEqual(report.culprits, []);
	assert.match(report.headline, /^healthy: no device, adapter, path or NFS volume reached warn \(kavg=2:5,davg=20:50,gavg=20:50\) in 159 samples$/);
	assert.equal(report.samples, 159, 'the warm-up row is left out');
	assert.ok(report.entities.every((entity) => entity.stretch === null));
});

test('per-entity figures match an independent count over the parsed samples', async () => {
	const {report, path} = await reportOn('figures', {0: [episode('array-slow', 30, 130, 70)], 1: [episode('host-queue', 60, 100)]});
	const parser = new CaptureParser();
	const events = [...parser.feed(readFileSync(path)), ...parser.end()];
	for (const id of [naaId(0), naaId(1)]) {
		const davg: number[] = [];
		let warn = 0;
		let crit = 0;
		let failed = 0;
		for (const event of events) {
			if (event.kind !== 'sample' || event.sample.index === 0) continue;
			const entity = event.sample.schema.byView.device.find((e) => e.id === id)!;
			const v = (field: Parameters<typeof fieldValue>[2]) => fieldValue(event.sample.values, entity, field);
			davg.push(v('davg')!);
			const severity = latencySeverity(v('kavg'), v('davg'), v('gavg'), defaultThresholds);
			if (severity === 'warn') warn++;
			if (severity === 'crit') crit++;
			failed += v('failed')! * 5;
		}
		davg.sort((a, b) => a - b);
		const entity = report.entities.find((e) => e.view === 'device' && e.id === id)!;
		for (const [q, key] of [[0.5, 'p50'], [0.95, 'p95'], [0.99, 'p99']] as const) {
			const exact = davg[Math.ceil(q * davg.length) - 1]!;
			assert.ok(Math.abs(entity.latency.davg![key]! - exact) <= sketchRelativeError * exact + 1e-9, `${id} ${key}: ${entity.latency.davg![key]} vs ${exact}`);
		}
		assert.equal(entity.latency.davg!.max, davg.at(-1));
		assert.equal(entity.warnShare, warn / davg.length);
		assert.equal(entity.critShare, crit / davg.length);
		assert.ok(Math.abs(entity.failed! - failed) < 1e-6, `failed ${entity.failed} vs ${failed}`);
		assert.equal(entity.samples, 159);
	}
});
