import {formatMs, formatRate} from '../../model/format.js';
import type {Report} from './types.js';
import type {VmLedger, VmShare} from './vm-ledger.js';

const pct = (share: number | null) => (share === null ? '-' : `${Math.round(share * 100)}%`);

/** Causes where the load is the problem: the VMs driving it are whom to move or limit. */
const loadCauses = new Set(['queue-full', 'over-demand', 'host-queueing']);

/**
 * Names the VMs behind each device: every device entity gets its busiest worlds over the whole
 * capture, every device culprit those over its samples at warn or above, a line saying so, and
 * for a queue-full or over-demand verdict the VM(s) to move or limit first.
 */
export function attachVms(report: Report, ledger: VmLedger): Report {
	for (const entity of report.entities) {
		if (entity.view === 'device') entity.vms = ledger.vmsOf(entity.host, entity.id, false);
	}
	for (const culprit of report.culprits) {
		if (culprit.view !== 'device') continue;
		const host = report.entities.find((entity) => entity.view === 'device' && entity.id === culprit.id)?.host ?? report.hosts[0] ?? '';
		const vms = ledger.vmsOf(host, culprit.id, true);
		culprit.vms = vms;
		if (vms.length === 0) continue;
		culprit.evidence.push(`VMs behind it while at warn or above: ${vms.slice(0, 3).map(describe).join('; ')}`);
		const first = toMoveFirst(vms);
		if (loadCauses.has(culprit.cause) && first.length > 0) {
			const names = first.map((vm) => `${vm.name} (${pct(vm.share)} of its commands)`).join(' and ');
			const move = `Move or limit ${names} first: SIOC shares or an IOPS limit, or Storage vMotion to a quieter LUN.`;
			const {next, summary} = culprit;
			// The summary ends with the advice: the VMs go right before it.
			culprit.summary = next && summary.endsWith(next) ? `${summary.slice(0, summary.length - next.length)}${move} ${next}` : `${summary} ${move}`;
			culprit.next = `${move} ${next}`;
		}
	}
	return report;
}

/** "db-07 96% (3,014 commands/s, GAVG 23.8 ms)" */
function describe(vm: VmShare): string {
	return `${vm.name} ${pct(vm.share)} (${formatRate(vm.cmds)} commands/s, GAVG ${formatMs(vm.latency)} ms)`;
}

/** The VMs that together drive half the LUN's commands or more, each at least 10%, at most 3. */
export function toMoveFirst(vms: readonly VmShare[]): VmShare[] {
	const chosen: VmShare[] = [];
	let covered = 0;
	for (const vm of vms) {
		if (covered >= 0.5 || chosen.length >= 3) break;
		if (vm.kind !== 'vm' || vm.share === null || vm.share < 0.1) continue;
		chosen.push(vm);
		covered += vm.share;
	}
	return covered >= 0.5 ? chosen : [];
}
