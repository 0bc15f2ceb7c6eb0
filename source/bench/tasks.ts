/** A bench task: runs in a fresh process (worker.ts) and returns figures for its section. */
export type Task = (args: string[]) => Promise<Record<string, number | string> | undefined>;

type TaskModule = () => Promise<Record<string, Task>>;

// Each task's process loads only its own module: a parse measurement must not carry the
// screen's React and Ink in its peak RSS.
const parse: TaskModule = async () => {
	const tasks = await import('./parse-tasks.js');
	return {parse: tasks.parseTask, 'parse-repeat': tasks.parseRepeatTask, 'csv-parse': tasks.csvParseTask};
};
const screen: TaskModule = async () => (await import('./screen.js')).screenTasks;
const report: TaskModule = async () => (await import('./report-section.js')).reportTasks;
const live: TaskModule = async () => ({'live-cpu': (await import('./live-cpu.js')).liveCpuTask});
const fleet: TaskModule = async () => ({fleet: (await import('./fleet-bench.js')).fleetTask});
const metrics: TaskModule = async () => (await import('./metrics-section.js')).metricsTasks;

/** Bench tasks by name, and the module each lives in. Sections add theirs here. */
const taskModules: Record<string, TaskModule> = {
	parse,
	'parse-repeat': parse,
	'csv-parse': parse,
	'screen-keypress': screen,
	'replay-index': screen,
	report,
	'live-cpu': live,
	fleet,
	'metrics-scrape': metrics,
};

export const taskNames = Object.keys(taskModules);

export async function loadTask(name: string): Promise<Task | undefined> {
	const load = taskModules[name];
	return load ? (await load())[name] : undefined;
}
