import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import SSHConfig from 'ssh-config';

/** `[user@]host[:port]` as typed on the command line. */
export interface Destination {
	user: string | null;
	host: string;
	port: number | null;
}

/** Where to connect, after `~/.ssh/config` had its say. */
export interface SshTarget {
	/** The host as typed (an alias, a name or an address): names the default recording. */
	alias: string;
	/** The address to connect to (`HostName`, else the host as typed). */
	host: string;
	port: number;
	user: string;
	/** `IdentityFile` entries for this host, `~` and `%` tokens expanded. */
	identityFiles: string[];
	/** `ConnectTimeout` in seconds, when the config sets one. */
	connectTimeout?: number;
}

/** Where OpenSSH keeps its files; tests point this at a temporary directory. */
export interface SshPaths {
	/** The user's home directory, for `~` in paths. */
	home: string;
	/** `~/.ssh` */
	dir: string;
	config: string;
	knownHosts: string;
}

export function sshPaths(home: string): SshPaths {
	const dir = join(home, '.ssh');
	return {home, dir, config: join(dir, 'config'), knownHosts: join(dir, 'known_hosts')};
}

export class DestinationError extends Error {
	override name = 'DestinationError';
}

/**
 * Parses `[user@]host[:port]`, `[v6addr]:port` and `ssh://user@host:port`. A bare IPv6
 * address (several colons, no brackets) has no port.
 */
export function parseDestination(text: string): Destination {
	let rest = text.trim().replace(/^ssh:\/\//, '').replace(/\/$/, '');
	let user: string | null = null;
	const at = rest.lastIndexOf('@');
	if (at !== -1) {
		user = rest.slice(0, at);
		rest = rest.slice(at + 1);
		if (!user) throw new DestinationError(`"${text}": empty user name before @`);
	}
	let host = rest;
	let portText: string | null = null;
	const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
	if (bracketed) {
		host = bracketed[1]!;
		portText = bracketed[2] ?? null;
	} else if (rest.split(':').length === 2) {
		[host, portText] = rest.split(':') as [string, string];
	}
	if (!host || /[\s/]/.test(host)) throw new DestinationError(`"${text}" is not a host name: use [user@]host[:port]`);
	let port: number | null = null;
	if (portText !== null) {
		port = Number(portText);
		if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new DestinationError(`"${text}": the port must be a number from 1 to 65535`);
	}
	return {user, host, port};
}

/**
 * Applies `~/.ssh/config` to a destination as `ssh` would: `HostName`, `User`, `Port`,
 * `IdentityFile` and `ConnectTimeout` from the first matching `Host`/`Match` blocks; what the command line says wins.
 * `Match exec` blocks are not evaluated (esxlat runs no commands from the config).
 */
export function resolveTarget(destination: Destination, paths: SshPaths, localUser: string): SshTarget {
	const config = readConfig(paths.config);
	const computed = config ? config.compute(destination.host, {ignoreCase: true, matchExec: false}) : {};
	const single = (key: string): string | undefined => {
		const value = computed[key];
		return Array.isArray(value) ? value[0] : value;
	};
	const user = destination.user ?? single('user') ?? localUser;
	const host = expandTokens(single('hostname') ?? destination.host, {home: paths.home, host: destination.host, user, localUser});
	const configPort = Number(single('port'));
	const port = destination.port ?? (Number.isInteger(configPort) && configPort > 0 ? configPort : 22);
	const identities = computed.identityfile;
	const identityFiles = (Array.isArray(identities) ? identities : identities ? [identities] : [])
		.filter((file) => file.toLowerCase() !== 'none')
		.map((file) => expandTokens(file, {home: paths.home, host, user, localUser}));
	const timeout = Number(single('connecttimeout'));
	return {alias: destination.host, host, port, user, identityFiles, ...(timeout > 0 && timeout <= 3600 ? {connectTimeout: timeout} : {})};
}

function readConfig(path: string): SSHConfig | null {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch {
		return null; // no config is the common case
	}
	return SSHConfig.parse(text);
}

/** `~` and the ssh_config tokens that make sense here (`%d %h %r %u %%`). */
function expandTokens(text: string, context: {home: string; host: string; user: string; localUser: string}): string {
	const withHome = text.startsWith('~/') || text === '~' ? context.home + text.slice(1) : text;
	return withHome.replace(/%([dhru%])/g, (_, token: string) => {
		switch (token) {
			case 'd':
				return context.home;
			case 'h':
				return context.host;
			case 'r':
				return context.user;
			case 'u':
				return context.localUser;
			default:
				return '%';
		}
	});
}

/** `user@host` or `user@host:port`: how messages name the target. */
export function targetLabel(target: SshTarget): string {
	const host = target.host.includes(':') ? `[${target.host}]` : target.host;
	return `${target.user}@${host}${target.port === 22 ? '' : `:${target.port}`}`;
}
