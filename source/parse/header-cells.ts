import type {RowScanner} from './row-scanner.js';
import {type HeaderCells, storageGroupPrefixes} from './schema.js';

const prefixes = storageGroupPrefixes.map((prefix) => Buffer.from(prefix, 'latin1'));
const backslash = 0x5c;
const quote = 0x22;

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
	for (let cell = 1; cell < fieldCount; cell++) {
		let s = spans[2 * cell]!;
		const e = spans[2 * cell + 1]!;
		if (bytes[s] === quote) s++;
		// A counter path: \\host\Group…
		if (bytes[s] !== backslash || bytes[s + 1] !== backslash) continue;
		const hostEnd = bytes.indexOf(backslash, s + 2);
		if (hostEnd === -1 || hostEnd >= e) continue;
		if (host === null) host = bytes.toString('utf8', s + 2, hostEnd);
		if (prefixes.some((prefix) => startsWith(bytes, hostEnd + 1, e, prefix))) storageCells.push([cell, scanner.cellText(spans[2 * cell]!, e)]);
	}
	return {marker: scanner.cellText(spans[0]!, spans[1]!), fieldCount, host, storageCells};
}

function startsWith(bytes: Uint8Array, at: number, end: number, prefix: Uint8Array): boolean {
	if (at + prefix.length > end) return false;
	for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
	return true;
}
