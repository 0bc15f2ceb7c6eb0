/**
 * The one boundary between text someone else wrote (VM, datastore, device and host names from a
 * capture; esxtop's stderr from the host) and a human's terminal. Control characters are shown
 * escaped, as `ls -b` and `less` do, so a name can never set the window title (OSC 0), write the
 * clipboard (OSC 52), clear the screen (CSI 2J), overwrite a line (CR) or reverse what follows
 * (U+202E). Widths are computed on the escaped text, so columns stay aligned.
 *
 * `--json` output does not pass through here: JSON keeps the exact names, escaped by JSON itself.
 */

// C0 controls, DEL, C1 controls; bidi embeddings, overrides, isolates and marks; line/paragraph separators.
const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const unsafeTest = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function escapeOne(character: string): string {
	const code = character.charCodeAt(0);
	if (code === 0x09) return '\\t';
	if (code === 0x0a) return '\\n';
	if (code === 0x0d) return '\\r';
	if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
	return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Text safe to put on a terminal: every control or bidi character visibly escaped. */
export function displayText(text: string): string {
	// Most names are plain: test before allocating.
	return unsafeTest.test(text) ? text.replace(unsafe, escapeOne) : text;
}

/** As displayText, for a Markdown table cell or inline text: `|` and backticks escaped too. */
export function markdownText(text: string): string {
	return displayText(text).replace(/[|`\\]/g, (character) => `\\${character}`);
}

/** True when the text holds nothing displayText would change. */
export function isDisplaySafe(text: string): boolean {
	return !unsafeTest.test(text);
}
