import {reportTasks} from './report-section.js';

/** Bench tasks by name, each run in a fresh process by worker.ts. Sections add theirs here. */
export type Task = (args: string[]) => Promise<Record<string, number | string> | undefined>;

export const tasks: Record<string, Task> = {...reportTasks};
