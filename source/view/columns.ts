import type {ThresholdMetric} from '../model/thresholds.js';
import type {Schema} from '../parse/schema.js';
import type {FieldName, ViewName} from '../parse/storage-views.js';

/** A table column: a field of the view (or the id), how wide, and which band colours it. */
export interface Column {
	key: FieldName | 'id';
	title: string;
	width: number;
	/** Latency columns are coloured by this metric's warn/crit band. */
	band?: ThresholdMetric;
	/** Error-rate columns turn yellow above zero. */
	alarmAboveZero?: boolean;
	/** Lower shows first when the terminal is narrow (the id is always shown). */
	priority: number;
	/** Only shown when the capture has the counter (FAIL/s, ABRT/s, RST/s come with esxtop -a). */
	optional?: boolean;
}

const rate = (key: FieldName, title: string, priority: number, width = 8): Column => ({key, title, width, priority});
const latency = (key: FieldName, title: string, band: ThresholdMetric, priority: number): Column => ({key, title, width: 7, band, priority});
const errors = (key: FieldName, title: string, priority: number): Column => ({key, title, width: 7, alarmAboveZero: true, priority, optional: true});

const io = [rate('cmds', 'CMDS/s', 5), rate('reads', 'READS/s', 20), rate('writes', 'WRITES/s', 21, 9), rate('mbRead', 'MBRD/s', 22), rate('mbWritten', 'MBWR/s', 23)];
const latencies = [latency('davg', 'DAVG', 'davg', 2), latency('kavg', 'KAVG', 'kavg', 3), latency('gavg', 'GAVG', 'gavg', 1), latency('qavg', 'QAVG', 'kavg', 4)];
const failures = [errors('failed', 'FAIL/s', 10), errors('aborts', 'ABRT/s', 11), errors('resets', 'RST/s', 12)];

/** esxtop's disk panels: u devices, d adapters, p paths, v VM disks, n NFS volumes. */
export const viewColumns: Record<ViewName, Column[]> = {
	device: [
		{key: 'id', title: 'DEVICE', width: 0, priority: 0},
		rate('dqlen', 'DQLEN', 8, 6),
		rate('actv', 'ACTV', 6, 5),
		rate('qued', 'QUED', 7, 5),
		...io,
		...latencies,
		...failures,
	],
	adapter: [{key: 'id', title: 'ADAPTER', width: 0, priority: 0}, {...rate('aqlen', 'AQLEN', 8, 6), optional: true}, ...io, ...latencies, ...failures],
	path: [{key: 'id', title: 'PATH', width: 0, priority: 0}, ...io, ...latencies, ...failures],
	vm: [{key: 'id', title: 'VM DISK', width: 0, priority: 0}, ...io, latency('readLatency', 'LAT/rd', 'gavg', 1), latency('writeLatency', 'LAT/wr', 'gavg', 2)],
	nfs: [{key: 'id', title: 'NFS VOLUME', width: 0, priority: 0}, rate('actv', 'ACTV', 6, 5), ...io, latency('gavg', 'GAVG', 'gavg', 1)],
};

export const viewTitles: Record<ViewName, string> = {device: 'devices', adapter: 'adapters', path: 'paths', vm: 'VM disks', nfs: 'NFS'};
export const viewKeys: Record<ViewName, string> = {device: 'u', adapter: 'd', path: 'p', vm: 'v', nfs: 'n'};

/** The default sort: GAVG where the view has it, else the first latency column; worst first. */
export function defaultSortKey(view: ViewName): Column['key'] {
	return view === 'vm' ? 'writeLatency' : 'gavg';
}

/** Width of the marker column and the space between columns. */
export const markerWidth = 2;
export const gap = 1;
const minIdWidth = 20;
const maxIdWidth = 64;

/**
 * The columns that fit `width`, in the layout's order (panel order by default): the id, then
 * by priority. The id column takes what is left (between 20 and 64 characters), so wide
 * terminals show more of long t10 ids, unless the layout fixes its width (`[` `]`); then the
 * other columns give way, lowest priority first.
 */
export function fitColumns(view: ViewName, schema: Schema | null, width: number, layout?: ViewLayoutLike): Column[] {
	const present = schema?.present[view];
	const ordered = layout ? layout.columns : viewColumns[view];
	const candidates = ordered.filter((column) => column.key === 'id' || !column.optional || present?.has(column.key));
	const fixedId = layout?.idWidth ?? null;
	const chosen = new Set<Column>();
	let used = markerWidth + gap + (fixedId ?? minIdWidth);
	for (const column of [...candidates].sort((a, b) => a.priority - b.priority)) {
		if (column.key === 'id') continue;
		if (used + gap + column.width > width) continue;
		chosen.add(column);
		used += gap + column.width;
	}
	const idWidth = fixedId ?? Math.max(minIdWidth, Math.min(maxIdWidth, width - used + minIdWidth));
	return candidates.filter((column) => column.key === 'id' || chosen.has(column)).map((column) => (column.key === 'id' ? {...column, width: idWidth} : column));
}

/** What fitColumns needs of a layout: the columns in order (id first) and a fixed id width. */
export interface ViewLayoutLike {
	columns: Column[];
	idWidth: number | null;
}
