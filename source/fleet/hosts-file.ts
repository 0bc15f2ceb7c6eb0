import {readFileSync} from 'node:fs';

export class HostsFileError extends Error {}

/**
 * The destinations of a `--hosts FILE`: one `[user@]host[:port]` or ssh_config alias per line;
 * `#` starts a comment (whole line or after a destination); blank lines are skipped.
 */
export function parseHostsFile(text: string): string[] {
	const hosts: string[] = [];
	for (const line of text.split(/\r?\n/)) {
		const destination = line.replace(/#.*$/, '').trim();
		if (destination) hosts.push(destination);
	}
	return hosts;
}

export function readHostsFile(path: string): string[] {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new HostsFileError(`--hosts ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message}`);
	}
	const hosts = parseHostsFile(text);
	if (hosts.length === 0) throw new HostsFileError(`--hosts ${path}: no hosts in the file (one [user@]host[:port] per line, # comments)`);
	return hosts;
}

/** The hosts of the command line and of --hosts, in that order, each once. */
export function fleetDestinations(positional: readonly string[], hostsFile: string | undefined): string[] {
	const all = [...positional, ...(hostsFile === undefined ? [] : readHostsFile(hostsFile))];
	return [...new Set(all)];
}
