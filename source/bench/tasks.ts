/** Bench tasks by name, each run in a fresh process by worker.ts. Sections add theirs here. */
export type Task = (args: string[]) => Promise<Record<string, number | string> | undefined>;

import {screenTasks} from './screen.js';

export const tasks: Record<string, Task> = {...screenTasks};
