import {defaultMinIo} from './diagnose.js';

/** What the verdicts take beyond the thresholds; the screen and the report share them. */
export interface TriageOptions {
	/** Commands/s under which latency is too little I/O to judge (`--min-io`, default 5). */
	minIo: number;
}

export const defaultTriageOptions: TriageOptions = {minIo: defaultMinIo};

/** `--min-io RATE`: commands/s ≥ 0; the default when absent. Throws a one-line Error otherwise. */
export function parseMinIo(text: string | undefined): number {
	if (text === undefined) return defaultMinIo;
	const value = Number(text.trim());
	if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new Error(`--min-io "${text}": expected commands/s, a number ≥ 0 (default ${defaultMinIo})`);
	return value;
}
