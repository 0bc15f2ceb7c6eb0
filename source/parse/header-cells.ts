import type {RowScanner} from './row-scanner.js';
import {cellWanted, type HeaderCells, storageGroupPrefixes} from './schema.js';
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
 * looked at first (short strings) and only the cells `views` read are decoded whole.
 */
export function readHeaderCells(scanner: RowScanner, start: number, end: number, free: number, views?: ReadonlySet<ViewName>): HeaderCells {
	const spans = scanner.allSpans(start, end, free);
	const bytes = scanner.bytes;
	const fieldCount = spans.length / 2;
	let host: string | null = null;
	const storageCells: Array<[number, string]> = [];
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
		const hostEnd = bytes.indexOf(backslash, s + 2);
		if (hostEnd === -1 || hostEnd >= e) continue;
		if (host === null) host = bytes.toString('utf8', s + 2, hostEnd);
		if (prefixes.some((prefix) => startsWith(bytes, hostEnd + 1, e, prefix))) {
			if (views && !wanted(bytes, hostEnd + 1, bytes[e - 1] === quote ? e - 1 : e, views)) continue;
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

/** The cell `Group(Instance)\Counter` at [from, to): is it one the schema reads for `views`? */
function wanted(bytes: Buffer, from: number, to: number, views: ReadonlySet<ViewName>): boolean {
	let groupEnd = from;
	while (groupEnd < to && bytes[groupEnd] !== openParen && bytes[groupEnd] !== backslash) groupEnd++;
	const counterStart = bytes.lastIndexOf(backslash, to - 1) + 1;
	if (counterStart <= groupEnd) return false;
	// Group and counter names are ASCII: latin1 decodes them fastest, and a name that is not ASCII matches none.
	return cellWanted(bytes.toString('latin1', from, groupEnd), bytes.toString('latin1', counterStart, to), views);
}

function startsWith(bytes: Uint8Array, at: number, end: number, prefix: Uint8Array): boolean {
	if (at + prefix.length > end) return false;
	for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
	return true;
}
