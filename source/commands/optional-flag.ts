/**
 * A flag with an optional value (`--record [FILE]`), which meow cannot parse: take it out of
 * argv before meow, then settle what the word after it was once meow found the positionals.
 */
export interface OptionalFlag {
	/** The arguments without the flag, for meow. */
	argv: string[];
	/** Null when the flag is absent. */
	flag: {
		/** From `--name=VALUE` (null for `--name=`). */
		value: string | null;
		/** The word after a bare `--name`: its value, or a positional (see settleOptionalValue). */
		next: string | null;
	} | null;
}

export function takeOptionalValueFlag(argv: readonly string[], name: string): OptionalFlag {
	const long = `--${name}`;
	const at = argv.findIndex((arg) => arg === long || arg.startsWith(`${long}=`));
	if (at === -1) return {argv: [...argv], flag: null};
	const token = argv[at]!;
	const rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
	if (token !== long) return {argv: rest, flag: {value: token.slice(long.length + 1) || null, next: null}};
	const next = argv[at + 1];
	return {argv: rest, flag: {value: null, next: next !== undefined && !next.startsWith('-') ? next : null}};
}

/**
 * The flag's value and the positionals left. The word after a bare flag is its value only when
 * the command has more positionals than it takes (`wanted`): in `live --record esx01` that word
 * is the host, in `live esx01 --record out.csv` it is the file.
 */
export function settleOptionalValue(flag: NonNullable<OptionalFlag['flag']>, positionals: readonly string[], wanted: number): {value: string | null; positionals: string[]} {
	const at = flag.next === null ? -1 : positionals.lastIndexOf(flag.next);
	if (flag.value !== null || at === -1 || positionals.length <= wanted) return {value: flag.value, positionals: [...positionals]};
	return {value: flag.next, positionals: [...positionals.slice(0, at), ...positionals.slice(at + 1)]};
}
