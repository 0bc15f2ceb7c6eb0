import {reportSection} from './report-section.js';

/** The bench's sections, in print order. Each prints its own lines. */
export interface Section {
	title: string;
	run(): Promise<void>;
}

export const sections: Section[] = [reportSection];
