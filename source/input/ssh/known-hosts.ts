import {createHmac} from 'node:crypto';

/** One key line of a known_hosts file. */
export interface KnownHostEntry {
	/** 1-based line number, for messages that point at the line to fix. */
	line: number;
	marker: '@revoked' | '@cert-authority' | null;
	/** The host field: a comma-separated pattern list or one hashed `|1|salt|hmac` name. */
	hosts: string;
	keyType: string;
	/** The key blob, base64 as in the file. */
	key: string;
}

export type HostKeyCheck =
	| {status: 'known'; line: number}
	/** A key of the same type is on file for this host, and it is another key. */
	| {status: 'changed'; line: number}
	| {status: 'revoked'; line: number}
	/** Nothing on file for this key type; `otherTypes` lists lines with other key types. */
	| {status: 'unknown'; otherTypes: Array<{line: number; keyType: string}>};

/** Parses known_hosts text; comments, blank and malformed lines are skipped. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
	const entries: KnownHostEntry[] = [];
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const fields = lines[i]!.trim().split(/\s+/);
		if (fields[0] === '' || fields[0]!.startsWith('#')) continue;
		const marker = fields[0] === '@revoked' || fields[0] === '@cert-authority' ? fields.shift()! : null;
		const [hosts, keyType, key] = fields;
		if (!hosts || !keyType || !key) continue;
		entries.push({line: i + 1, marker: marker as KnownHostEntry['marker'], hosts, keyType, key});
	}
	return entries;
}

/** The name OpenSSH files a host under: `host`, or `[host]:port` off port 22. */
export function knownHostName(host: string, port: number): string {
	return port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`;
}

/**
 * Whether an entry's host field names `name`: a hashed `|1|salt|hmac` entry, or a pattern
 * list (`*` and `?` wildcards, `!pattern` excludes) as in sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT".
 */
export function hostMatches(hosts: string, name: string): boolean {
	if (hosts.startsWith('|1|')) {
		const [, , salt, hash] = hosts.split('|');
		if (!salt || !hash) return false;
		return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
	}
	let matched = false;
	for (const pattern of hosts.toLowerCase().split(',')) {
		const negated = pattern.startsWith('!');
		if (!globMatch(negated ? pattern.slice(1) : pattern, name)) continue;
		if (negated) return false;
		matched = true;
	}
	return matched;
}

function globMatch(pattern: string, text: string): boolean {
	const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
	return new RegExp(`^${source}$`).test(text);
}

/**
 * Looks a host's key up the way OpenSSH does: a revoked key is refused; a matching key of the
 * same type is known; another key of the same type means the key changed.
 */
export function checkHostKey(entries: KnownHostEntry[], name: string, keyType: string, key: string): HostKeyCheck {
	const revoked = entries.find((entry) => entry.marker === '@revoked' && entry.key === key);
	if (revoked) return {status: 'revoked', line: revoked.line};
	const forHost = entries.filter((entry) => entry.marker === null && hostMatches(entry.hosts, name));
	const same = forHost.find((entry) => entry.keyType === keyType && entry.key === key);
	if (same) return {status: 'known', line: same.line};
	const changed = forHost.find((entry) => entry.keyType === keyType);
	if (changed) return {status: 'changed', line: changed.line};
	return {status: 'unknown', otherTypes: forHost.map((entry) => ({line: entry.line, keyType: entry.keyType}))};
}

/** Key types on file for a host, so the client can ask the server for one of those first. */
export function knownKeyTypes(entries: KnownHostEntry[], name: string): string[] {
	const types = entries.filter((entry) => entry.marker === null && hostMatches(entry.hosts, name)).map((entry) => entry.keyType);
	return [...new Set(types)];
}

export function knownHostsLine(name: string, keyType: string, key: string): string {
	return `${name} ${keyType} ${key}\n`;
}
