import {type HostLuns, type LunFigures, type SharedLun, sharedLuns} from '../cross-host.js';
import type {Thresholds} from '../../model/thresholds.js';
import type {Report} from './types.js';

/**
 * The report's cross-host verdicts: each host's p95 DAVG/KAVG/GAVG and mean commands/s per
 * LUN over its capture, judged as the fleet screen judges one moment.
 */
export function reportSharedLuns(reports: ReadonlyArray<{host: string; report: Report}>, thresholds: Thresholds): SharedLun[] {
	const hosts: HostLuns[] = reports.map(({host, report}) => ({
		host,
		luns: report.entities
			.filter((entity) => entity.view === 'device')
			.map((entity): readonly [string, LunFigures] => [entity.id, {davg: entity.latency.davg?.p95 ?? null, kavg: entity.latency.kavg?.p95 ?? null, gavg: entity.latency.gavg?.p95 ?? null, cmds: entity.cmds?.mean ?? null}]),
	}));
	return sharedLuns(hosts, thresholds);
}

/** A name per report: the host esxtop names, made unique with the file where two share it. */
export function reportHostNames(reports: ReadonlyArray<{file: string; report: Report}>): string[] {
	const names = reports.map(({report, file}) => report.hosts.join(', ') || file);
	const counts = new Map<string, number>();
	for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
	return names.map((name, i) => (counts.get(name)! > 1 ? `${name} (${reports[i]!.file})` : name));
}
