import meow from 'meow';

/**
 * The command line, read by meow (the project's CLI parser by design), with two checks of ours
 * around it so every mistake is one line naming the command's help: unknown flags with a guess
 * (unknown-flag.ts, before this) and a flag left without its value (here).
 */
export interface FlagSpec {
	type: 'boolean' | 'string' | 'number';
	shortFlag?: string;
	default?: boolean | string | number;
	isMultiple?: boolean;
}

type Value<S extends FlagSpec> = S['type'] extends 'boolean' ? boolean : S['type'] extends 'number' ? number : string;
type FlagValue<S extends FlagSpec> = S extends {isMultiple: true} ? Array<Value<S>> : Value<S>;
export type Flags<T extends Record<string, FlagSpec>> = {[K in keyof T]: T[K] extends {default: unknown} ? FlagValue<T[K]> : FlagValue<T[K]> | undefined};

export interface CliOptions<T extends Record<string, FlagSpec>> {
	flags: T;
	argv?: readonly string[];
	/** URL of a module of the package: `--version` prints the package.json version beside it. */
	importMeta?: {url: string};
	autoHelp?: boolean;
	/** The command on the line, for "Try 'esxlat COMMAND --help'". */
	command?: string | undefined;
}

export interface Cli<T extends Record<string, FlagSpec>> {
	input: string[];
	flags: Flags<T>;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * `meow(help, {flags, argv})`: boolean, string and number flags, short flags, defaults,
 * repeatable flags, `--no-FLAG`, `--flag=value`, kebab- and camelCase, `--version`. A flag left
 * without its value is one line on stderr and exit code 2.
 */
export function parseCli<const T extends Record<string, FlagSpec>>(help: string, options: CliOptions<T>): Cli<T> {
	const args = options.argv ?? process.argv.slice(2);
	// meow turns a flag that lacks its value into '' or NaN; say so, as for an unknown flag.
	const missing = missingValue(args, options.flags);
	if (missing) {
		process.stderr.write(`esxlat: ${missing} needs a value\nTry 'esxlat ${options.command ? `${options.command} ` : ''}--help'\n`);
		process.exit(2);
	}
	const cli = meow(help, {
		importMeta: (options.importMeta ?? import.meta) as ImportMeta,
		argv: joinDashValues(args, options.flags),
		flags: options.flags as never,
		autoHelp: options.autoHelp ?? false,
		// Unknown flags were refused before, with a guess at what was meant (unknown-flag.ts).
		allowUnknownFlags: true,
		// An absent boolean stays absent, as the commands read it.
		booleanDefault: undefined,
	});
	const flags: Record<string, unknown> = {};
	for (const name of Object.keys(options.flags)) {
		const value = (cli.flags as Record<string, unknown>)[name];
		// meow gives a repeatable flag that was never given as []; the commands read it as absent.
		if (value !== undefined && !(Array.isArray(value) && value.length === 0)) flags[name] = value;
	}
	return {input: cli.input, flags: flags as Flags<T>};
}

/**
 * `--to -30s`, `--devices -1`, `-o -`: a value that starts with one dash belongs to the flag
 * before it. meow would read `-30s` as short flags, so the pair is handed over as `--to=-30s`.
 */
function joinDashValues(args: readonly string[], specs: Record<string, FlagSpec>): string[] {
	const valued = new Map<string, string>();
	for (const [name, spec] of Object.entries(specs)) {
		if (spec.type === 'boolean') continue;
		valued.set(`--${kebab(name)}`, kebab(name));
		valued.set(`--${name}`, kebab(name));
		if (spec.shortFlag) valued.set(`-${spec.shortFlag}`, kebab(name));
	}
	const joined: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		if (arg === '--') {
			joined.push(...args.slice(i));
			break;
		}
		const name = valued.get(arg);
		const next = args[i + 1];
		if (name !== undefined && next !== undefined && next.startsWith('-') && !next.startsWith('--')) {
			joined.push(`--${name}=${next}`);
			i++;
		} else joined.push(arg);
	}
	return joined;
}

/** The first flag that takes a value but has none after it: `report x.csv --top`. */
function missingValue(args: readonly string[], specs: Record<string, FlagSpec>): string | null {
	const byName = new Map<string, FlagSpec>();
	for (const [name, spec] of Object.entries(specs)) {
		byName.set(`--${kebab(name)}`, spec);
		byName.set(`--${name}`, spec);
		if (spec.shortFlag) byName.set(`-${spec.shortFlag}`, spec);
	}
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		if (arg === '--') return null;
		const spec = byName.get(arg);
		if (!spec || spec.type === 'boolean') continue;
		const next = args[i + 1];
		// A value may start with a dash (`--top -1`, `-o -`), but not with two.
		if (next === undefined || (next.startsWith('--') && next.length > 2)) return arg.startsWith('--') ? `--${kebab(arg.slice(2))}` : arg;
		i++;
	}
	return null;
}
