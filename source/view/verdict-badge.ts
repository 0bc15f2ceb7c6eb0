import type {Diagnosis} from '../triage/diagnose.js';

const verdictWords: Record<Diagnosis['verdict'], string> = {'low-io': 'LOW I/O', host: 'HOST', storage: 'STORAGE', both: 'HOST+STORAGE', none: 'OK', warmup: 'WARM-UP', unknown: 'INFO'};
const severityWords = {ok: 'OK', warn: 'WARN', crit: 'CRIT'} as const;

/**
 * The hint pane's badge. Where no host/storage split applies (VM disks, NFS see only guest
 * latency) the badge says the row's band, so it agrees with the `!`/`!!` marker: a `!` row
 * never reads INFO.
 */
export function verdictBadge(diagnosis: Diagnosis): string {
	if (diagnosis.verdict === 'unknown' && diagnosis.severity !== null) return severityWords[diagnosis.severity];
	return verdictWords[diagnosis.verdict];
}
