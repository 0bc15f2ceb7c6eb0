import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {formatListenAddress, type ListenAddress} from './address.js';
import type {Exposition} from './registry.js';

/** The exporter could not listen: one line for the user. */
export class ExportError extends Error {
	override name = 'ExportError';
}

export interface MetricsServer {
	/** Where it listens, with the port the system chose for port 0. */
	address: ListenAddress;
	close(): Promise<void>;
}

/**
 * Serves `GET /metrics` from `render`: OpenMetrics when the scraper's Accept header asks for
 * `application/openmetrics-text` (Prometheus does), Prometheus text format otherwise.
 */
export async function startMetricsServer(address: ListenAddress, render: (format: 'text' | 'openmetrics') => Promise<Exposition>): Promise<MetricsServer> {
	const server = createServer((request, response) => void handle(request, response, render));
	server.keepAliveTimeout = 65_000; // Prometheus keeps scrape connections open
	await listen(server, address);
	const bound = server.address() as AddressInfo;
	return {
		address: {host: address.host, port: bound.port},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

async function handle(request: IncomingMessage, response: ServerResponse, render: (format: 'text' | 'openmetrics') => Promise<Exposition>): Promise<void> {
	const path = (request.url ?? '/').split('?', 1)[0];
	if (request.method !== 'GET' && request.method !== 'HEAD') return reply(response, 405, 'only GET\n', {allow: 'GET, HEAD'});
	if (path === '/') return reply(response, 200, 'esxlat exporter: metrics at /metrics\n');
	if (path !== '/metrics') return reply(response, 404, 'not found: metrics are at /metrics\n');
	try {
		const accept = request.headers.accept ?? '';
		const exposition = await render(accept.includes('application/openmetrics-text') ? 'openmetrics' : 'text');
		reply(response, 200, request.method === 'HEAD' ? '' : exposition.body, {'content-type': exposition.contentType});
	} catch (error) {
		reply(response, 500, `esxlat: ${error instanceof Error ? error.message : String(error)}\n`);
	}
}

function reply(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
	response.writeHead(status, {'content-type': 'text/plain; charset=utf-8', ...headers});
	response.end(body);
}

function listen(server: Server, address: ListenAddress): Promise<void> {
	return new Promise((resolve, reject) => {
		const where = formatListenAddress(address);
		server.once('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EADDRINUSE') reject(new ExportError(`--metrics ${where}: the address is already in use (another exporter?); choose another port with --metrics ADDR`));
			else if (error.code === 'EADDRNOTAVAIL') reject(new ExportError(`--metrics ${where}: not an address of this machine`));
			else if (error.code === 'EACCES') reject(new ExportError(`--metrics ${where}: permission denied (ports below 1024 need privileges)`));
			else if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') reject(new ExportError(`--metrics ${where}: cannot resolve ${address.host}`));
			else reject(new ExportError(`--metrics ${where}: ${error.message}`));
		});
		server.listen(address.port, address.host, () => resolve());
	});
}
