import {Box, type Key, Text, useApp, useStdin} from 'ink';
import React, {useMemo, useRef, useState} from 'react';
import type {Diagnosis} from '../triage/diagnose.js';
import {hostSummary, recentSamples} from '../model/entity-stats.js';
import {type Feed, parseSeekTarget} from '../model/feed.js';
import {defaultTriageOptions, type TriageOptions} from '../triage/options.js';
import {historyEvidence, SampleContext} from '../triage/sample-context.js';
import type {Thresholds} from '../model/thresholds.js';
import type {Sample} from '../parse/capture-parser.js';
import type {Entity} from '../parse/schema.js';
import type {FieldName, ViewName} from '../parse/storage-views.js';
import {BottomLine, HostLine, TitleBar, ViewBar} from './Chrome.js';
import {fitColumns} from './columns.js';
import {FieldChooser} from './FieldChooser.js';
import {HelpOverlay} from './HelpOverlay.js';
import {HintPane} from './HintPane.js';
import {useFeedSnapshot, useTerminalSize} from './hooks.js';
import {inkInput, inkKey, isPrintable, type KeyPress, useKeys} from './key-input.js';
import {capabilitiesOf, helpCommand, type KeyCommand, keyBarText, keysFor, screenCommand} from './keys.js';
import {layoutFor} from './layout.js';
import {Table} from './Table.js';
import {compileFilter, type SortOrder, tableRows, type TableRow} from './table-rows.js';
import {treeRows} from './tree-rows.js';
import {attributionLines} from './attribution.js';
import {displayText} from './display-text.js';
import {themeFor, type Theme} from './theme.js';
import {activeFilter, initialUiState, type UiAction, type UiSettings, type UiState, uiReducer} from './ui-state.js';
import {orderedColumns, type ViewLayout} from './view-layout.js';

/** What `W` saves: the layout of every view, their sort, and the view on screen. */
export interface SavedLayout {
	view: ViewName;
	layouts: Readonly<Record<ViewName, ViewLayout>>;
	sort: Readonly<Record<ViewName, SortOrder>>;
}

export interface AppProps {
	feed: Feed;
	thresholds: Thresholds;
	/** Fixed size (tests, the bench); by default the terminal's, following resizes. */
	size?: {columns: number; rows: number};
	theme?: Theme;
	initialView?: ViewName;
	/** The layout read from the config file at start. */
	settings?: UiSettings;
	/** Where the config lives, for the help overlay; null when there is none. */
	configPath?: string | null;
	/** `W`: writes the layout; resolves to the line to show (where it went, or why not). */
	saveLayout?: (layout: SavedLayout) => Promise<string>;
	/** How the screen was left: q / F10, or Ctrl-C (exit code 130). */
	onQuit?: (how: 'quit' | 'interrupt') => void;
	/** Shortest time between two repaints caused by the feed. */
	repaintMs?: number;
	/** Keys of a screen around this one (the fleet's Esc, [ and ]): true when it took the key. */
	onKey?: (input: string, key: Key) => boolean;
	/** A line the hint pane adds for an entity (the fleet's cross-host verdict of a shared LUN). */
	entityNote?: (entity: Entity) => string | null;
	/** What the verdicts take beyond the thresholds (`--min-io`). */
	triage?: TriageOptions;
}

