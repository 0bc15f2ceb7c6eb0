/** What the user has set on the fleet screen (the host screen keeps its own UiState per host). */
export interface FleetUiState {
	/** The hosts table, the LUNs-across-hosts table, or one host's monitor screen. */
	mode: 'hosts' | 'luns' | 'host';
	/** The selected host (fleet index) and LUN (id), kept across re-sorts. */
	host: number | null;
	lun: string | null;
	/** Worst first (default) or command-line order. */
	worstFirst: boolean;
	filter: string;
	prompt: {kind: 'filter' | 'jump'; text: string} | null;
	help: boolean;
	notice: string | null;
}

export type FleetAction =
	| {type: 'mode'; mode: FleetUiState['mode']}
	| {type: 'select-host'; index: number | null}
	| {type: 'select-lun'; id: string | null}
	| {type: 'open-host'; index: number}
	| {type: 'toggle-order'}
	| {type: 'prompt-open'; kind: 'filter' | 'jump'}
	| {type: 'prompt-edit'; text: string}
	| {type: 'prompt-close'}
	| {type: 'filter-apply'; text: string}
	| {type: 'filter-clear'}
	| {type: 'help'; show: boolean}
	| {type: 'notice'; text: string | null};

export function initialFleetState(): FleetUiState {
	return {mode: 'hosts', host: null, lun: null, worstFirst: true, filter: '', prompt: null, help: false, notice: null};
}

export function fleetReducer(state: FleetUiState, action: FleetAction): FleetUiState {
	switch (action.type) {
		case 'mode':
			return {...state, mode: action.mode, notice: null, prompt: null};
		case 'select-host':
			return {...state, host: action.index};
		case 'select-lun':
			return {...state, lun: action.id};
		case 'open-host':
			return {...state, mode: 'host', host: action.index, notice: null, prompt: null};
		case 'toggle-order':
			return {...state, worstFirst: !state.worstFirst};
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
		case 'help':
			return {...state, help: action.show, notice: null};
		case 'notice':
			return {...state, notice: action.text};
	}
}

/** The filter in force: what is being typed after `/`, else the applied one. */
export function fleetFilter(state: FleetUiState): string {
	return state.prompt?.kind === 'filter' ? state.prompt.text : state.filter;
}
