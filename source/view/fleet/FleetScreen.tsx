import {Box, type Key, Text, useApp, useInput, useStdin} from 'ink';
import React, {useMemo, useRef, useState} from 'react';
import type {FleetSource} from '../../fleet/fleet-source.js';
import {sampleLuns} from '../../fleet/host-overview.js';
import {parseSeekTarget} from '../../model/feed.js';
import type {Thresholds} from '../../model/thresholds.js';
import type {Entity} from '../../parse/schema.js';
import {type SharedLun, sharedLuns} from '../../triage/cross-host.js';
import {App} from '../App.js';
import {BottomLine} from '../Chrome.js';
import {displayText} from '../display-text.js';
import {useTerminalSize} from '../hooks.js';
import {keyBarText} from '../keys.js';
import {compileFilter} from '../table-rows.js';
import {themeFor, type Theme} from '../theme.js';
import {modeLabel, speedLabel} from '../title.js';
import {fleetKeysFor} from './fleet-keys.js';
import {fleetCounts, filterFleetRows, fleetRow, type FleetRow, sortFleetRows} from './fleet-rows.js';
import {type FleetAction, fleetFilter, fleetReducer, type FleetUiState, initialFleetState} from './fleet-state.js';
import {FleetTable} from './FleetTable.js';
import {LunDetail, LunTable} from './LunTable.js';
import {useFleetSnapshots} from './use-fleet.js';

export interface FleetScreenProps {
	source: FleetSource;
	thresholds: Thresholds;
	size?: {columns: number; rows: number};
	theme?: Theme;
	repaintMs?: number;
}

/**
 * The fleet screen: a row per host (status, sample time and age, devices at warn/crit, the
 * worst entity and its verdict), worst first; `l` the LUNs seen on several hosts with the
 * cross-host verdict; Enter one host's own monitor screen (Esc back, [ ] the other hosts).
 */
