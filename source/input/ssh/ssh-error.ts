/**
 * Why a live connection failed, in the words a user acts on:
 * - `unreachable`: the TCP/SSH connection could not be made or was lost (worth retrying);
 * - `host-key`: the host's key is unknown and was not accepted, changed or revoked;
 * - `auth`: every authentication method was refused;
 * - `remote`: esxtop is missing or failed on the host;
 * - `cancelled`: the user answered a prompt with Ctrl-C / Ctrl-D.
 */
export type SshErrorKind = 'unreachable' | 'host-key' | 'auth' | 'remote' | 'cancelled';

/** A one-line message for stderr or the title bar; never carries a password or a stack. */
export class SshError extends Error {
	override name = 'SshError';
	constructor(
		message: string,
		readonly kind: SshErrorKind,
	) {
		super(message);
	}

	/** Trying again later can help: the network, not the host's answer, was the problem. */
	get retryable(): boolean {
		return this.kind === 'unreachable';
	}
}
