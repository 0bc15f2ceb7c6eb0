import type {RowScanner} from './row-scanner.js';
import {type HeaderCells, storageGroupPrefixes} from './schema.js';

const prefixes = storageGroupPrefixes.map((prefix) => Buffer.from(prefix, 'latin1'));
const groupCpu = Buffer.from('Group Cpu(', 'latin1');
const vcpu = Buffer.from('Vcpu(', 'latin1');
const backslash = 0x5c;
const quote = 0x22;
const closeParen = 0x29;

/**
 * Reads a header line in place: finds every cell with the scanner, then decodes only the
 * marker, the host and the storage groups' counter paths. A 56,000-cell header would
 * otherwise become 56,000 strings (and four more slices each) for a few thousand that matter.
 */
export function readHeaderCells(scanner: RowScanner, start: number, end: number, free: number): HeaderCells {
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
			storageCells.push([cell, scanner.cellText(spans[2 * cell]!, e)]);
			continue;
		}
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

function startsWith(bytes: Uint8Array, at: number, end: number, prefix: Uint8Array): boolean {
	if (at + prefix.length > end) return false;
	for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
	return true;
}
