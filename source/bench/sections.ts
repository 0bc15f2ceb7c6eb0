/** The bench's sections, in print order. Each prints its own lines. */
export interface Section {
	title: string;
	run(): Promise<void>;
}

import {screenSection} from './screen.js';

export const sections: Section[] = [screenSection];
