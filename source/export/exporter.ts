import type {LiveEvent} from '../live/session.js';
import type {Thresholds} from '../model/thresholds.js';
import {type ListenAddress, formatListenAddress} from './address.js';
import {HostMetrics} from './host-metrics.js';
import {MetricsRegistry} from './registry.js';
import {isWideHost, type MetricsSelection, wideHostNotice} from './selection.js';
import {type MetricsServer, startMetricsServer} from './server.js';

/** `--metrics [ADDR]` and the flags that shape what it serves. */
export interface MetricsOptions {
	address: ListenAddress;
	selection: MetricsSelection;
	thresholds: Thresholds;
}

/** What the exporter needs of a session: its events (a LiveSession, or the fleet's per-host sessions). */
export interface SampleEvents {
	subscribe(listener: (event: LiveEvent) => void): () => void;
}

/**
 * `GET /metrics` over any number of live sessions, one HostMetrics each. Sessions are tracked,
 * not owned: closing the exporter stops serving, the caller closes its sessions.
 */
export class SessionExporter {
	readonly hosts: HostMetrics[] = [];
	private readonly unsubscribe: Array<() => void> = [];
	private readonly registry: MetricsRegistry;

	private constructor(
		private readonly options: MetricsOptions,
		private readonly notice: (text: string) => void,
	) {
		this.registry = new MetricsRegistry(() => this.hosts, options.selection, options.thresholds);
	}

	/** Listens first (a port in use fails before any host is contacted). */
	static async start(options: MetricsOptions, notice: (text: string) => void): Promise<SessionExporter> {
		const exporter = new SessionExporter(options, notice);
		exporter.server = await startMetricsServer(options.address, (format) => exporter.registry.render(format));
		return exporter;
	}

	private server: MetricsServer | null = null;

	/** `http://127.0.0.1:9464/metrics` */
	get url(): string {
		return `http://${formatListenAddress(this.server!.address)}/metrics`;
	}

	/** Serves the session's host from now on, labelled `host` (esxtop's name once it is known). */
	track(session: SampleEvents, host: string): HostMetrics {
		const metrics = new HostMetrics(host);
		this.hosts.push(metrics);
		let warned = false;
		this.unsubscribe.push(
			session.subscribe((event) => {
				if (event.kind === 'sample') {
					metrics.observe(event.sample);
					if (!warned && !this.options.selection.views && isWideHost(event.sample.schema)) {
						warned = true;
						this.notice(wideHostNotice(event.sample.schema));
					}
				} else if (event.kind === 'status' && event.status.state !== 'streaming') {
					metrics.lost(event.status.state === 'reconnecting');
				}
			}),
		);
		return metrics;
	}

	async close(): Promise<void> {
		for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
		await this.server?.close();
	}
}
