import type {Severity} from '../../triage/classify.js';

/** Semantic text styles of the report; the plain style leaves text as it is. */
export interface Style {
	severity: Record<Severity, (text: string) => string>;
	heading: (text: string) => string;
	muted: (text: string) => string;
	strong: (text: string) => string;
}

const sgr = (open: number, close: number) => (text: string) => (text === '' ? text : `\u001B[${open}m${text}\u001B[${close}m`);

export const colourStyle: Style = {
	severity: {ok: sgr(32, 39), warn: sgr(33, 39), crit: sgr(31, 39)},
	heading: sgr(1, 22),
	muted: sgr(2, 22),
	strong: sgr(1, 22),
};

const same = (text: string) => text;
export const plainStyle: Style = {severity: {ok: same, warn: same, crit: same}, heading: same, muted: same, strong: same};

/**
 * Colour when the output is a terminal, unless NO_COLOR is set (no-color.org) or TERM is dumb;
 * FORCE_COLOR (not 0) forces it, e.g. for `| less -R`.
 */
export function wantsColour(isTTY: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
	if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0';
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
	return isTTY && env.TERM !== 'dumb';
}

/** Visible width of text that may carry colour codes. */
export function visibleLength(text: string): number {
	// biome-ignore lint/suspicious/noControlCharactersInRegex: SGR codes are what is stripped
	return text.replace(/\u001B\[[0-9;]*m/g, '').length;
}
