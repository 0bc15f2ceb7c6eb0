import {formatMs, formatRate} from '../model/format.js';
import type {Sample} from '../parse/capture-parser.js';
import type {Diagnosis} from '../triage/diagnose.js';
import type {SampleContext} from '../triage/sample-context.js';
import {type DeviceWorlds, heavyHitters, type OwnerLoad, placeDisks, vmDevices, vmOfDisk, worldsOn} from '../triage/vms.js';
import {displayText} from './display-text.js';
import type {TableRow} from './table-rows.js';
import {verdictBadge} from './verdict-badge.js';

const pct = (share: number | null) => (share === null ? '-' : `${Math.round(share * 100)}%`);

/** "db-07 drives 78% of commands on this LUN (3,100 of 3,980/s)" */
export function drivesLine(owner: OwnerLoad, loads: DeviceWorlds, lun: 'this' | 'that'): string {
	return `${displayText(owner.name)} drives ${pct(owner.share)} of commands on ${lun} LUN (${formatRate(owner.cmds)} of ${formatRate(loads.total)}/s)`;
}

/**
 * Who is behind the selected row, for the hint pane (display-safe lines): the VMs driving a
 * slow or queue-full LUN, a world's part of its LUN, and for a VM disk the LUN it is on and
 * that LUN's verdict. Empty where the capture has no per-world counters.
 */
export function attributionLines(sample: Sample, context: SampleContext, row: TableRow, diagnosis: Diagnosis | null): string[] {
	if (sample.index === 0) return [];
	const {entity} = row;
	if (entity.view === 'device' && row.world) {
		const world = row.world;
		const owner = world.world.owner;
		const how = owner?.basis === 'named' ? `; the id is named in ${displayText(owner.name)}'s world ${displayText(owner.worldName ?? '')}` : '';
		const loads = worldsOn(sample, entity);
		return [
			`${displayText(world.name)} (world ${displayText(world.world.world)}${owner ? `, ${owner.kind === 'vm' ? 'VM' : 'host group'}${how}` : ', not named in the header'}): ${formatRate(world.cmds)} of ${formatRate(loads.total)} commands/s on this LUN (${pct(world.share)}), GAVG ${formatMs(world.gavg)} ms`,
		];
	}
	if (entity.view === 'device') {
		if (!diagnosis || (diagnosis.severity !== 'warn' && diagnosis.severity !== 'crit')) return [];
		const loads = worldsOn(sample, entity);
		const hitters = heavyHitters(loads);
		const lines = hitters.map((owner) => drivesLine(owner, loads, 'this'));
		const top = hitters[0];
		if (top && top.share !== null && top.share >= 0.5 && (diagnosis.verdict === 'host' || diagnosis.verdict === 'both')) {
			lines.push(`${top.kind === 'vm' ? 'Move or limit' : 'Look at'} ${displayText(top.name)} first (SIOC shares or an IOPS limit, or Storage vMotion to a quieter LUN)`);
		}
		return lines;
	}
	if (entity.view === 'vm') return victimLines(sample, context, entity.id);
	return [];
}

/** A VM disk's (or VM's) LUN, that LUN's verdict, and who drives it when someone else does. */
function victimLines(sample: Sample, context: SampleContext, id: string): string[] {
	const {vm, disk} = vmOfDisk(id);
	const devicesOf = vmDevices(sample);
	const mine = devicesOf.get(vm) ?? [];
	const lines: string[] = [];
	const on: Array<{device: string; basis: string}> = [];
	if (disk !== null) {
		const placed = placeDisks(sample, devicesOf).get(id);
		if (placed) on.push(placed);
		else if (mine.length > 0) lines.push(`${displayText(vm)}'s worlds use ${mine.length} devices; which one this disk is on does not show in this sample`);
	} else {
		for (const device of mine.slice(0, 2)) on.push({device: device.device, basis: `${formatRate(device.cmds)} commands/s there, ${pct(device.share)} of the LUN's`});
	}
	for (const {device, basis} of on) {
		const entity = sample.schema.byView.device.find((e) => e.id === device);
		if (!entity) continue;
		const verdict = context.diagnose(entity);
		lines.push(`on LUN ${displayText(device)} (${displayText(basis)}): ${verdictBadge(verdict)} ${displayText(verdict.headline)}`);
		const loads = worldsOn(sample, entity);
		const [top] = heavyHitters(loads, 1);
		if (top && top.name !== vm && top.share !== null && top.share >= 0.5 && verdict.severity !== 'ok') lines.push(drivesLine(top, loads, 'that'));
	}
	return lines;
}
