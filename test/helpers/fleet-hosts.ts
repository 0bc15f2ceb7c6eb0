import {makeHome, type TestHome} from './cli.js';
import {type Sshd, startSshd} from './sshd.js';

/** A key no test holds: a host that lets only it in refuses everyone. */
const strangerKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGb0mTVh1cyH0pM9b8TTe1DqeQ6cCmp8m2lqHSp8dQkA stranger';

export interface FleetHost {
	name: string;
	sshd: Sshd;
	target: string;
}

/**
 * Real sshd instances on 127.0.0.1, one per host, each with its own port and host key and a fake
 * esxtop named after the host. The generator gives every host the same naa. ids, so the LUNs
 * are shared: device 1 is slow from every host (the array), device 2 only from esx02.
 */
export async function startFleet(options: {refusing?: boolean} = {}): Promise<{home: TestHome; hosts: FleetHost[]; refusing: FleetHost | null; stop(): Promise<void>}> {
	const home = makeHome();
	const specs = [
		{name: 'esx01', slow: '1:45'},
		{name: 'esx02', slow: '1:45,2:40'},
		{name: 'esx03', slow: '1:45'},
	];
	const hosts: FleetHost[] = [];
	for (const spec of specs) {
		const sshd = await startSshd({authorizedKeys: [home.publicKey], env: {FAKE_ESXTOP_HOST: spec.name, FAKE_ESXTOP_DEVICES: '4', FAKE_ESXTOP_SLOW: spec.slow}});
		hosts.push({name: spec.name, sshd, target: `127.0.0.1:${sshd.port}`});
	}
	let refusing: FleetHost | null = null;
	if (options.refusing) {
		const sshd = await startSshd({authorizedKeys: [strangerKey], env: {FAKE_ESXTOP_HOST: 'esx04'}});
		refusing = {name: 'esx04', sshd, target: `127.0.0.1:${sshd.port}`};
	}
	return {
		home,
		hosts,
		refusing,
		async stop() {
			for (const host of [...hosts, ...(refusing ? [refusing] : [])]) await host.sshd.stop();
			home.cleanup();
		},
	};
}
