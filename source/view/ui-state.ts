import type {FieldName, ViewName} from '../parse/storage-views.js';
import {type Column, defaultSortKey} from './columns.js';
import type {SortOrder} from './table-rows.js';
import {clampIdWidth, defaultLayouts, type Layouts, shiftField, toggleField, type ViewLayout} from './view-layout.js';

/** What the user has set on the screen; everything else comes from the feed. */
export interface UiState {
	view: ViewName;
	sort: Record<ViewName, SortOrder>;
	/** The applied filter ('' for none). */
	filter: string;
	/** The line being typed after `/` or `b`, or null. */
	prompt: {kind: 'filter' | 'jump'; text: string} | null;
	/** The selected row of each view, by id, so it stays selected as rows re-sort. */
	selected: Record<ViewName, string | null>;
	help: boolean;
	/** A one-line notice under the table (a refused jump), cleared by the next key. */
	notice: string | null;
	/** Columns, their order and the id width of each view (`f`, `[` `]`; saved by `W`). */
	layouts: Layouts;
	/** The field chooser (`f`) of the current view, with the line its cursor is on. */
	chooser: {cursor: number} | null;
	/** Devices shown with their worlds under them (`e`, esxtop's expand). */
	expanded: ReadonlySet<string>;
}

/** What a config file (or W) sets at start: per-view layout and sort, the first view. */
export interface UiSettings {
	view?: ViewName;
	layouts?: Partial<Record<ViewName, ViewLayout>>;
	sort?: Partial<Record<ViewName, SortOrder>>;
}

export type UiAction =
	| {type: 'view'; view: ViewName}
	| {type: 'sort-move'; keys: Array<Column['key']>; delta: number}
	| {type: 'sort-reverse'}
	| {type: 'prompt-open'; kind: 'filter' | 'jump'}
	| {type: 'prompt-edit'; text: string}
	| {type: 'prompt-close'}
	| {type: 'filter-apply'; text: string}
	| {type: 'filter-clear'}
	| {type: 'select'; id: string | null}
	| {type: 'help'; show: boolean}
	| {type: 'notice'; text: string | null}
	| {type: 'chooser'; open: boolean}
	| {type: 'chooser-cursor'; delta: number; count: number}
	| {type: 'chooser-toggle'; field: FieldName}
	| {type: 'chooser-shift'; field: FieldName; delta: -1 | 1; count: number}
	| {type: 'id-width'; width: number}
	| {type: 'expand-toggle'; id: string};

const order = (key: Column['key']): SortOrder => ({key, descending: key !== 'id'});

export function initialUiState(view: ViewName = 'device', settings: UiSettings = {}): UiState {
	const sort = {device: order(defaultSortKey('device')), adapter: order(defaultSortKey('adapter')), path: order(defaultSortKey('path')), vm: order(defaultSortKey('vm')), nfs: order(defaultSortKey('nfs'))};
	return {
		view: settings.view ?? view,
		sort: {...sort, ...settings.sort},
		filter: '',
		prompt: null,
		selected: {device: null, adapter: null, path: null, vm: null, nfs: null},
		help: false,
		notice: null,
		layouts: {...defaultLayouts(), ...settings.layouts},
		chooser: null,
		expanded: new Set(),
	};
}

export function uiReducer(state: UiState, action: UiAction): UiState {
	switch (action.type) {
		case 'view':
			return {...state, view: action.view, notice: null};
		case 'sort-move': {
			const {keys, delta} = action;
			if (keys.length === 0) return state;
			const at = keys.indexOf(state.sort[state.view].key);
			const next = keys[(((at === -1 ? 0 : at + delta) % keys.length) + keys.length) % keys.length]!;
			return {...state, sort: {...state.sort, [state.view]: order(next)}, notice: null};
		}
		case 'sort-reverse': {
			const current = state.sort[state.view];
			return {...state, sort: {...state.sort, [state.view]: {...current, descending: !current.descending}}, notice: null};
		}
		case 'prompt-open':
			return {...state, prompt: {kind: action.kind, text: action.kind === 'filter' ? state.filter : ''}, notice: null};
		case 'prompt-edit':
			return state.prompt ? {...state, prompt: {...state.prompt, text: action.text}} : state;
		case 'prompt-close':
			return {...state, prompt: null};
		case 'filter-apply':
			return {...state, filter: action.text, prompt: null};
		case 'filter-clear':
			return {...state, filter: '', prompt: null};
		case 'select':
			return {...state, selected: {...state.selected, [state.view]: action.id}};
		case 'help':
			return {...state, help: action.show, notice: null};
		case 'notice':
			return {...state, notice: action.text};
		case 'expand-toggle': {
			const expanded = new Set(state.expanded);
			if (!expanded.delete(action.id)) expanded.add(action.id);
			// The selection stays on the device: its worlds go with it when it collapses.
			return {...state, expanded, selected: {...state.selected, device: action.id}};
		}
		case 'chooser':
			return {...state, chooser: action.open ? {cursor: 0} : null, notice: null};
		case 'chooser-cursor': {
			if (!state.chooser || action.count === 0) return state;
			const cursor = Math.max(0, Math.min(action.count - 1, state.chooser.cursor + action.delta));
			return cursor === state.chooser.cursor ? state : {...state, chooser: {cursor}};
		}
		case 'chooser-toggle':
			return withLayout(state, toggleField(state.layouts[state.view], action.field));
		case 'chooser-shift': {
			const layout = shiftField(state.layouts[state.view], action.field, action.delta);
			if (layout === state.layouts[state.view]) return state;
			const cursor = Math.max(0, Math.min(action.count - 1, (state.chooser?.cursor ?? 0) + action.delta));
			return {...withLayout(state, layout), chooser: {cursor}};
		}
		case 'id-width':
			return withLayout(state, {...state.layouts[state.view], idWidth: clampIdWidth(action.width)});
	}
}

function withLayout(state: UiState, layout: ViewLayout): UiState {
	return {...state, layouts: {...state.layouts, [state.view]: layout}};
}

/** The filter in force: what is being typed after `/` (a live preview), else the applied one. */
export function activeFilter(state: UiState): string {
	return state.prompt?.kind === 'filter' ? state.prompt.text : state.filter;
}
