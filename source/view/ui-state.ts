import type {ViewName} from '../parse/storage-views.js';
import {type Column, defaultSortKey} from './columns.js';
import type {SortOrder} from './table-rows.js';

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
	/** Devices shown with their worlds under them (`e`, esxtop's expand). */
	expanded: ReadonlySet<string>;
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
	| {type: 'expand-toggle'; id: string};

const order = (key: Column['key']): SortOrder => ({key, descending: key !== 'id'});

export function initialUiState(view: ViewName = 'device'): UiState {
	return {
		view,
		sort: {device: order(defaultSortKey('device')), adapter: order(defaultSortKey('adapter')), path: order(defaultSortKey('path')), vm: order(defaultSortKey('vm')), nfs: order(defaultSortKey('nfs'))},
		filter: '',
		prompt: null,
		selected: {device: null, adapter: null, path: null, vm: null, nfs: null},
		help: false,
		notice: null,
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
	}
}

/** The filter in force: what is being typed after `/` (a live preview), else the applied one. */
export function activeFilter(state: UiState): string {
	return state.prompt?.kind === 'filter' ? state.prompt.text : state.filter;
}
