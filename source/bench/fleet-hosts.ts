/**
 * `node dist/bench/fleet-hosts.js N INTERVAL PUBLIC_KEY`: N ESXi stand-ins in one process of
 * their own, each ssh2's in-process Server on 127.0.0.1 with its own host key, answering
 * `esxtop -b …` with a wide -a capture (the bench's cpu shape, 56k columns) stamped now, every
 * INTERVAL seconds. Prints one JSON line {hosts: [{port, hostKey}]} once listening. Rows are
 * made once per host and restamped, so this process spends its time on SSH, not on making rows.
 */
import {timingSafeEqual} from 'node:crypto';
import ssh2 from 'ssh2';
import {CaptureWriter, formatTime} from '../generate/capture-writer.js';
import {buildHostSpec} from '../generate/host-spec.js';
import {shapes} from './captures.js';
import {parsableKeyPair} from './key-pair.js';

const {Server, utils} = ssh2;
const [count = '32', interval = '2', publicKey = ''] = process.argv.slice(2);
const parsed = utils.parseKey(publicKey);
if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('fleet-hosts: a public key line is needed');
const allowed = parsed as ssh2.ParsedKey;

/** At full strength from the second row on ('spike' has no ramp). */
const slow = (peak: number) => ({kind: 'spike' as const, from: 1, to: 1e9, peak});

async function startHost(n: number): Promise<{port: number; hostKey: string}> {
	const name = `esx${String(n + 1).padStart(2, '0')}.lab.local`;
	// Every host shares the LUN ids; LUN 0 slow on all of them, LUN 1 only on esx03.
	const spec = buildHostSpec({...shapes.cpu.spec, host: name, episodes: n === 2 ? {0: [slow(45)], 1: [slow(38)]} : {0: [slow(45)]}});
	const writer = new CaptureWriter({spec, all: true, interval: Number(interval), seed: n + 1});
	const header = writer.header;
	const rows = [1, 2, 3].map((i) => writer.row(i));
	const stamp = (row: string) => `"${formatTime(Date.now())}"${row.slice(row.indexOf('",') + 1)}`;
	const hostKey = parsableKeyPair();
	const server = new Server({hostKeys: [hostKey.private]}, (client) => {
		client.on('error', () => {});
		client.on('authentication', (ctx) => {
			if (ctx.method !== 'publickey' || !timingSafeEqual(Buffer.from(ctx.key.data), Buffer.from(allowed.getPublicSSH()))) return ctx.reject(['publickey']);
			if (!ctx.signature) return ctx.accept();
			return allowed.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true ? ctx.accept() : ctx.reject(['publickey']);
		});
		client.on('ready', () => {
			client.on('session', (accept) => {
				accept().on('exec', (acceptExec) => {
					const channel = acceptExec();
					channel.write(header);
					channel.write(writer.row(0));
					let i = 0;
					const timer = setInterval(() => {
						if (!channel.writable) return clearInterval(timer);
						channel.write(stamp(rows[i++ % rows.length]!));
					}, Number(interval) * 1000);
					channel.on('close', () => clearInterval(timer));
				});
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {port: (server.address() as {port: number}).port, hostKey: hostKey.public.split(' ').slice(0, 2).join(' ')};
}

const hosts = [];
for (let n = 0; n < Number(count); n++) hosts.push(await startHost(n));
process.stdout.write(`${JSON.stringify({hosts})}\n`);
