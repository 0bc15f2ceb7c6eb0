import React from 'react';
import type {FleetSource} from '../fleet/fleet-source.js';
import type {Thresholds} from '../model/thresholds.js';
import {FleetScreen} from '../view/fleet/FleetScreen.js';
import {exitAfterSignal, runFullScreen} from './full-screen.js';

/** Runs the fleet screen until the user quits (as showScreen does for one host); the source is closed last. */
export async function showFleetScreen(source: FleetSource, thresholds: Thresholds, keyboard: NodeJS.ReadStream = process.stdin): Promise<void> {
	let signal: NodeJS.Signals | null = null;
	try {
		signal = await runFullScreen(<FleetScreen source={source} thresholds={thresholds} />, keyboard, true);
	} finally {
		await source.close();
	}
	if (signal) exitAfterSignal(signal);
}
