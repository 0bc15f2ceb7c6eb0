/** Times and durations as the report prints them (UTC, like esxtop's timestamps). */

const two = (n: number) => String(n).padStart(2, '0');

/**
 * Formats instants within one report: `02:10:35`, with the date (`01-06 02:10:35`) when the
 * report spans more than one day, and without seconds (`02:10`) where `short` is asked.
 */
export class TimeFormat {
	private readonly withDate: boolean;

	constructor(from: number | null, to: number | null) {
		this.withDate = from !== null && to !== null && Math.floor(from / 86_400_000) !== Math.floor(to / 86_400_000);
	}

	at(ms: number, short = false): string {
		const d = new Date(ms);
		const time = short ? `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}` : `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
		return this.withDate ? `${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${time}` : time;
	}

	/** `02:10–02:52` for long ranges, `02:10:05–02:10:40` for short ones, `02:10:05` for one sample. */
	range(from: number, to: number): string {
		if (from === to) return this.at(from);
		const short = to - from >= 10 * 60_000;
		return `${this.at(from, short)}–${this.at(to, short)}`;
	}
}

/** `2026-01-05 02:00:05 UTC`. */
export function formatInstant(ms: number): string {
	return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `35 s`, `12 min`, `2 h 05 min`, `3 d 4 h`. */
export function formatDuration(seconds: number): string {
	const s = Math.round(seconds);
	if (s < 90) return `${s} s`;
	const minutes = Math.round(s / 60);
	if (minutes < 120) return `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours} h ${two(minutes % 60)} min`;
	return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
