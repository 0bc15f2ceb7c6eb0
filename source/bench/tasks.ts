import {csvParseTask, parseRepeatTask, parseTask} from './parse-tasks.js';
import {reportTasks} from './report-section.js';
import {screenTasks} from './screen.js';

/** A bench task: runs in a fresh process (worker.ts) and returns figures for its section. */
export type Task = (args: string[]) => Promise<Record<string, number | string> | undefined>;

/** Bench tasks by name. Sections add theirs here. */
export const tasks: Record<string, Task> = {
	parse: parseTask,
	'parse-repeat': parseRepeatTask,
	'csv-parse': csvParseTask,
	...screenTasks,
	...reportTasks,
};
