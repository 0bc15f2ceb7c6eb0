import {Box, type Key, useApp, useInput, useStdin} from 'ink';
import React, {useMemo, useRef, useState} from 'react';
import {hostSummary, recentSamples} from '../model/entity-stats.js';
import {type Feed, parseSeekTarget} from '../model/feed.js';
import {defaultTriageOptions, type TriageOptions} from '../triage/options.js';
import {historyEvidence, SampleContext} from '../triage/sample-context.js';
import type {Thresholds} from '../model/thresholds.js';
import type {ViewName} from '../parse/storage-views.js';
import {BottomLine, HostLine, TitleBar, ViewBar} from './Chrome.js';
import {fitColumns} from './columns.js';
import {HelpOverlay} from './HelpOverlay.js';
import {HintPane} from './HintPane.js';
import {useFeedSnapshot, useTerminalSize} from './hooks.js';
import {keyBarText, keysFor} from './keys.js';
import {layoutFor} from './layout.js';
import {Table} from './Table.js';
import {compileFilter, tableRows} from './table-rows.js';
import {themeFor, type Theme} from './theme.js';
import {activeFilter, initialUiState, type UiAction, type UiState, uiReducer} from './ui-state.js';

export interface AppProps {
	feed: Feed;
	thresholds: Thresholds;
	/** Fixed size (tests, the bench); by default the terminal's, following resizes. */
	size?: {columns: number; rows: number};
	theme?: Theme;
	initialView?: ViewName;
	/** Shortest time between two repaints caused by the feed. */
	repaintMs?: number;
	/** What the verdicts take beyond the thresholds (`--min-io`). */
	triage?: TriageOptions;
}

const viewByKey: Record<string, ViewName> = {u: 'device', d: 'adapter', p: 'path', v: 'vm', n: 'nfs'};

