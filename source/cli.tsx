#!/usr/bin/env node
import './runtime-env.js';
import meow from 'meow';
import {commandHelp, mainHelp} from './commands/help.js';
import {reportFatal} from './commands/fatal.js';
import {generate} from './commands/generate.js';
import {settleOptionalValue, takeOptionalValueFlag} from './commands/optional-flag.js';
import {replayJson} from './commands/replay-json.js';
import {UsageError} from './commands/usage-error.js';
import {parseThresholds, defaultThresholds} from './model/thresholds.js';
import {parseMinIo, type TriageOptions} from './triage/options.js';
import {isViewName, type ViewName, viewNames} from './parse/storage-views.js';

// `live --record [FILE]`: meow has no flags with an optional value.
const recordFlag = takeOptionalValueFlag(process.argv.slice(2), 'record');
const cli = meow(mainHelp, {
	importMeta: import.meta,
	autoHelp: false,
	allowUnknownFlags: false,
	argv: recordFlag.argv,
	flags: {
		help: {type: 'boolean', shortFlag: 'h'},
		json: {type: 'boolean'},
		view: {type: 'string'},
		threshold: {type: 'string'},
		output: {type: 'string', shortFlag: 'o'},
		samples: {type: 'number', default: 120},
		interval: {type: 'number', default: 5},
		all: {type: 'boolean'},
		devices: {type: 'number'},
		adapters: {type: 'number'},
		vms: {type: 'number'},
		nfs: {type: 'number'},
		columns: {type: 'number', default: 0},
		scenario: {type: 'string', default: 'demo'},
		seed: {type: 'number', default: 1},
		host: {type: 'string', default: 'esx01.lab.local'},
		stream: {type: 'boolean'},
		identity: {type: 'string', shortFlag: 'i', isMultiple: true},
		count: {type: 'number'},
		passwordEnv: {type: 'string'},
		acceptNew: {type: 'boolean'},
		markdown: {type: 'boolean'},
		top: {type: 'number'},
		from: {type: 'string'},
		to: {type: 'string'},
		history: {type: 'number'},
		minIo: {type: 'string'},
	},
});

const commands = ['replay', 'generate', 'live', 'record', 'report'] as const;
type Command = (typeof commands)[number];

async function main(): Promise<void> {
	const [first, ...rest] = cli.input;
	const command = (first ?? 'replay') as Command;
	if (first === 'help') return showHelp(rest[0]);
	if (!commands.includes(command)) throw new UsageError(`unknown command "${first}" (commands: ${commands.join(', ')})`);
	if (cli.flags.help) return showHelp(first);
	const flags = cli.flags;
	if (recordFlag.flag && command !== 'live') throw new UsageError('--record is an option of live (record writes to -o FILE)');
	switch (command) {
		case 'replay': {
			// The screen's modules (Ink, React, yoga) load only for the screen: --json, generate and report start without them.
			const file = first === undefined ? (await import('./commands/monitor.js')).demoRecordingPath() : rest[0];
			if (!file) throw new UsageError('replay needs a FILE (or - for stdin)');
			if (rest.length > 1) throw new UsageError(`replay takes one FILE, not ${rest.length}`);
			const views = parseViews(flags.view);
			const thresholds = flags.threshold === undefined ? defaultThresholds : parseThresholds(flags.threshold);
			if (flags.json) return replayJson(file, views, thresholds);
			const {monitor} = await import('./commands/monitor.js');
			return monitor(file, views, thresholds, first === undefined ? 'demo recording' : undefined, triageOptions(flags.minIo));
		}
		case 'generate':
			if (!flags.output) throw new UsageError('generate needs -o FILE (or -o - for stdout)');
			return generate({...flags, output: flags.output, all: Boolean(flags.all), stream: Boolean(flags.stream)});
		case 'live':
		case 'record':
			return liveOrRecord(command, cli.input, flags);
		case 'report': {
			const file = rest[0];
			if (!file) throw new UsageError('report needs a FILE (or - for stdin)');
			if (rest.length > 1) throw new UsageError(`report takes one FILE, not ${rest.length}`);
			if (flags.json && flags.markdown) throw new UsageError('choose one of --json and --markdown');
			const thresholds = flags.threshold === undefined ? defaultThresholds : parseThresholds(flags.threshold);
			// Loaded on demand: a report never needs the screen's or the SSH modules.
			const {report} = await import('./commands/report.js');
			return report({file, format: flags.json ? 'json' : flags.markdown ? 'markdown' : 'terminal', top: flags.top, from: flags.from, to: flags.to, thresholds, minIo: triageOptions(flags.minIo).minIo});
		}
	}
}

async function liveOrRecord(command: 'live' | 'record', input: readonly string[], flags: typeof cli.flags): Promise<void> {
	const record = recordFlag.flag && settleOptionalValue(recordFlag.flag, input, 2);
	const [, host, ...extra] = record?.positionals ?? input;
	if (!host) throw new UsageError(`${command} needs a host: [user@]host[:port]`);
	if (extra.length > 0) throw new UsageError(`${command} takes one host, not ${extra.length + 1} (${[host, ...extra].join(' ')})`);
	const ssh = {identity: flags.identity ?? [], passwordEnv: flags.passwordEnv, acceptNew: Boolean(flags.acceptNew), interval: flags.interval, all: Boolean(flags.all), count: flags.count};
	// The SSH modules load only for live and record.
	if (command === 'record') return (await import('./commands/record.js')).record(host, {...ssh, output: flags.output});
	const {live} = await import('./commands/live.js');
	const thresholds = flags.threshold === undefined ? defaultThresholds : parseThresholds(flags.threshold);
	return live(host, {...ssh, json: Boolean(flags.json), record: record && {path: record.value}, views: parseViews(flags.view), thresholds, history: flags.history, triage: triageOptions(flags.minIo)});
}

function triageOptions(minIo: string | undefined): TriageOptions {
	try {
		return {minIo: parseMinIo(minIo)};
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
}

function showHelp(command: string | undefined): void {
	const text = command ? commandHelp[command] : undefined;
	if (command && !text) throw new UsageError(`no help for "${command}" (commands: ${commands.join(', ')})`);
	process.stdout.write(`${text ?? mainHelp}\n`);
}

function parseViews(spec: string | undefined): ReadonlySet<ViewName> {
	if (spec === undefined) return new Set(viewNames);
	const names = spec.split(',').map((name) => name.trim()).filter(Boolean);
	const unknown = names.filter((name) => !isViewName(name));
	if (unknown.length > 0 || names.length === 0) throw new UsageError(`--view "${spec}": use ${viewNames.join(', ')} (comma separated)`);
	return new Set(names as ViewName[]);
}

main().catch(reportFatal);