export function FleetScreen({source, thresholds, size, theme = themeFor(), repaintMs = 200}: FleetScreenProps) {
	const terminal = useTerminalSize();
	const {columns: width, rows: height} = size ?? terminal;
	const [state, dispatch, latest] = useFleetState();
	const inHost = state.mode === 'host';
	const snapshots = useFleetSnapshots(source, repaintMs, true);
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const clockTime = source.clock ? source.clock.time : null;

	const rows = useMemo(() => source.hosts.map((host, i) => fleetRow(i, host.label, snapshots.hosts[i]!, thresholds, snapshots.now, source.clock ? (clockTime ?? 0) : null)), [source, snapshots, thresholds, clockTime]);
	const names = useMemo(() => uniqueNames(rows), [rows]);
	const luns = useMemo(() => sharedLuns(source.hosts.map((_, i) => sampleLuns(names[i]!, snapshots.hosts[i]!.sample)), thresholds), [source, snapshots, names, thresholds]);
	const filterText = fleetFilter(state);
	const filter = useMemo(() => compileFilter(filterText), [filterText]);
	const shownRows = useMemo(() => filterFleetRows(sortFleetRows(rows, state.worstFirst), filter ? (text) => filter.test(text) : null), [rows, state.worstFirst, filter]);
	const shownLuns = useMemo(() => (filter ? luns.filter((lun) => filter.test(lun.id)) : luns), [luns, filter]);
	const selectedHost = shownRows.some((row) => row.index === state.host) ? state.host : (shownRows[0]?.index ?? null);
	const selectedLun = shownLuns.find((lun) => lun.id === state.lun) ?? shownLuns[0] ?? null;
	const keys = useMemo(() => fleetKeysFor(source), [source]);

	useInput(
		(input, key) => {
			if (input.length <= 1 || key.ctrl || key.meta) return handleKey(input, key);
			for (const char of input) handleKey(char === '\r' ? '' : char, {...key, return: char === '\r'});
		},
		{isActive: Boolean(isRawModeSupported) && !inHost},
	);

	function move(delta: number | 'home' | 'end'): void {
		if (state.mode === 'luns') {
			const at = shownLuns.findIndex((lun) => lun.id === selectedLun?.id);
			const next = shownLuns[clampIndex(delta, at, shownLuns.length)];
			if (next) dispatch({type: 'select-lun', id: next.id});
			return;
		}
		const at = shownRows.findIndex((row) => row.index === selectedHost);
		const next = shownRows[clampIndex(delta, at, shownRows.length)];
		if (next) dispatch({type: 'select-host', index: next.index});
	}

	function handleKey(input: string, key: Key): void {
		const current = latest();
		if (current.help) {
			if (input === 'q') exit();
			else dispatch({type: 'help', show: false});
			return;
		}
		if (current.prompt) return handlePrompt(current.prompt, input, key);
		if (current.notice) dispatch({type: 'notice', text: null});
		const page = Math.max(1, height - 10);
		if (input === 'q') return exit();
		if (input === '?') return dispatch({type: 'help', show: true});
		if (key.upArrow) return move(-1);
		if (key.downArrow) return move(1);
		if (key.pageUp) return move(-page);
		if (key.pageDown) return move(page);
		if (key.home) return move('home');
		if (key.end) return move('end');
		if (key.return && current.mode === 'hosts' && selectedHost !== null) return dispatch({type: 'open-host', index: selectedHost});
		if (input === 'l') return dispatch({type: 'mode', mode: current.mode === 'luns' ? 'hosts' : 'luns'});
		if (key.escape) return current.filter ? dispatch({type: 'filter-clear'}) : current.mode === 'luns' ? dispatch({type: 'mode', mode: 'hosts'}) : undefined;
		if (input === 'o') return dispatch({type: 'toggle-order'});
		if (input === '/') return dispatch({type: 'prompt-open', kind: 'filter'});
		if (input === 'R' && source.toggleRecording) {
			void source.toggleRecording().then((refusal) => refusal && dispatch({type: 'notice', text: refusal}));
			return;
		}
		const clock = source.clock;
		if (!clock) return;
		if (input === ' ') return clock.togglePause();
		if (input === 't') return clock.step(1);
		if (input === 'T') return clock.step(-1);
		if (input === '+' || input === '=') return clock.changeSpeed(1);
		if (input === '-' || input === '_') return clock.changeSpeed(-1);
		if (input === 'g') return void clock.seek({kind: 'first'});
		if (input === 'G') return void clock.seek({kind: 'last'});
		if (input === 'b') return dispatch({type: 'prompt-open', kind: 'jump'});
	}

	function handlePrompt(prompt: NonNullable<FleetUiState['prompt']>, input: string, key: Key): void {
		if (key.escape) return dispatch(prompt.kind === 'filter' ? {type: 'filter-clear'} : {type: 'prompt-close'});
		if (key.return) {
			if (prompt.kind === 'filter') return dispatch({type: 'filter-apply', text: prompt.text});
			dispatch({type: 'prompt-close'});
			const target = parseSeekTarget(prompt.text);
			const refusal = typeof target === 'string' ? target : (source.clock?.seek(target) ?? null);
			if (refusal) dispatch({type: 'notice', text: refusal});
			return;
		}
		if (key.backspace || key.delete) return dispatch({type: 'prompt-edit', text: prompt.text.slice(0, -1)});
		if (input && !key.ctrl && !key.meta && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow) dispatch({type: 'prompt-edit', text: prompt.text + input});
	}

	if (inHost && state.host !== null) {
		const index = state.host;
		const host = source.hosts[index]!;
		const hostKeys = (input: string, key: Key): boolean => {
			if (key.escape) {
				dispatch({type: 'mode', mode: 'hosts'});
				return true;
			}
			if (input === '[' || input === ']') {
				// Keys in one burst each see the one before: count from the latest state, not this render's.
				const from = latest().host ?? index;
				const next = (from + (input === ']' ? 1 : -1) + source.hosts.length) % source.hosts.length;
				dispatch({type: 'open-host', index: next});
				return true;
			}
			return false;
		};
		const note = (entity: Entity) => lunNote(entity, luns);
		return <App key={index} feed={host.feed} thresholds={thresholds} size={{columns: width, rows: height}} theme={theme} onKey={hostKeys} entityNote={note} />;
	}

	// The LUN pane needs its rule, the verdict and four rows of figures.
	const detailHeight = state.mode === 'luns' ? Math.max(3, Math.min(8, height - 9)) : Math.max(3, Math.min(9, Math.floor((height - 4) * 0.3)));
	const tableHeight = Math.max(2, height - 1 - 3 - detailHeight);
	const selectedRow = rows[selectedHost ?? -1] ?? null;
	return (
		<Box flexDirection="column" width={width} height={height - 1}>
			<FleetTitle source={source} rows={rows} snapshots={snapshots} width={width} theme={theme} mode={state.mode} />
			<Text wrap="truncate" color={theme.accent} bold>
				{filterText ? ` filter /${filterText}/: ${state.mode === 'luns' ? `${shownLuns.length} of ${luns.length} LUNs` : `${shownRows.length} of ${rows.length} hosts`}` : state.mode === 'luns' ? ` LUNs across hosts (${luns.length})` : ` hosts (${rows.length})${state.worstFirst ? ', worst first' : ', as given'}`}
			</Text>
			{state.help ? (
				<Box flexDirection="column" height={tableHeight + detailHeight}>
					{keys.map((entry) => (
						<Text key={entry.keys} wrap="truncate">
							{`  ${entry.keys.padEnd(26)} ${entry.what}`}
						</Text>
					))}
					<Text wrap="truncate">{'  on a host: Esc back to the fleet, [ ] previous / next host, and every key of the monitor screen (? there)'}</Text>
				</Box>
			) : state.mode === 'luns' ? (
				<>
					<LunTable luns={shownLuns} selected={selectedLun?.id ?? null} width={width} height={tableHeight} theme={theme} />
					<LunDetail lun={selectedLun} width={width} height={detailHeight} theme={theme} />
				</>
			) : (
				<>
					<FleetTable rows={shownRows} selected={selectedHost} width={width} height={tableHeight} theme={theme} />
					<HostDetail row={selectedRow} width={width} height={detailHeight} theme={theme} />
				</>
			)}
			<BottomLine prompt={state.prompt} notice={state.notice} keys={keyBarText(keys, width)} theme={theme} error={null} />
		</Box>
	);
}

