import {type Key, useStdin} from 'ink';
import {useEffect, useRef} from 'react';

/**
 * One key press, decoded from the terminal's bytes. `name` is the printable character itself
 * ('j', 'G', ' '), or a key name: up down left right pageup pagedown home end insert delete
 * return escape backspace tab f1…f12; `unknown` for a sequence we do not know.
 */
export interface KeyPress {
	name: string;
	ctrl: boolean;
	meta: boolean;
	/** The bytes it came from (what a prompt inserts for a printable key). */
	sequence: string;
}

const escape = '\u001B';

/** CSI/SS3 sequences by what follows ESC, without modifier parameters. */
const sequenceNames: Record<string, string> = {
	'[A': 'up', '[B': 'down', '[C': 'right', '[D': 'left', '[H': 'home', '[F': 'end', '[E': 'clear', '[Z': 'backtab',
	OA: 'up', OB: 'down', OC: 'right', OD: 'left', OH: 'home', OF: 'end',
	'[1~': 'home', '[2~': 'insert', '[3~': 'delete', '[4~': 'end', '[5~': 'pageup', '[6~': 'pagedown', '[7~': 'home', '[8~': 'end',
	'[[5~': 'pageup', '[[6~': 'pagedown',
	OP: 'f1', OQ: 'f2', OR: 'f3', OS: 'f4',
	'[11~': 'f1', '[12~': 'f2', '[13~': 'f3', '[14~': 'f4', '[[A': 'f1', '[[B': 'f2', '[[C': 'f3', '[[D': 'f4', '[[E': 'f5',
	'[15~': 'f5', '[17~': 'f6', '[18~': 'f7', '[19~': 'f8', '[20~': 'f9', '[21~': 'f10', '[23~': 'f11', '[24~': 'f12',
};

const press = (name: string, sequence: string, ctrl = false, meta = false): KeyPress => ({name, ctrl, meta, sequence});

/**
 * Every key in a chunk of terminal input, in order: ten ↓ written at once (a held key over a
 * laggy SSH link, a paste) are ten presses. Escape sequences are read whole (CSI with its
 * parameters, SS3); a lone ESC is the Escape key.
 */
export function decodeKeys(input: string): KeyPress[] {
	const out: KeyPress[] = [];
	let i = 0;
	while (i < input.length) {
		const char = input[i]!;
		if (char === escape) {
			const next = input[i + 1];
			if (next === '[' || next === 'O') {
				let end = i + 2;
				if (next === '[') {
					if (input[end] === '[') end++; // ESC [ [ A (Linux console F-keys)
					while (end < input.length && /[0-9;:?]/.test(input[end]!)) end++;
				}
				if (end >= input.length) {
					out.push(press('unknown', input.slice(i)));
					break;
				}
				const sequence = input.slice(i, end + 1);
				out.push(press(nameOf(sequence), sequence, /;5[A-Z~]$/.test(sequence)));
				i = end + 1;
				continue;
			}
			if (next === undefined || next === escape) {
				out.push(press('escape', escape));
				i++;
				continue;
			}
			// ESC + key: Alt/Meta held.
			const [inner] = decodeKeys(next);
			out.push({...inner!, meta: true, sequence: escape + next});
			i += 2;
			continue;
		}
		const code = char.codePointAt(0)!;
		const width = code > 0xffff ? 2 : 1;
		const text = input.slice(i, i + width);
		i += width;
		if (text === '\r' || text === '\n') out.push(press('return', text));
		else if (text === '\t') out.push(press('tab', text));
		else if (text === '\u007F' || text === '\b') out.push(press('backspace', text));
		else if (code < 0x20) out.push(press(String.fromCharCode(code + 96), text, true));
		else out.push(press(text, text));
	}
	return out;
}

function nameOf(sequence: string): string {
	const body = sequence.slice(1);
	const known = sequenceNames[body];
	if (known) return known;
	// Modifier forms: ESC [ 1 ; 5 A (Ctrl-↑), ESC [ 5 ; 2 ~ (Shift-PgUp).
	const modified = /^\[(\d*)(?:;\d+)+([A-Z~])$/.exec(body);
	if (modified) return sequenceNames[modified[2] === '~' ? `[${modified[1]}~` : `[${modified[2]}`] ?? 'unknown';
	return 'unknown';
}

/** The same press as Ink's useInput hands it over (input text and Key flags), for onKey callers. */
export function inkKey(key: KeyPress): Key {
	const is = (name: string) => key.name === name;
	return {
		upArrow: is('up'), downArrow: is('down'), leftArrow: is('left'), rightArrow: is('right'),
		pageDown: is('pagedown'), pageUp: is('pageup'), home: is('home'), end: is('end'),
		return: is('return'), escape: is('escape'), tab: is('tab'), backspace: is('backspace'), delete: is('delete'),
		ctrl: key.ctrl, meta: key.meta, shift: /^[A-Z]$/.test(key.name), super: false, hyper: false, capsLock: false, numLock: false,
	};
}

export function inkInput(key: KeyPress): string {
	return key.ctrl || [...key.name].length === 1 ? key.name : '';
}

export function isPrintable(key: KeyPress): boolean {
	return !key.ctrl && !key.meta && [...key.name].length === 1;
}

/**
 * Calls `handler` for each key press. Ink's stdin events arrive split at escape sequences
 * but with runs of letters in one string; decodeKeys splits those too, so each key is seen
 * once, in order, whatever the terminal packs into one write.
 */
export function useKeys(handler: (key: KeyPress) => void, active: boolean): void {
	const {internal_eventEmitter: events, setRawMode} = useStdin();
	const latest = useRef(handler);
	latest.current = handler;
	useEffect(() => {
		if (!active) return;
		setRawMode(true);
		return () => setRawMode(false);
	}, [active, setRawMode]);
	useEffect(() => {
		if (!active || !events) return;
		const onInput = (data: string) => {
			for (const key of decodeKeys(data)) latest.current(key);
		};
		events.on('input', onInput);
		return () => {
			events.off('input', onInput);
		};
	}, [active, events]);
}
