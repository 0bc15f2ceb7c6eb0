import {isIPv4, isIPv6} from 'node:net';

/** Where the exporter listens. */
export interface ListenAddress {
	host: string;
	port: number;
}

export const defaultMetricsPort = 9464;
export const defaultListenAddress: ListenAddress = {host: '127.0.0.1', port: defaultMetricsPort};

export class AddressSyntaxError extends Error {
	override name = 'AddressSyntaxError';
}

const hostName = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

/**
 * `--metrics ADDR`: `PORT` (on 127.0.0.1), `HOST:PORT`, `[IPv6]:PORT`, or `:PORT` for every
 * interface. Port 0 lets the system choose (the address in use is printed).
 */
export function parseListenAddress(text: string): ListenAddress {
	const bad = (why: string) => new AddressSyntaxError(`--metrics "${text}": ${why} (use PORT, HOST:PORT, [IPv6]:PORT or :PORT)`);
	let host: string;
	let portText: string;
	if (/^\d+$/.test(text)) {
		host = defaultListenAddress.host;
		portText = text;
	} else {
		const match = /^(?:\[([^\]]*)\]|([^:[\]]*)):([^:]*)$/.exec(text);
		if (!match) throw bad('not an address');
		host = match[1] ?? match[2]!;
		portText = match[3]!;
		if (match[1] !== undefined && !isIPv6(host)) throw bad(`${host} is not an IPv6 address`);
		if (match[1] === undefined && host !== '' && !isIPv4(host) && !hostName.test(host)) throw bad(`"${host}" is not a host name or IPv4 address`);
		if (host === '') host = '0.0.0.0';
	}
	if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw bad(`"${portText}" is not a port (0 to 65535)`);
	return {host, port: Number(portText)};
}

/** `127.0.0.1:9464`, `[::1]:9464` */
export function formatListenAddress(address: ListenAddress): string {
	return isIPv6(address.host) ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
