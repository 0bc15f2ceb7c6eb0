import type {Severity} from '../classify.js';
import type {Thresholds} from '../../model/thresholds.js';
import type {ViewName} from '../../parse/storage-views.js';
import type {LatencyMetric, TimelineMetric} from './entity-table.js';
import type {Episode, StretchClass} from './stretch.js';
import type {LinkBasis, LocalKind} from '../topology.js';
import type {VmShare} from './vm-ledger.js';

/** The triage report as data: what every output format (terminal, markdown, JSON) renders. Times are epoch ms UTC. */
export interface Report {
	/** Host name(s) from the counter paths. */
	hosts: string[];
	/** First and last sample the report covers (null when it covers none). */
	from: number | null;
	to: number | null;
	/** Samples taken into the report (warm-up rows and rows outside --from/--to left out). */
	samples: number;
	/** The most common interval between rows in seconds (esxtop -d), null with one sample. */
	interval: number | null;
	healthy: boolean;
	/** One line for the whole host: the worst culprit, or that nothing is wrong. */
	headline: string;
	thresholds: Thresholds;
	input: InputSummary;
	culprits: Culprit[];
	/** Culprits beyond --top, not listed. */
	moreCulprits: number;
	entities: EntitySummary[];
	timeline: {bucketSeconds: number; starts: number[]};
	/** Commands/s under which latency is too little I/O to judge. */
	minIo: number;
	/** Entities that went over a threshold only with too little I/O to judge: never culprits. */
	lowIo: LowIoEntry[];
}

export interface LowIoEntry {
	view: ViewName;
	id: string;
	host: string;
	/** Mean commands/s over the report. */
	cmds: number | null;
	/** Samples at warn or above left out for too little I/O. */
	samples: number;
	why: string;
}

export interface InputSummary {
	name: string;
	/** Header lines seen: more than one means concatenated captures. */
	headers: number;
	/** Data rows parsed, warm-up rows included. */
	rows: number;
	warmup: number;
	skipped: {drift: number; truncated: number; time: number};
	/** Cells read as missing (negative, infinite, absurd). */
	outOfRange: number;
	/** Rows whose time is before the previous row's: each starts a new segment. */
	rewound: number;
	outsideWindow: number;
	window: {from: number | null; to: number | null} | null;
	/** First and last sample in the capture, inside the window or not (null when none). */
	span: {from: number; to: number} | null;
	/** Storage entities (devices, adapters, paths, NFS volumes) found. */
	hasStorage: boolean;
}

export interface Percentiles {
	p50: number | null;
	p95: number | null;
	p99: number | null;
	max: number | null;
}

export interface RateSummary {
	mean: number | null;
	peak: number | null;
	peakAt: number | null;
}

export interface StretchSummary {
	from: number;
	to: number;
	seconds: number;
	/** Samples at warn or above, and samples from its first to its last. */
	samples: number;
	span: number;
	severity: Severity;
	critSamples: number;
	bottleneck: StretchClass;
}

export interface EntitySummary {
	view: ViewName;
	id: string;
	host: string;
	adapter: string | null;
	/** The path a device was matched to (its only one; or a path's device), where known. */
	linked: string | null;
	/** Every adapter it is reached through (a multipathed device may have several). */
	adapters: string[];
	/** A device's paths and how each link was established (null for other views). */
	paths: Array<{id: string; adapter: string | null; basis: LinkBasis[]}> | null;
	/** A local device (no array behind it), by kind; null for SAN LUNs and other views. */
	local: LocalKind | null;
	/** Seconds of guest waiting above the thresholds (commands/s × excess latency × time). */
	lost: number;
	/** Samples at warn or above left out for too little I/O. */
	lowIoSamples: number;
	/** Mean commands/s outside its trouble: the load it usually carries (null when always in trouble). */
	baseline: number | null;
	/** An adapter that is not adapter-wide: the LUNs (or paths) whose latency shows through it. */
	showsThrough: string[];
	/** Device queue depth: largest and smallest seen, and when it first dropped (adaptive queue depth). */
	dqlen: {max: number; min: number; droppedAt: number | null} | null;
	samples: number;
	latency: Record<LatencyMetric, Percentiles | null>;
	cmds: RateSummary | null;
	mbps: RateSummary | null;
	/** Approximate totals over the report (Σ rate × interval); null when the capture lacks the counter (no -a). */
	failed: number | null;
	aborts: number | null;
	resets: number | null;
	/** Shares (0–1) of rated samples whose worst latency was at warn, and at crit. */
	warnShare: number;
	critShare: number;
	stretch: StretchSummary | null;
	/** Ranking weight: Σ severity weight × seconds over all its samples at warn or above (warn 1, crit 3). */
	score: number;
	/** Devices: the worlds (VMs) behind its commands over the capture, busiest first (attach-vms.ts). */
	vms?: VmShare[];
}

/** What kind of trouble a culprit is, one step finer than its bottleneck class. */
export type {Cause} from '../diagnose.js';
import type {Cause} from '../diagnose.js';

export type Confidence = 'high' | 'medium' | 'low';

/** Recurring episodes: how many, and the usual time between their starts when regular. */
export interface Recurrence {
	episodes: number;
	/** Seconds between starts when they are regular (null: irregular). */
	every: number | null;
	text: string;
}

/** A metric rising over the capture: from, to (bucket means, ms), since when. */
export interface Trend {
	metric: TimelineMetric;
	from: number;
	to: number;
	since: number;
	text: string;
}

export interface Culprit {
	rank: number;
	/** `host` for a host-wide culprit (its members are the devices). */
	view: ViewName | 'host';
	id: string;
	bottleneck: StretchClass;
	cause: Cause;
	severity: Severity;
	from: number;
	to: number;
	seconds: number;
	samples: number;
	score: number;
	/** Commands aborted or reset during the stretch: guests are timing out. */
	timeouts: boolean;
	/** One line, as in the host-wide headline. */
	title: string;
	/** One paragraph: how long, what and where, what to do next. */
	summary: string;
	/** The numbers behind it, one short line each (the hint pane's lines, then the whole capture's). */
	evidence: string[];
	next: string;
	/** Other entities folded into this culprit (the LUNs of a slow adapter, a device's path). */
	members: Array<{view: ViewName; id: string}>;
	/** The metric the verdict is about, its p95 and max over the stretch, and its timeline. */
	metric: TimelineMetric;
	p95: number | null;
	peak: number | null;
	timeline: Array<number | null>;
	/** Every episode (the worst `maxEpisodes`), worst first; the severity is the worst episode's. */
	episodes: Episode[];
	recurrence: Recurrence | null;
	trend: Trend | null;
	confidence: Confidence;
	/** Why the confidence is what it is, in a few words. */
	confidenceWhy: string;
	/** The ranking measure: seconds of guest waiting above the thresholds. */
	lost: number;
	/** Device culprits: the worlds (VMs) behind it over its samples at warn or above (attach-vms.ts). */
	vms?: VmShare[];
}