/** The monitor screen: title bar, view bar, table, hint pane, host line and key line. */
export function App({feed, thresholds, size, theme = themeFor(), initialView = 'device', settings, configPath = null, saveLayout, onQuit, repaintMs = 100, onKey, entityNote, triage = defaultTriageOptions}: AppProps) {
	const terminal = useTerminalSize();
	const {columns: width, rows: height} = size ?? terminal;
	const snapshot = useFeedSnapshot(feed, repaintMs);
	const [state, dispatch, latest] = useUiState(initialView, settings);
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const {sample} = snapshot;
	const {view} = state;
	const layout = layoutFor(height);
	const bodyRows = layout.table - 1;
	const can = useMemo(() => capabilitiesOf(feed), [feed]);

	const viewLayout = state.layouts[view];
	const columns = useMemo(() => fitColumns(view, sample?.schema ?? null, width, {columns: orderedColumns(view, viewLayout), idWidth: viewLayout.idWidth}), [view, sample?.schema, width, viewLayout]);
	const filterText = activeFilter(state);
	const filter = useMemo(() => compileFilter(filterText), [filterText]);
	const sort = state.sort[view];
	const {expanded} = state;
	const rows = useMemo(() => (sample ? treeRows(tableRows(sample, view, thresholds, sort, filter), sample, view, thresholds, expanded) : []), [sample, view, thresholds, sort, filter, expanded]);
	const found = rows.findIndex((row) => row.key === state.selected[view]);
	const selectedIndex = found === -1 ? 0 : found;
	const selected = rows[selectedIndex] ?? null;

	// Keep the selection on screen, moving the window as little as possible.
	const top = useRef(0);
	let scrollTop = Math.min(top.current, selectedIndex);
	if (selectedIndex >= scrollTop + bodyRows) scrollTop = selectedIndex - bodyRows + 1;
	scrollTop = Math.max(0, Math.min(scrollTop, rows.length - bodyRows));
	top.current = scrollTop;
	const visible = rows.slice(scrollTop, scrollTop + bodyRows);
	const range = rows.length > bodyRows ? {first: scrollTop + 1, last: scrollTop + visible.length, of: rows.length} : null;

	const {minIo} = triage;
	const context = useMemo(() => (sample ? new SampleContext(sample, thresholds, {minIo}) : null), [sample, thresholds, minIo]);
	const diagnosis = useMemo(() => {
		if (!context || !selected) return null;
		const found = fitAdvice(context.diagnose(selected.entity, historyEvidence(feed.history, view, selected.entity.id, thresholds, recentSamples)), can.has('followLive'));
		const note = entityNote?.(selected.entity);
		return note ? {...found, evidence: [note, ...found.evidence]} : found;
	}, [context, selected, feed.history, snapshot.historyVersion, view, thresholds, entityNote, can]);
	const attribution = useMemo(() => (sample && context && selected ? attributionLines(sample, context, selected, diagnosis) : []), [sample, context, selected, diagnosis]);
	const summary = useMemo(() => (sample ? hostSummary(sample, thresholds, minIo) : null), [sample, thresholds, minIo]);
	const worstDiagnosis = useMemo(() => (context && summary?.worst ? context.diagnose(summary.worst) : null), [context, summary]);
	const keys = useMemo(() => keysFor(feed), [feed]);

	// Keys of one burst are handled before React re-renders: each must see the rows as the one before left them.
	const rowsCache = useRef<{sample: Sample | null; view: ViewName; sort: SortOrder; filter: string; expanded: ReadonlySet<string>; rows: TableRow[]}>({sample, view, sort, filter: filterText, expanded, rows});
	rowsCache.current = {sample, view, sort, filter: filterText, expanded, rows};
	function currentRows(now: UiState): TableRow[] {
		const cached = rowsCache.current;
		const text = activeFilter(now);
		if (cached.sample === sample && cached.view === now.view && cached.sort === now.sort[now.view] && cached.filter === text && cached.expanded === now.expanded) return cached.rows;
		const fresh = sample ? treeRows(tableRows(sample, now.view, thresholds, now.sort[now.view], compileFilter(text)), sample, now.view, thresholds, now.expanded) : [];
		rowsCache.current = {sample, view: now.view, sort: now.sort[now.view], filter: text, expanded: now.expanded, rows: fresh};
		return fresh;
	}

	useKeys(handleKey, Boolean(isRawModeSupported));

	function handleKey(key: KeyPress): void {
		const now = latest();
		if (now.help) return run(helpCommand(key));
		if (now.prompt) return handlePrompt(now.prompt, key);
		if (now.chooser) return handleChooser(now, key);
		if (now.notice) dispatch({type: 'notice', text: null});
		// A screen around this one (the fleet) takes its keys first; Esc still clears a filter.
		if (onKey && !(key.name === 'escape' && now.filter) && onKey(inkInput(key), inkKey(key))) return;
		const command = screenCommand(key, {filtered: now.filter !== '', can});
		if (command) run(command);
	}

	function run(command: KeyCommand): void {
		const now = latest();
		switch (command.type) {
			case 'quit':
			case 'interrupt':
				onQuit?.(command.type);
				return exit();
			case 'help':
				return dispatch({type: 'help', show: command.show});
			case 'hint':
				return dispatch({type: 'notice', text: command.text});
			case 'view':
				return dispatch({type: 'view', view: command.view});
			case 'sort-move':
				return dispatch({type: 'sort-move', keys: fitColumns(now.view, sample?.schema ?? null, width, {columns: orderedColumns(now.view, now.layouts[now.view]), idWidth: now.layouts[now.view].idWidth}).map((c) => c.key), delta: command.delta});
			case 'sort-reverse':
				return dispatch({type: 'sort-reverse'});
			case 'filter-open':
				return dispatch({type: 'prompt-open', kind: 'filter'});
			case 'filter-clear':
				return dispatch({type: 'filter-clear'});
			case 'move':
				return move(now, command.to);
			case 'fields-open':
				return dispatch({type: 'chooser', open: true});
			case 'id-width': {
				const id = fitColumns(now.view, sample?.schema ?? null, width, {columns: orderedColumns(now.view, now.layouts[now.view]), idWidth: now.layouts[now.view].idWidth})[0]!;
				return dispatch({type: 'id-width', width: id.width + command.delta});
			}
			case 'save-layout':
				return save(now);
			case 'expand': {
				if (now.view !== 'device') return dispatch({type: 'notice', text: 'e expands a device into the worlds (VMs) behind its I/O: in the device view (u)'});
				const list = currentRows(now);
				const row = list.find((candidate) => candidate.key === now.selected.device) ?? list[0];
				if (row) dispatch({type: 'expand-toggle', id: row.entity.id});
				return;
			}
			case 'pause':
				return feed.togglePause?.();
			case 'step':
				return feed.step?.(command.delta);
			case 'speed':
				return feed.changeSpeed?.(command.direction);
			case 'ends':
				return void feed.seek?.({kind: command.which});
			case 'jump-open':
				return dispatch({type: 'prompt-open', kind: 'jump'});
			case 'follow-live':
				return feed.followLive?.();
			case 'record':
				if (feed.toggleRecording) void feed.toggleRecording().then((text) => text && dispatch({type: 'notice', text}));
				return;
		}
	}

	function move(now: UiState, to: Extract<KeyCommand, {type: 'move'}>['to']): void {
		const list = currentRows(now);
		if (list.length === 0) return;
		const at = Math.max(0, list.findIndex((row) => row.key === now.selected[now.view]));
		const target = to === 'up' ? at - 1 : to === 'down' ? at + 1 : to === 'page-up' ? at - bodyRows : to === 'page-down' ? at + bodyRows : to === 'first' ? 0 : list.length - 1;
		const row = list[Math.max(0, Math.min(list.length - 1, target))]!;
		dispatch({type: 'select', id: row.key});
	}

	function save(now: UiState): void {
		if (!saveLayout) return dispatch({type: 'notice', text: 'W: no config file to save to here'});
		void saveLayout({view: now.view, layouts: now.layouts, sort: now.sort}).then((text) => dispatch({type: 'notice', text}));
	}

	function handleChooser(now: UiState, key: KeyPress): void {
		const fields = now.layouts[now.view].order;
		const field = fields[now.chooser!.cursor] as FieldName | undefined;
		const count = fields.length;
		if (key.ctrl && key.name === 'c') return run({type: 'interrupt'});
		switch (key.name) {
			case 'up':
			case 'k':
				return dispatch({type: 'chooser-cursor', delta: -1, count});
			case 'down':
			case 'j':
				return dispatch({type: 'chooser-cursor', delta: 1, count});
			case 'home':
				return dispatch({type: 'chooser-cursor', delta: -count, count});
			case 'end':
				return dispatch({type: 'chooser-cursor', delta: count, count});
			case ' ':
			case 'return':
				if (field) dispatch({type: 'chooser-toggle', field});
				return;
			case '<':
			case 'left':
				if (field) dispatch({type: 'chooser-shift', field, delta: -1, count});
				return;
			case '>':
			case 'right':
				if (field) dispatch({type: 'chooser-shift', field, delta: 1, count});
				return;
			case 'W':
				return save(now);
			case 'f10':
				return run({type: 'quit'});
			case 'escape':
			case 'f':
			case 'q':
				return dispatch({type: 'chooser', open: false});
		}
	}

	function handlePrompt(prompt: NonNullable<UiState['prompt']>, key: KeyPress): void {
		if (key.ctrl && key.name === 'c') return run({type: 'interrupt'});
		if (key.name === 'escape') return dispatch(prompt.kind === 'filter' ? {type: 'filter-clear'} : {type: 'prompt-close'});
		if (key.name === 'return') {
			if (prompt.kind === 'filter') return dispatch({type: 'filter-apply', text: prompt.text});
			dispatch({type: 'prompt-close'});
			const target = parseSeekTarget(prompt.text);
			const refusal = typeof target === 'string' ? target : (feed.seek?.(target) ?? null);
			if (refusal) dispatch({type: 'notice', text: refusal});
			return;
		}
		if (key.name === 'backspace' || key.name === 'delete') return dispatch({type: 'prompt-edit', text: prompt.text.slice(0, -1)});
		if (isPrintable(key)) dispatch({type: 'prompt-edit', text: prompt.text + key.name});
	}

	const warmup = sample?.index === 0;
	const noStorage = sample !== null && sample.schema.entities.length === 0;

	return (
		<Box flexDirection="column" width={width} height={height - 1}>
			<TitleBar snapshot={snapshot} source={feed.source} width={width} theme={theme} />
			<ViewBar view={view} sample={sample} filter={filterText} shown={rows.length - rows.filter((row) => row.world).length} theme={theme} width={width} range={range} />
			{state.help ? (
				<HelpOverlay keys={keys} thresholds={thresholds} theme={theme} height={layout.table + layout.hint} width={width} configPath={configPath} />
			) : state.chooser ? (
				<FieldChooser view={view} layout={viewLayout} cursor={state.chooser.cursor} theme={theme} height={layout.table + layout.hint} marks={theme.marks} />
			) : noStorage ? (
				<Box flexDirection="column" height={layout.table + layout.hint}>
					<Text color={theme.severity.warn} bold wrap="wrap">
						No storage counters in this capture: it has no Physical Disk or Virtual Disk groups, so there are no devices, adapters, paths, VM disks or NFS volumes to show.
					</Text>
					<Text wrap="wrap">Capture with esxtop -b (the disk panels are on by default, or use -a); an rc file or -export-entity list that leaves them out gives this.</Text>
				</Box>
			) : (
				<>
					<Table columns={columns} rows={visible} values={sample?.values ?? new Float64Array()} selectedId={selected?.key ?? null} sort={sort} thresholds={thresholds} theme={theme} warmup={warmup} height={layout.table} />
					<HintPane
						entity={selected?.entity ?? null}
						diagnosis={diagnosis}
						history={feed.history}
						thresholds={thresholds}
						theme={theme}
						width={width}
						height={layout.hint}
						attribution={attribution}
						{...(selected?.world ? {title: `${displayText(selected.world.name)} · world ${displayText(selected.world.world.world)} on ${displayText(selected.entity.id)}`} : {})}
					/>
				</>
			)}
			<HostLine summary={summary} diagnosis={worstDiagnosis} sample={sample} theme={theme} />
			<BottomLine prompt={state.prompt} notice={state.notice} keys={keyBarText(keys, width)} theme={theme} error={snapshot.error} />
		</Box>
	);
}

/** The warm-up row's advice, for the feed at hand: a live feed's next sample comes by itself. */
function fitAdvice(diagnosis: Diagnosis, live: boolean): Diagnosis {
	if (diagnosis.verdict !== 'warmup' || !live) return diagnosis;
	return {...diagnosis, next: "The next sample arrives within one interval (esxtop's -d); its rates show here by themselves."};
}

/**
 * useReducer, except the state is updated at once: keys pasted or sent in one burst are
 * handled one after the other before React re-renders, and each must see the one before.
 */
function useUiState(view: ViewName, settings: UiSettings | undefined): [UiState, (action: UiAction) => void, () => UiState] {
	const current = useRef<UiState | null>(null);
	current.current ??= initialUiState(view, settings);
	const [, setVersion] = useState(0);
	const dispatch = useRef((action: UiAction) => {
		const next = uiReducer(current.current!, action);
		if (next === current.current) return;
		current.current = next;
		setVersion((version) => version + 1);
	}).current;
	return [current.current, dispatch, () => current.current!];
}
