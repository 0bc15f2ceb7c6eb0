import type {RowScanner} from './row-scanner.js';
import {cellWanted, groupWanted, type HeaderCells, storageGroupPrefixes} from './schema.js';
import type {ViewName} from './storage-views.js';

const prefixes = storageGroupPrefixes.map((prefix) => Buffer.from(prefix, 'latin1'));
const groupCpu = Buffer.from('Group Cpu(', 'latin1');
const vcpu = Buffer.from('Vcpu(', 'latin1');
const backslash = 0x5c;
const quote = 0x22;
const openParen = 0x28;
const closeParen = 0x29;

/**
 * Reads a header line in place: finds every cell with the scanner, then decodes only the
 * marker, the host and the counter paths the schema will use. A 56,000-cell header would
 * otherwise become 56,000 strings (and four more slices each) for a few thousand that matter;
 * on a SAN host most cells are storage counters, so each one's group and counter name are
 * looked at first (as bytes, see NameDecisions) and only the cells `views` read are decoded whole.
 */
export function readHeaderCells(scanner: RowScanner, start: number, end: number, free: number, views?: ReadonlySet<ViewName>): HeaderCells {
	const spans = scanner.allSpans(start, end, free);
	const bytes = scanner.bytes;
	const fieldCount = spans.length / 2;
	let host: string | null = null;
	const storageCells: Array<[number, string]> = [];
	const names = views ? new NameDecisions(views) : null;
	// Who each world belongs to: one decoded name per Group Cpu/Vcpu instance, not one per counter.
	const groupInstances: string[] = [];
	const vcpuInstances: string[] = [];
	let lastStart = 0;
	let lastEnd = 0;
	for (let cell = 1; cell < fieldCount; cell++) {
		let s = spans[2 * cell]!;
		const e = spans[2 * cell + 1]!;
		if (bytes[s] === quote) s++;
		// A counter path: \\host\Group…
		if (bytes[s] !== backslash || bytes[s + 1] !== backslash) continue;
		let hostEnd = s + 2;
		while (hostEnd < e && bytes[hostEnd] !== backslash) hostEnd++;
		if (hostEnd >= e) continue;
		if (host === null) host = bytes.toString('utf8', s + 2, hostEnd);
		if (startsWithAny(bytes, hostEnd + 1, e)) {
			if (names && !names.wanted(bytes, hostEnd + 1, bytes[e - 1] === quote ? e - 1 : e)) continue;
			storageCells.push([cell, scanner.cellText(spans[2 * cell]!, e)]);
			continue;
		}
		// Who each world belongs to: needed with the device view (its worlds) only.
		if (views && !views.has('device')) continue;
		const isVcpu = startsWith(bytes, hostEnd + 1, e, vcpu);
		if (!isVcpu && !startsWith(bytes, hostEnd + 1, e, groupCpu)) continue;
		// The instance: from after `Group(` to the last `)` before the counter's `\`.
		const open = hostEnd + 1 + (isVcpu ? vcpu.length : groupCpu.length);
		const counterStart = bytes.lastIndexOf(backslash, e - 1);
		const close = counterStart > open ? bytes.lastIndexOf(closeParen, counterStart) : -1;
		if (close < open) continue;
		// Counters of one instance are adjacent: decode the name only when it changes.
		if (close - open === lastEnd - lastStart && bytes.compare(bytes, lastStart, lastEnd, open, close) === 0) continue;
		lastStart = open;
		lastEnd = close;
		(isVcpu ? vcpuInstances : groupInstances).push(bytes.toString('utf8', open, close));
	}
	return {marker: scanner.cellText(spans[0]!, spans[1]!), fieldCount, host, storageCells, groupInstances, vcpuInstances};
}

/**
 * Whether cells `Group(Instance)\\Counter` are ones the schema reads for `views`, decided once
 * per group and counter name: a SAN header repeats the same few hundred names over 100,000
 * cells, so names are hashed and compared as bytes, never decoded into strings again. Cells
 * come in runs of one group: the group is matched against the cell before's, and only the
 * counter name is hashed (scanning back to its backslash) and compared.
 */
class NameDecisions {
	/** Per hash of (group id, counter name): the counter names seen and what was decided. */
	private readonly known = new Map<number, Array<{group: number; counter: Uint8Array; wanted: boolean}>>();
	private readonly groupIds = new Map<string, number>();

	constructor(private readonly views: ReadonlySet<ViewName>) {}

	/** The group of the cell before, its id, and whether the views read any of it. */
	private lastGroup = new Uint8Array(0);
	private lastGroupId = -1;
	private lastGroupWanted = false;

	wanted(bytes: Buffer, from: number, to: number): boolean {
		const last = this.lastGroup;
		let groupEnd = from + last.length;
		if (!(groupEnd < to && (bytes[groupEnd] === openParen || bytes[groupEnd] === backslash) && sameBytes(last, bytes, from))) {
			groupEnd = from;
			while (groupEnd < to && bytes[groupEnd] !== openParen && bytes[groupEnd] !== backslash) groupEnd++;
			this.newGroup(bytes, from, groupEnd);
		}
		if (!this.lastGroupWanted) return false;
		// FNV-1a over the group's id and the counter name (read backwards from the cell's end).
		let hash = Math.imul(0x811c9dc5 ^ this.lastGroupId, 0x01000193);
		let counterStart = to;
		while (counterStart > groupEnd && bytes[counterStart - 1] !== backslash) hash = Math.imul(hash ^ bytes[--counterStart]!, 0x01000193);
		if (counterStart <= groupEnd) return false;
		const length = to - counterStart;
		let bucket = this.known.get(hash);
		if (bucket) {
			for (const entry of bucket) if (entry.group === this.lastGroupId && entry.counter.length === length && sameBytes(entry.counter, bytes, counterStart)) return entry.wanted;
		} else this.known.set(hash, (bucket = []));
		// Group and counter names are ASCII: latin1 decodes them, and a name that is not ASCII matches none.
		const wanted = cellWanted(bytes.toString('latin1', from, groupEnd), bytes.toString('latin1', counterStart, to), this.views);
		bucket.push({group: this.lastGroupId, counter: bytes.slice(counterStart, to), wanted});
		return wanted;
	}

	private newGroup(bytes: Buffer, from: number, to: number): void {
		const name = bytes.toString('latin1', from, to);
		let id = this.groupIds.get(name);
		if (id === undefined) this.groupIds.set(name, (id = this.groupIds.size));
		this.lastGroup = bytes.slice(from, to);
		this.lastGroupId = id;
		this.lastGroupWanted = groupWanted(name, this.views);
	}
}

/** `name` equals bytes[from, from + name.length). */
function sameBytes(name: Uint8Array, bytes: Uint8Array, from: number): boolean {
	for (let i = 0; i < name.length; i++) if (name[i] !== bytes[from + i]) return false;
	return true;
}

function startsWithAny(bytes: Uint8Array, at: number, end: number): boolean {
	for (const prefix of prefixes) if (startsWith(bytes, at, end, prefix)) return true;
	return false;
}

function startsWith(bytes: Uint8Array, at: number, end: number, prefix: Uint8Array): boolean {
	if (at + prefix.length > end) return false;
	for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
	return true;
}
