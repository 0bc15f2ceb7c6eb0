/**
 * Reference tokenizer for one esxtop CSV line. The WebAssembly row scanner applies the same
 * rules to data rows; this one splits header lines (once per schema) and serves as the test
 * oracle for the scanner.
 *
 * Rules (what real hosts and spreadsheet re-saves print):
 * - A comma outside quotes ends a field; `""` inside quotes is an escaped quote.
 * - An opening quote met inside an unquoted field starts a new field: esxtop -a writes an
 *   unquoted PCPU Power State cell glued to the next quoted one (`   -"\\h\PCPU...`).
 * - The caller strips the line terminator (`\n` or `\r\n`).
 */
export function splitFields(line: string): string[] {
	const fields: string[] = [];
	forEachFieldSpan(line, (start, end) => {
		fields.push(fieldText(line, start, end));
	});
	return fields;
}

/** Calls `visit(start, end)` with the raw span of every field, quotes included. */
export function forEachFieldSpan(line: string, visit: (start: number, end: number) => void): number {
	let count = 0;
	let start = 0;
	let inQuote = false;
	for (let i = 0; i < line.length; i++) {
		const c = line.charCodeAt(i);
		if (c === QUOTE) {
			inQuote = !inQuote;
			if (inQuote && i > start) {
				const previous = line.charCodeAt(i - 1);
				if (previous !== QUOTE) {
					visit(start, i);
					count++;
					start = i;
				}
			}
		} else if (c === COMMA && !inQuote) {
			visit(start, i);
			count++;
			start = i + 1;
		}
	}
	visit(start, line.length);
	return count + 1;
}

/** The text of a raw field: surrounding quotes removed, `""` unescaped, padding trimmed. */
export function fieldText(line: string, start: number, end: number): string {
	let s = start;
	let e = end;
	if (e > s && line.charCodeAt(s) === QUOTE) {
		s++;
		if (e > s && line.charCodeAt(e - 1) === QUOTE) e--;
		const text = line.slice(s, e);
		return text.includes('""') ? text.replaceAll('""', '"') : text;
	}
	return line.slice(s, e).trim();
}

const QUOTE = 0x22;
const COMMA = 0x2c;
