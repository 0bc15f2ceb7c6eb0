import {fleetSection} from './fleet-section.js';
import {metricsSection} from './metrics-section.js';
import {parseSection} from './parse-section.js';
import {reportSection} from './report-section.js';
import {screenSection} from './screen.js';
import {targetsSection} from './targets-section.js';

/** The bench's sections, in print order. Each prints its own lines. */
export interface Section {
	title: string;
	run(): Promise<void>;
}

export const sections: Section[] = [targetsSection, parseSection, screenSection, reportSection, fleetSection, metricsSection];
