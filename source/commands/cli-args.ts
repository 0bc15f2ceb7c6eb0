import {readFileSync} from 'node:fs';
import {parseArgs} from 'node:util';

/**
 * The command line, read with Node's own `util.parseArgs` behind meow's shape (`input`,
 * camel-cased `flags`), so the flag table in cli.tsx reads as before. meow cost about 90 ms of
 * every start-up here (its bundled dependencies are compiled on each run), which is most of
 * what a short command such as `report` spends beyond Node itself.
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
	allowUnknownFlags?: boolean;
	/** The command on the line, for "Try 'esxlat COMMAND --help'". */
	command?: string | undefined;
}

export interface Cli<T extends Record<string, FlagSpec>> {
	input: string[];
	flags: Flags<T>;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * meow's `meow(help, {flags, argv})` for the flags esxlat uses: boolean, string and number
 * flags, short flags, defaults, repeatable flags, `--no-FLAG` for booleans, `--flag=value`,
 * `--kebab-case` and `--camelCase` alike, and `--version`. An unknown flag, or a value missing,
 * is one line on stderr and exit code 2.
 */
export function parseCli<const T extends Record<string, FlagSpec>>(_help: string, options: CliOptions<T>): Cli<T> {
	const specs = options.flags;
	const byLong = new Map<string, string>();
	const config: Record<string, {type: 'boolean' | 'string'; short?: string; multiple?: boolean}> = {};
	for (const [name, spec] of Object.entries(specs)) {
		const long = kebab(name);
		byLong.set(long, name);
		byLong.set(name, name);
		config[long] = {type: spec.type === 'boolean' ? 'boolean' : 'string', ...(spec.shortFlag ? {short: spec.shortFlag} : {}), ...(spec.isMultiple ? {multiple: true} : {})};
	}
	const argv: string[] = [];
	const negated = new Set<string>();
	const args = options.argv ?? process.argv.slice(2);
	const byShort = new Map(Object.entries(specs).flatMap(([name, spec]) => (spec.shortFlag ? [[spec.shortFlag, name] as const] : [])));
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		if (arg === '--') {
			argv.push(...args.slice(i));
			break;
		}
		// A value that starts with a dash (`--devices -1`, `-o -`) belongs to a flag that takes one,
		// as with meow; parseArgs would read it as a flag.
		const valued = arg.startsWith('--') ? byLong.get(arg.slice(2)) : /^-\w$/.test(arg) ? byShort.get(arg.slice(1)) : undefined;
		const next = args[i + 1];
		if (valued !== undefined && specs[valued]!.type !== 'boolean' && next !== undefined && /^-(\d|\.\d|$)/.test(next)) {
			argv.push(`--${kebab(valued)}=${next}`);
			i++;
			continue;
		}
		// --no-json: false for a boolean (parseArgs has no negation before Node 22).
		const name = arg.startsWith('--no-') ? byLong.get(arg.slice(5)) : undefined;
		if (name !== undefined && specs[name]!.type === 'boolean') negated.add(name);
		else if (arg === '--version' && !byLong.has('version')) printVersion(options.importMeta);
		else argv.push(arg.startsWith('--') && !arg.includes('=') && byLong.has(arg.slice(2)) ? `--${kebab(byLong.get(arg.slice(2))!)}` : camelEquals(arg, byLong));
	}
	let parsed: ReturnType<typeof parseArgs>;
	try {
		parsed = parseArgs({args: argv, options: config, strict: true, allowPositionals: true});
	} catch (error) {
		// As meow did: a mistake in the flags ends the program here, with the usage exit code.
		process.stderr.write(`esxlat: ${flagMessage(error)}\nTry 'esxlat ${options.command ? `${options.command} ` : ''}--help'\n`);
		process.exit(2);
	}
	const flags: Record<string, unknown> = {};
	for (const [name, spec] of Object.entries(specs)) {
		const raw = parsed.values[kebab(name)];
		let value: unknown = raw;
		if (spec.type === 'number' && raw !== undefined) value = Array.isArray(raw) ? raw.map(Number) : Number(raw);
		if (negated.has(name)) value = false;
		if (value === undefined && spec.default !== undefined) value = spec.default;
		if (value !== undefined) flags[name] = value;
	}
	return {input: parsed.positionals, flags: flags as Flags<T>};
}

function camelEquals(arg: string, byLong: Map<string, string>): string {
	if (!arg.startsWith('--') || !arg.includes('=')) return arg;
	const at = arg.indexOf('=');
	const name = byLong.get(arg.slice(2, at));
	return name === undefined ? arg : `--${kebab(name)}${arg.slice(at)}`;
}

/** parseArgs's messages, in a line that names the flag. */
function flagMessage(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const unknown = /^Unknown option '([^']+)'/.exec(message);
	if (unknown) return `unknown flag ${unknown[1]}`;
	const missing = /^Option '(-\w, )?(--[\w-]+)[^']*' argument missing/.exec(message);
	if (missing) return `${missing[2]} needs a value`;
	const boolean = /^Option '(-\w, )?(--[\w-]+)' does not take an argument/.exec(message);
	if (boolean) return `${boolean[2]} takes no value`;
	return message.split('\n', 1)[0]!;
}

function printVersion(importMeta: {url: string} | undefined): never {
	let version = 'unknown';
	for (const up of ['../package.json', '../../package.json']) {
		try {
			version = (JSON.parse(readFileSync(new URL(up, importMeta?.url ?? import.meta.url), 'utf8')) as {version: string}).version;
			break;
		} catch {
			// not there: one level further up
		}
	}
	process.stdout.write(`${version}\n`);
	process.exit(0);
}
