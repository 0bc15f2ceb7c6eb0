import type {LiveSession} from '../live/session.js';

/**
 * Starts the session and waits for its end: by itself (count reached, fatal error) or on
 * Ctrl-C / SIGTERM, which close it (esxtop on the host stops, the recording is finished). A
 * second Ctrl-C leaves at once; every row already written is in the file.
 */
export async function runUntilDone(session: LiveSession): Promise<void> {
	let interrupted = false;
	const onSignal = () => {
		if (interrupted) process.exit(130);
		interrupted = true;
		void session.close();
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	try {
		await session.start();
		await session.done;
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		await session.close();
	}
}
