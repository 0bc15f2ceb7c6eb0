/** First and longest wait between reconnect attempts. */
export const reconnectBaseMs = 1000;
export const reconnectCapMs = 30_000;

/**
 * The wait before reconnect attempt `attempt` (1, 2, …): doubling from 1 s, capped at 30 s,
 * plus up to a quarter more at random so hosts that dropped together do not retry in step.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
	const exponential = reconnectBaseMs * 2 ** Math.max(0, Math.min(attempt - 1, 16));
	return Math.round(Math.min(reconnectCapMs, exponential * (1 + 0.25 * random())));
}
