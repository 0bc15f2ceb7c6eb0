import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

/**
 * Real captures live in ../shared/samples beside the checkout (they carry no licence, so they
 * are never copied into the repository). A user's clone has no ../shared: tests that need one
 * skip with this note, and the rest of the suite runs on generated captures.
 */
export const sharedSamplesDir = fileURLToPath(new URL('../../../shared/samples/', import.meta.url));

export const samples = {
	allCounters: 'rach-sharp-esxtopd-esxi6x-all-counters-a.csv',
	defaultCounters: 'rach-sharp-esxtopd-esxi6x-default-counters.csv',
	excelResaved: 'gsliu-VisualEsxtopOnline-EXCEL-RESAVED-origincsvfile.csv',
	transposedHeader: 'iceiilin-elk-TRANSPOSED-default_headings.txt',
	transposedData: 'iceiilin-elk-TRANSPOSED-sample_data.txt',
} as const;

/** The sample's path, or null when ../shared/samples is absent. */
export function samplePath(name: string): string | null {
	const path = `${sharedSamplesDir}${name}`;
	return existsSync(path) ? path : null;
}

/** For `test(name, {skip: skipWithoutSample(...)}, …)`: false, or the note shown when skipping. */
export function skipWithoutSample(...names: string[]): false | string {
	const missing = names.filter((name) => samplePath(name) === null);
	return missing.length === 0 ? false : `needs ../shared/samples/${missing[0]} (real captures are not part of the repository)`;
}
