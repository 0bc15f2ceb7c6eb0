import {existsSync} from 'node:fs';
import {homedir, userInfo} from 'node:os';
import {join, resolve} from 'node:path';
import {Authenticator} from '../input/ssh/auth.js';
import {connectSsh} from '../input/ssh/connect.js';
import {startEsxtop, type EsxtopCommand, type EsxtopStream} from '../input/ssh/esxtop-stream.js';
import {HostKeyVerifier, preferredHostKeyAlgorithms} from '../input/ssh/host-key.js';
import {type Prompter, terminalPrompter} from '../input/ssh/prompt.js';
import {DestinationError, parseDestination, resolveTarget, sshPaths, targetLabel, type SshTarget} from '../input/ssh/target.js';
import {printNotice} from './notice.js';
import {UsageError} from './usage-error.js';

/** The flags `live` and `record` share for reaching a host. */
export interface SshFlags {
	/** `-i FILE`, repeatable. */
	identity: string[];
	/** Name of an environment variable holding the password (scripts). */
	passwordEnv: string | undefined;
	/** Trust a host key seen for the first time without asking. */
	acceptNew: boolean;
}

export interface SshConnection {
	target: SshTarget;
	/** `user@host[:port]` */
	label: string;
	openStream: (command: EsxtopCommand, onData: (chunk: Buffer) => void) => Promise<EsxtopStream>;
}

/** Where questions and notes go; by default the terminal and stderr (a fleet queues them host by host). */
export interface AskOptions {
	prompter?: Prompter | null;
	notice?: (text: string) => void;
}

/** OpenSSH's default identities, tried after `-i` and `IdentityFile` when they exist. */
const defaultIdentities = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/**
 * Everything needed to reach `destination` as OpenSSH would: `~/.ssh/config`, known_hosts,
 * the agent, identity files and prompts on the terminal. `~` is $HOME, so tests point HOME at
 * a directory of their own; nothing touches the network until `openStream` is called.
 */
export function sshConnection(destination: string, flags: SshFlags, env: NodeJS.ProcessEnv = process.env, ask: AskOptions = {}): SshConnection {
	let target: SshTarget;
	const paths = sshPaths(homedir());
	try {
		target = resolveTarget(parseDestination(destination), paths, localUser());
	} catch (error) {
		if (error instanceof DestinationError) throw new UsageError(error.message);
		throw error;
	}
	const explicit = flags.identity.map((file) => resolve(file));
	const missing = explicit.find((file) => !existsSync(file));
	if (missing) throw new UsageError(`-i ${missing}: no such file`);
	const defaults = defaultIdentities.map((name) => join(paths.dir, name)).filter((file) => existsSync(file));
	const identityFiles = [...new Set([...explicit, ...target.identityFiles, ...defaults])];

	let password: string | null = null;
	if (flags.passwordEnv !== undefined) {
		password = env[flags.passwordEnv] ?? null;
		if (password === null) throw new UsageError(`--password-env ${flags.passwordEnv}: that environment variable is not set`);
	}
	const label = targetLabel(target);
	const prompter = ask.prompter === undefined ? terminalPrompter() : ask.prompter;
	const notice = ask.notice ?? printNotice;
	const auth = new Authenticator({user: target.user, agentSocket: env.SSH_AUTH_SOCK || null, identityFiles, password, prompter, home: paths.home, label});
	const hostKeys = new HostKeyVerifier({knownHostsPath: paths.knownHosts, acceptNew: flags.acceptNew, prompter, notice}, target.host, target.port);
	return {
		target,
		label,
		async openStream(command, onData) {
			const hostKeyAlgorithms = preferredHostKeyAlgorithms(paths.knownHosts, target.host, target.port);
			const client = await connectSsh({target, auth, hostKeys, hostKeyAlgorithms});
			return startEsxtop(client, command, onData);
		},
	};
}

function localUser(): string {
	try {
		return userInfo().username;
	} catch {
		return process.env.USER ?? 'root';
	}
}
