/** Where a live session stands, for the title bar and stderr. */
export type LiveStatus =
	| {state: 'connecting'; attempt: number}
	| {state: 'streaming'; since: number}
	| {state: 'reconnecting'; attempt: number; retryAt: number; reason: string}
	| {state: 'ended'; reason: string}
	| {state: 'failed'; message: string};

/** "reconnecting in 4 s, attempt 3 (connection lost)": one line for a status bar. */
export function describeStatus(status: LiveStatus, now = Date.now()): string {
	switch (status.state) {
		case 'connecting':
			return status.attempt === 1 ? 'connecting' : `connecting, attempt ${status.attempt}`;
		case 'streaming':
			return 'live';
		case 'reconnecting':
			return `${status.reason}; reconnecting ${reconnectCountdown(status, now)}`;
		case 'ended':
			return `ended: ${status.reason}`;
		case 'failed':
			return `failed: ${status.message}`;
	}
}

/** "in 4 s, attempt 3" */
export function reconnectCountdown(status: LiveStatus & {state: 'reconnecting'}, now = Date.now()): string {
	return `in ${Math.max(0, Math.round((status.retryAt - now) / 1000))} s, attempt ${status.attempt}`;
}
