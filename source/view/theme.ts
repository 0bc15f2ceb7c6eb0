import type {Severity} from '../triage/classify.js';
import type {FeedMode} from '../model/feed.js';

/**
 * Colours by meaning. With NO_COLOR set (https://no-color.org) every colour is dropped; the
 * `!`/`!!` marker column and the sort arrow carry the same information in plain text.
 */
export interface Theme {
	severity: Record<Severity, string | undefined>;
	mode: Record<FeedMode, string | undefined>;
	title: {background: string | undefined; text: string | undefined};
	header: string | undefined;
	dim: boolean;
	accent: string | undefined;
	error: string | undefined;
	gap: string | undefined;
	/**
	 * Text markers where video attributes carry meaning: `>` on the selected row, `[ ]` round the
	 * active view. For terminals without reverse video (TERM=dumb).
	 */
	marks: boolean;
}

const coloured: Theme = {
	severity: {ok: undefined, warn: 'yellow', crit: 'red'},
	mode: {loading: 'cyan', playing: 'green', paused: 'yellow', ended: 'yellow', live: 'green', frozen: 'yellow', reconnecting: 'yellow', failed: 'red'},
	title: {background: 'blue', text: 'whiteBright'},
	header: 'cyan',
	dim: true,
	accent: 'cyan',
	error: 'red',
	gap: undefined,
	marks: false,
};

const plain: Theme = {
	severity: {ok: undefined, warn: undefined, crit: undefined},
	mode: {loading: undefined, playing: undefined, paused: undefined, ended: undefined, live: undefined, frozen: undefined, reconnecting: undefined, failed: undefined},
	title: {background: undefined, text: undefined},
	header: undefined,
	dim: false,
	accent: undefined,
	error: undefined,
	gap: undefined,
	marks: false,
};

export function themeFor(env: NodeJS.ProcessEnv = process.env): Theme {
	// A dumb terminal has neither colour nor reverse video.
	if (env.TERM === 'dumb') return {...plain, marks: true};
	return env.NO_COLOR ? plain : coloured;
}

/** The marker column: survives NO_COLOR, copy-paste and colour-blindness. */
export function severityMarker(severity: Severity | null): string {
	return severity === 'crit' ? '!!' : severity === 'warn' ? '!' : '';
}