function FleetTitle({source, rows, snapshots, width, theme, mode}: {source: FleetSource; rows: FleetRow[]; snapshots: ReturnType<typeof useFleetSnapshots>; width: number; theme: Theme; mode: FleetUiState['mode']}) {
	const parts = ['esxlat', mode === 'luns' ? 'LUNs across hosts' : 'fleet', fleetCounts(rows)];
	const clock = snapshots.clock;
	if (source.clock && clock) {
		if (source.clock.time !== null) parts.push(`${new Date(source.clock.time).toISOString().replace('T', ' ').slice(0, 19)} UTC`);
		const speed = speedLabel(clock.speed);
		if (speed) parts.push(speed);
	}
	const recording = source.recordingText?.();
	if (recording) parts.push(recording);
	const text = ` ${parts.join('  ')}`;
	const modeText = source.clock && clock ? `  ${modeLabel(clock)}` : '';
	return (
		<Text backgroundColor={theme.title.background} color={theme.title.text} bold wrap="truncate">
			{text}
			<Text color={clock ? theme.mode[clock.status.mode] : undefined}>{modeText}</Text>
			{' '.repeat(Math.max(0, width - text.length - modeText.length))}
		</Text>
	);
}

/** The selected host: its status in full (a failure's reason) and its worst problem's verdict. */
function HostDetail({row, width, height, theme}: {row: FleetRow | null; width: number; height: number; theme: Theme}) {
	if (!row) return <Box height={height} />;
	const worst = row.overview?.worst;
	const title = row.name === row.label ? row.label : `${row.name}  (${row.label})`;
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			<Text color={theme.accent} wrap="truncate">{`── ${title} ${'─'.repeat(Math.max(0, width - title.length - 4))}`}</Text>
			<Text wrap="wrap" color={row.state === 'failed' ? theme.error : undefined}>
				{row.status}
			</Text>
			{worst && !row.overview?.warmup ? (
				<Text wrap="wrap">
					Worst: {displayText(worst.id)} ({worst.view}): {displayText(worst.headline)}
				</Text>
			) : row.overview?.warmup ? (
				<Text dimColor={theme.dim}>warm-up sample: no rates yet</Text>
			) : row.overview ? (
				<Text>{`all ${row.overview.total} devices/NFS healthy`}</Text>
			) : null}
			<Text dimColor={theme.dim}>Enter opens this host's monitor screen (its history, every view); Esc comes back.</Text>
		</Box>
	);
}

/** The hint pane's line for a LUN also seen from other hosts. */
function lunNote(entity: Entity, luns: SharedLun[]): string | null {
	if (entity.view !== 'device') return null;
	const lun = luns.find((candidate) => candidate.id === entity.id);
	return lun ? `across hosts: ${displayText(lun.verdict)}` : null;
}

/** Names for the cross-host verdicts: esxtop's host name, made unique with the destination. */
function uniqueNames(rows: FleetRow[]): string[] {
	const counts = new Map<string, number>();
	for (const row of rows) counts.set(row.name, (counts.get(row.name) ?? 0) + 1);
	return rows.map((row) => (counts.get(row.name)! > 1 ? `${row.name} (${row.label})` : row.name));
}

function clampIndex(delta: number | 'home' | 'end', at: number, length: number): number {
	if (delta === 'home') return 0;
	if (delta === 'end') return length - 1;
	return Math.max(0, Math.min(length - 1, (at === -1 ? 0 : at) + delta));
}

/** As the monitor screen's: updated at once, so keys sent in one burst each see the one before. */
function useFleetState(): [FleetUiState, (action: FleetAction) => void, () => FleetUiState] {
	const current = useRef<FleetUiState | null>(null);
	current.current ??= initialFleetState();
	const [, setVersion] = useState(0);
	const dispatch = useRef((action: FleetAction) => {
		const next = fleetReducer(current.current!, action);
		if (next === current.current) return;
		current.current = next;
		setVersion((version) => version + 1);
	}).current;
	return [current.current, dispatch, () => current.current!];
}
