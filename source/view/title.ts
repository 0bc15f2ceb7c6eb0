import type {FeedSnapshot} from '../model/feed.js';
import {displayText} from './display-text.js';

const modeWords = {loading: 'LOADING', playing: 'PLAYING', paused: 'PAUSED', ended: 'END', live: 'LIVE', frozen: 'FROZEN', reconnecting: 'RECONNECTING', failed: 'FAILED'} as const;

export function speedLabel(speed: number | null): string | null {
	if (speed === null) return null;
	return Number.isFinite(speed) ? `${speed}×` : 'max';
}

export function modeLabel(snapshot: FeedSnapshot): string {
	const {mode, detail} = snapshot.status;
	const symbol = mode === 'playing' || mode === 'live' ? '▶ ' : mode === 'paused' || mode === 'frozen' ? '‖ ' : '';
	return `${symbol}${modeWords[mode]}${detail ? ` (${displayText(detail)})` : ''}`;
}

export interface TitlePart {
	text: string;
	/** Lower is kept longer when the line is short. */
	rank: number;
	kind?: 'mode' | 'progress';
}

/** The title bar's parts in display order: host, time, source, position, speed, progress, mode. */
export function titleParts(snapshot: FeedSnapshot, source: string, host: string | null): TitlePart[] {
	const parts: TitlePart[] = [{text: 'esxlat', rank: 9}];
	// The host name comes from the capture, the source from a file name: both shown escaped.
	if (host) parts.push({text: displayText(host), rank: 1});
	if (snapshot.sample) {
		const iso = new Date(snapshot.sample.time).toISOString();
		parts.push({text: `${iso.slice(0, 10)} `, rank: 6}, {text: `${iso.slice(11, 19)} UTC`, rank: 0});
	}
	parts.push({text: displayText(source), rank: 7});
	if (snapshot.position) {
		const {index, count, final} = snapshot.position;
		parts.push({text: `sample ${index + 1}/${count}${final ? '' : '+'}`, rank: 2});
	}
	const speed = speedLabel(snapshot.speed);
	if (speed) parts.push({text: speed, rank: 4});
	if (snapshot.progress) parts.push({text: displayText(snapshot.progress), rank: 5, kind: 'progress'});
	parts.push({text: modeLabel(snapshot), rank: 0, kind: 'mode'});
	return parts;
}

/** Drops the least important parts until the line fits `width` (parts are joined by two spaces). */
export function fitTitle(parts: TitlePart[], width: number): TitlePart[] {
	const kept = [...parts];
	const length = () => kept.reduce((sum, part, i) => sum + part.text.length + (i > 0 && !kept[i - 1]!.text.endsWith(' ') ? 2 : 0), 1);
	while (length() > width && kept.length > 1) {
		let worst = 0;
		for (let i = 1; i < kept.length; i++) if (kept[i]!.rank > kept[worst]!.rank) worst = i;
		kept.splice(worst, 1);
	}
	return kept;
}
