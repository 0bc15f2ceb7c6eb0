/**
 * `--from` / `--to`: an instant (ISO 8601, `YYYY-MM-DD HH:MM[:SS]`, esxtop's `MM/DD/YYYY
 * HH:MM:SS`; UTC unless the ISO text gives an offset) or a time of day `HH:MM[:SS]` (UTC, like
 * esxtop's timestamps): for --from its occurrence nearest the capture's first row, for --to the
 * first one after --from (so 23:30 to 00:30 spans midnight).
 */
export type TimeArg =
	| {kind: 'instant'; ms: number; text: string}
	| {kind: 'clock'; secondOfDay: number; text: string}
	/** `+10m`: after the capture's first row (--to: after --from when given). */
	| {kind: 'offset'; ms: number; text: string};

export class TimeArgError extends Error {
	override name = 'TimeArgError';
}

const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const isoLike = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const esxtopLike = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseTimeArg(option: string, text: string): TimeArg {
	const trimmed = text.trim();
	const fail = () =>
		new TimeArgError(`${option} "${text}": expected a UTC time such as 02:10, 02:10:30, 2026-01-05T02:10:00Z or "01/05/2026 02:10:00"`);
	const offset = parseOffset(trimmed);
	if (typeof offset === 'string') throw new TimeArgError(`${option} ${offset}`);
	if (offset !== null) {
		if (offset < 0) throw new TimeArgError(`${option} "${trimmed}": a report reads the capture once, from the start, so it cannot count back from the end; use +D (from the first sample${option === '--to' ? ', or from --from' : ''})`);
		return {kind: 'offset', ms: offset * 1000, text: trimmed};
	}
	let match = clock.exec(trimmed);
	if (match) {
		const [h, m, s] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
		if (h > 23 || m > 59 || s > 59) throw fail();
		return {kind: 'clock', secondOfDay: h * 3600 + m * 60 + s, text: trimmed};
	}
	let ms = Number.NaN;
	if ((match = isoLike.exec(trimmed))) {
		const [, year, month, day, hour, minute, second, zone] = match;
		if (!validParts(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second ?? 0))) throw fail();
		ms = Date.parse(`${year}-${month}-${day}T${hour!.padStart(2, '0')}:${minute}:${second ?? '00'}${normalizeZone(zone)}`);
	} else if ((match = esxtopLike.exec(trimmed))) {
		const [, month, day, year, hour, minute, second] = match;
		if (!validParts(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second ?? 0))) throw fail();
		ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second ?? 0));
	} else if ((match = dateOnly.exec(trimmed))) {
		if (!validParts(Number(match[1]), Number(match[2]), Number(match[3]), 0, 0, 0)) throw fail();
		ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
	}
	if (Number.isNaN(ms)) throw fail();
	return {kind: 'instant', ms, text: trimmed};
}

function normalizeZone(zone: string | undefined): string {
	if (!zone || zone.toUpperCase() === 'Z') return 'Z';
	return zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}

function validParts(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour <= 23 && minute <= 59 && second <= 59;
}

const day = 86_400_000;

/** Epoch ms of `arg`: a time of day becomes its first occurrence at or after `after`. */
export function resolveTimeArg(arg: TimeArg, after: number): number {
	if (arg.kind === 'instant') return arg.ms;
	if (arg.kind === 'offset') return after + arg.ms;
	const candidate = Math.floor(after / day) * day + arg.secondOfDay * 1000;
	return candidate >= after ? candidate : candidate + day;
}

/** Epoch ms of `arg`: a time of day becomes its occurrence within 12 hours of `near`. */
export function resolveNear(arg: TimeArg, near: number): number {
	return resolveTimeArg(arg, near - day / 2);
}

/** The window samples must fall in (both ends included), resolved at the capture's first row. */
export class TimeWindow {
	private from: number | null = null;
	private to: number | null = null;
	private resolved = false;

	constructor(
		readonly fromArg: TimeArg | null,
		readonly toArg: TimeArg | null,
	) {
		if (fromArg?.kind === 'instant' && toArg?.kind === 'instant' && fromArg.ms > toArg.ms) {
			throw new TimeArgError(`--from ${fromArg.text} is after --to ${toArg.text}`);
		}
	}

	get active(): boolean {
		return this.fromArg !== null || this.toArg !== null;
	}

	/** The resolved ends (null: open), once `contains` has seen the first row. */
	get bounds(): {from: number | null; to: number | null} {
		return {from: this.from, to: this.to};
	}

	/** Fixes times of day against the capture's first row (call with every row; only the first counts). */
	anchor(firstRow: number): void {
		if (this.resolved) return;
		this.resolved = true;
		this.from = this.fromArg ? (this.fromArg.kind === 'offset' ? firstRow + this.fromArg.ms : resolveNear(this.fromArg, firstRow)) : null;
		if (this.toArg?.kind === 'offset') this.to = (this.from ?? firstRow) + this.toArg.ms;
		else this.to = this.toArg ? (this.from === null ? resolveNear(this.toArg, firstRow) : resolveTimeArg(this.toArg, this.from)) : null;
		if (this.from !== null && this.to !== null && this.from > this.to) throw new TimeArgError(`--from ${this.fromArg!.text} is after --to ${this.toArg!.text}`);
	}

	contains(time: number): boolean {
		this.anchor(time);
		return (this.from === null || time >= this.from) && (this.to === null || time <= this.to);
	}
}

const unitSeconds: Record<string, number> = {s: 1, m: 60, h: 3600, d: 86_400};

/**
 * `+10m`, `-30s`, `+1h30m`, `-90s` → seconds (negative: back); null when `text` is no
 * offset; a one-line reason for a sign without a unit.
 */
export function parseOffset(text: string): number | string | null {
	const match = /^([+-])\s*((?:\d+(?:\.\d+)?\s*[smhd]\s*)+|\d+(?:\.\d+)?)$/i.exec(text.trim());
	if (!match) return null;
	const sign = match[1] === '-' ? -1 : 1;
	const body = match[2]!.replace(/\s+/g, '');
	if (/^[\d.]+$/.test(body)) return `"${text.trim()}": give a unit, e.g. ${match[1]}${body}s or ${match[1]}${body}m`;
	let seconds = 0;
	for (const part of body.matchAll(/(\d+(?:\.\d+)?)([smhd])/gi)) seconds += Number(part[1]) * unitSeconds[part[2]!.toLowerCase()]!;
	return sign * seconds;
}
