import {render} from 'ink';
import React from 'react';
import type {FleetSource} from '../fleet/fleet-source.js';
import type {Thresholds} from '../model/thresholds.js';
import {FleetScreen} from '../view/fleet/FleetScreen.js';

const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?1049l';

/** Runs the fleet screen until the user quits (as showScreen does for one host); the source is closed last. */
export async function showFleetScreen(source: FleetSource, thresholds: Thresholds, keyboard: NodeJS.ReadStream = process.stdin): Promise<void> {
	process.stdout.write(enterAlternateScreen);
	const instance = render(<FleetScreen source={source} thresholds={thresholds} />, {stdin: keyboard, exitOnCtrlC: true, patchConsole: false, maxFps: 20});
	const quit = () => instance.unmount();
	process.once('SIGTERM', quit);
	process.once('SIGHUP', quit);
	try {
		await instance.waitUntilExit();
	} finally {
		process.off('SIGTERM', quit);
		process.off('SIGHUP', quit);
		process.stdout.write(leaveAlternateScreen);
		await source.close();
	}
}
