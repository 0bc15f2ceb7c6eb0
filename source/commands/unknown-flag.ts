import {UsageError} from './usage-error.js';

/** The flags meow is given, as it takes them: camelCase names, boolean or with a value, short aliases. */
export type FlagSpec = Record<string, {type: 'string' | 'number' | 'boolean'; shortFlag?: string}>;

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/**
 * The first flag in `argv` that `flags` does not know, with the nearest known one: meow's own
 * message ("Unknown flag --jsn") says neither which command's help to read nor what was meant.
 * Throws a UsageError: `unknown flag --jsn (did you mean --json?)`.
 */
export function checkFlags(argv: readonly string[], flags: FlagSpec, extra: readonly string[] = ['version']): void {
	const long = new Set([...Object.keys(flags).map(kebab), ...extra]);
	const short = new Set(Object.values(flags).flatMap((flag) => (flag.shortFlag ? [flag.shortFlag] : [])));
	const booleans = new Set(Object.entries(flags).filter(([, flag]) => flag.type === 'boolean').map(([name]) => kebab(name)));
	for (const arg of argv) {
		if (arg === '--') return;
		if (arg.startsWith('--')) {
			const name = arg.slice(2).split('=', 1)[0]!;
			const plain = name.startsWith('no-') && booleans.has(name.slice(3)) ? name.slice(3) : name;
			if (long.has(plain) || long.has(kebab(plain))) continue;
			const guess = nearest(name, [...long]);
			throw new UsageError(`unknown flag --${name}${guess ? ` (did you mean --${guess}?)` : ''}`);
		}
		if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
			for (const letter of arg.slice(1)) {
				if (!short.has(letter)) throw new UsageError(`unknown flag -${letter}${arg.length > 2 ? ` (in ${arg})` : ''}`);
				// A short flag with a value takes the rest of the word (-oFILE).
				if (Object.values(flags).some((flag) => flag.shortFlag === letter && flag.type !== 'boolean')) break;
			}
		}
	}
}

/** The known name closest to `name` (edit distance at most 2, or one is a prefix of the other). */
function nearest(name: string, known: string[]): string | null {
	let best: string | null = null;
	let bestDistance = Number.POSITIVE_INFINITY;
	for (const candidate of known) {
		const distance = candidate.startsWith(name) || name.startsWith(candidate) ? Math.min(1, Math.abs(candidate.length - name.length)) : editDistance(name, candidate);
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}
	return bestDistance <= Math.max(1, Math.min(2, Math.floor(name.length / 3))) ? best : null;
}

/** Edits between two names; a swap of two neighbours (--form for --from) counts as one. */
function editDistance(a: string, b: string): number {
	const d = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
		}
	}
	return d[a.length]![b.length]!;
}
