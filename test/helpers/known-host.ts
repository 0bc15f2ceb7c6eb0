import assert from 'node:assert/strict';
import {runEsxlat, type TestHome} from './cli.js';
import {type Sshd, startSshd} from './sshd.js';

/**
 * A real sshd that lets `home`'s key in, with its host key already filed in `home`'s
 * known_hosts (one `record --accept-new --count 1`), so later runs need no --accept-new.
 */
export async function startKnownHost(home: TestHome): Promise<{sshd: Sshd; target: string}> {
	const sshd = await startSshd({authorizedKeys: [home.publicKey]});
	const target = `127.0.0.1:${sshd.port}`;
	const {code, stderr} = await runEsxlat(['record', target, '--accept-new', '--interval', '0.2', '--count', '1', '-o', 'first.csv'], home.home);
	assert.equal(code, 0, stderr);
	return {sshd, target};
}
