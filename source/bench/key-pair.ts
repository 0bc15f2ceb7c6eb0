import ssh2 from 'ssh2';

/**
 * An ed25519 pair ssh2 can read back. About 1 in 300 private keys from its generateKeyPairSync
 * are refused by its own parser ("Malformed OpenSSH private key"), which failed a bench or a
 * test at random; a fresh pair is drawn until one parses.
 */
export function parsableKeyPair(): ReturnType<typeof ssh2.utils.generateKeyPairSync> {
	for (let attempt = 0; attempt < 8; attempt++) {
		const pair = ssh2.utils.generateKeyPairSync('ed25519');
		if (!(ssh2.utils.parseKey(pair.private) instanceof Error)) return pair;
	}
	throw new Error('ssh2 generated 8 ed25519 keys in a row that it cannot parse');
}
