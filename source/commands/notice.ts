import {displayText} from '../view/display-text.js';

/**
 * One line on stderr. Messages carry host- and capture-derived text (esxtop's stderr, file
 * and host names), so they pass the display sanitiser: no escape sequence reaches the terminal.
 */
export function printNotice(text: string): void {
	process.stderr.write(`esxlat: ${displayText(text)}\n`);
}