/** The monitor screen: title bar, view bar, table, hint pane, host line and key line. */
export function App({feed, thresholds, size, theme = themeFor(), initialView = 'device', repaintMs = 100, triage = defaultTriageOptions}: AppProps) {
	const terminal = useTerminalSize();
	const {columns: width, rows: height} = size ?? terminal;
	const snapshot = useFeedSnapshot(feed, repaintMs);
	const [state, dispatch, latest] = useUiState(initialView);
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const {sample} = snapshot;
	const {view} = state;
	const layout = layoutFor(height);
	const bodyRows = layout.table - 1;

	const columns = useMemo(() => fitColumns(view, sample?.schema ?? null, width), [view, sample?.schema, width]);
	const filterText = activeFilter(state);
	const filter = useMemo(() => compileFilter(filterText), [filterText]);
	const sort = state.sort[view];
	const rows = useMemo(() => (sample ? tableRows(sample, view, thresholds, sort, filter) : []), [sample, view, thresholds, sort, filter]);
	const found = rows.findIndex((row) => row.entity.id === state.selected[view]);
	const selectedIndex = found === -1 ? 0 : found;
	const selected = rows[selectedIndex] ?? null;

	// Keep the selection on screen, moving the window as little as possible.
	const top = useRef(0);
	let scrollTop = Math.min(top.current, selectedIndex);
	if (selectedIndex >= scrollTop + bodyRows) scrollTop = selectedIndex - bodyRows + 1;
	scrollTop = Math.max(0, Math.min(scrollTop, rows.length - bodyRows));
	top.current = scrollTop;
	const visible = rows.slice(scrollTop, scrollTop + bodyRows);

	const {minIo} = triage;
	const context = useMemo(() => (sample ? new SampleContext(sample, thresholds, {minIo}) : null), [sample, thresholds, minIo]);
	const diagnosis = useMemo(
		() => (context && selected ? context.diagnose(selected.entity, historyEvidence(feed.history, view, selected.entity.id, thresholds, recentSamples)) : null),
		[context, selected, feed.history, snapshot.historyVersion, view, thresholds],
	);
	const summary = useMemo(() => (sample ? hostSummary(sample, thresholds, minIo) : null), [sample, thresholds, minIo]);
	const worstDiagnosis = useMemo(() => (context && summary?.worst ? context.diagnose(summary.worst) : null), [context, summary]);
	const keys = useMemo(() => keysFor(feed), [feed]);

	useInput(
		(input, key) => {
			// Ink hands a burst of characters (a paste, fast typing over SSH) over as one string.
			if (input.length <= 1 || key.ctrl || key.meta) return handleKey(input, key);
			for (const char of input) handleKey(char === '\r' ? '' : char, {...key, return: char === '\r'});
		},
		{isActive: Boolean(isRawModeSupported)},
	);

	function select(index: number): void {
		const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
		if (row) dispatch({type: 'select', id: row.entity.id});
	}

	function handleKey(input: string, key: Key): void {
		const state = latest();
		if (state.help) {
			if (input === 'q') exit();
			else dispatch({type: 'help', show: false});
			return;
		}
		if (state.prompt) return handlePrompt(state.prompt, input, key, dispatch);
		if (state.notice) dispatch({type: 'notice', text: null});
		if (input === 'q') return exit();
		if (input === '?') return dispatch({type: 'help', show: true});
		const nextView = viewByKey[input];
		if (nextView) return dispatch({type: 'view', view: nextView});
		if (input === '<' || key.leftArrow) return dispatch({type: 'sort-move', keys: columns.map((c) => c.key), delta: -1});
		if (input === '>' || key.rightArrow) return dispatch({type: 'sort-move', keys: columns.map((c) => c.key), delta: 1});
		if (input === 'r') return dispatch({type: 'sort-reverse'});
		if (input === '/') return dispatch({type: 'prompt-open', kind: 'filter'});
		if (key.escape && state.filter) return dispatch({type: 'filter-clear'});
		if (key.upArrow) return select(selectedIndex - 1);
		if (key.downArrow) return select(selectedIndex + 1);
		if (key.pageUp) return select(selectedIndex - bodyRows);
		if (key.pageDown) return select(selectedIndex + bodyRows);
		if (key.home) return select(0);
		if (key.end) return select(rows.length - 1);
		if (input === ' ') return feed.togglePause?.();
		if (input === 't') return feed.step?.(1);
		if (input === 'T') return feed.step?.(-1);
		if (input === '+' || input === '=') return feed.changeSpeed?.(1);
		if (input === '-' || input === '_') return feed.changeSpeed?.(-1);
		if (input === 'g') return void feed.seek?.({kind: 'first'});
		if (input === 'G') return void feed.seek?.({kind: 'last'});
		if (input === 'b' && feed.seek) return dispatch({type: 'prompt-open', kind: 'jump'});
		if (input === 'z') return feed.followLive?.();
		if (input === 'R' && feed.toggleRecording) {
			void feed.toggleRecording().then((refusal) => refusal && dispatch({type: 'notice', text: refusal}));
		}
	}

	function handlePrompt(prompt: NonNullable<UiState['prompt']>, input: string, key: Key, send: (action: UiAction) => void): void {
		if (key.escape) return send(prompt.kind === 'filter' ? {type: 'filter-clear'} : {type: 'prompt-close'});
		if (key.return) {
			if (prompt.kind === 'filter') return send({type: 'filter-apply', text: prompt.text});
			send({type: 'prompt-close'});
			const target = parseSeekTarget(prompt.text);
			const refusal = typeof target === 'string' ? target : (feed.seek?.(target) ?? null);
			if (refusal) send({type: 'notice', text: refusal});
			return;
		}
		if (key.backspace || key.delete) return send({type: 'prompt-edit', text: prompt.text.slice(0, -1)});
		if (input && !key.ctrl && !key.meta && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow) send({type: 'prompt-edit', text: prompt.text + input});
	}

	const warmup = sample?.index === 0;

	return (
		<Box flexDirection="column" width={width} height={height - 1}>
			<TitleBar snapshot={snapshot} source={feed.source} width={width} theme={theme} />
			<ViewBar view={view} sample={sample} filter={filterText} shown={rows.length} theme={theme} width={width} />
			{state.help ? (
				<HelpOverlay keys={keys} thresholds={thresholds} theme={theme} height={layout.table + layout.hint} />
			) : (
				<>
					<Table columns={columns} rows={visible} values={sample?.values ?? new Float64Array()} selectedId={selected?.entity.id ?? null} sort={sort} thresholds={thresholds} theme={theme} warmup={warmup} height={layout.table} />
					<HintPane entity={selected?.entity ?? null} diagnosis={diagnosis} history={feed.history} thresholds={thresholds} theme={theme} width={width} height={layout.hint} />
				</>
			)}
			<HostLine summary={summary} diagnosis={worstDiagnosis} sample={sample} theme={theme} />
			<BottomLine prompt={state.prompt} notice={state.notice} keys={keyBarText(keys, width)} theme={theme} error={snapshot.error} />
		</Box>
	);
}

/**
 * useReducer, except the state is updated at once: keys pasted or sent in one burst are
 * handled one after the other before React re-renders, and each must see the one before.
 */
function useUiState(view: ViewName): [UiState, (action: UiAction) => void, () => UiState] {
	const current = useRef<UiState | null>(null);
	current.current ??= initialUiState(view);
	const [, setVersion] = useState(0);
	const dispatch = useRef((action: UiAction) => {
		const next = uiReducer(current.current!, action);
		if (next === current.current) return;
		current.current = next;
		setVersion((version) => version + 1);
	}).current;
	return [current.current, dispatch, () => current.current!];
}
