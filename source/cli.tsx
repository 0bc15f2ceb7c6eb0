#!/usr/bin/env node
import './runtime-env.js';
import {parseCli} from './commands/cli-args.js';
import {checkFlagBounds} from './commands/flag-bounds.js';
import {commandHelp, mainHelp} from './commands/help.js';
import {reportFatal} from './commands/fatal.js';
import {generate} from './commands/generate.js';
import {metricsOptions as checkMetricsOptions, settleMetricsFlag} from './commands/metrics.js';
import {settleOptionalValue, takeOptionalValueFlag} from './commands/optional-flag.js';
import {replayJson} from './commands/replay-json.js';
import {checkFlags} from './commands/unknown-flag.js';
import {UsageError} from './commands/usage-error.js';
import {configPath, readConfig} from './config/config-file.js';
import {layoutSaver, thresholdsFrom, uiSettingsFrom} from './config/screen-settings.js';
import {parseMinIo, type TriageOptions} from './triage/options.js';
import {isViewName, type ViewName, viewNames} from './parse/storage-views.js';

const commands = ['replay', 'generate', 'live', 'record', 'report', 'serve', 'export'] as const;
type Command = (typeof commands)[number];

// `live --record [FILE]`: meow has no flags with an optional value.
const recordFlag = takeOptionalValueFlag(process.argv.slice(2), 'record');
const metricsFlag = takeOptionalValueFlag(recordFlag.argv, 'metrics');
/** The command named on the command line, for "Try 'esxlat COMMAND --help'". */
const commandName = metricsFlag.argv.find((arg) => (commands as readonly string[]).includes(arg));
const flagSpec = {
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
		paths: {type: 'string'},
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
		hosts: {type: 'string'},
		force: {type: 'boolean'},
		config: {type: 'string'},
		metricsViews: {type: 'string'},
		metricsFilter: {type: 'string'},
		format: {type: 'string'},
		minIo: {type: 'string'},
} as const;

try {
	// Before parseCli, whose own message names no command and guesses nothing.
	checkFlags(metricsFlag.argv, flagSpec, ['version', 'record', 'metrics']);
} catch (error) {
	reportFatal(error, commandName);
	process.exit(2);
}

const cli = parseCli(mainHelp, {
	importMeta: import.meta,
	autoHelp: false,
	argv: metricsFlag.argv,
	flags: flagSpec,
	command: commandName,
});

async function main(): Promise<void> {
	const [first, ...rest] = cli.input;
	const command = (first ?? 'replay') as Command;
	if (first === 'help') return showHelp(rest[0]);
	if (!commands.includes(command)) throw new UsageError(`unknown command "${first}" (commands: ${commands.join(', ')})`);
	if (cli.flags.help) return showHelp(first);
	const flags = cli.flags;
	checkFlagBounds(flags);
	if (recordFlag.flag && command !== 'live' && command !== 'serve') throw new UsageError('--record is an option of live and serve (record writes to -o FILE)');
	if (metricsFlag.flag && !['live', 'record', 'serve'].includes(command)) throw new UsageError('--metrics is an option of live, record and serve');
	switch (command) {
		case 'replay': {
			// The screen's modules (Ink, React, yoga) load only for the screen: --json, generate and report start without them.
			const file = first === undefined ? (await import('./commands/monitor.js')).demoRecordingPath() : rest[0];
			if (!file) throw new UsageError('replay needs a FILE (or - for stdin)');
			const views = parseViews(flags.view);
			const config = readConfig(configPath(flags.config));
			const thresholds = thresholdsFrom(config, flags.threshold);
			// Several recordings (or a directory of them): the fleet screen on one clock.
			const {captureFiles} = await import('./commands/capture-files.js');
			// --json reads one capture as given (a directory is refused as such); the screen takes many.
			const files = first === undefined || (flags.json && rest.length === 1) ? [file] : captureFiles(rest);
			if (files.length > 1) {
				if (flags.json) throw new UsageError(`replay --json takes one FILE, not ${files.length}`);
				return (await import('./commands/replay-many.js')).replayMany(files, views, thresholds);
			}
			if (flags.json) return replayJson(files[0]!, views, thresholds);
			const {monitor} = await import('./commands/monitor.js');
			return monitor(files[0]!, views, thresholds, first === undefined ? 'demo recording' : undefined, screenOptions(config, flags.minIo));
		}
		case 'generate':
			if (!flags.output) throw new UsageError('generate needs -o FILE (or -o - for stdout)');
			return generate({...flags, output: flags.output, all: Boolean(flags.all), stream: Boolean(flags.stream), force: Boolean(flags.force)});
		case 'live':
		case 'record':
			return liveOrRecord(command, cli.input, flags);
		case 'serve': {
			const metrics = metricsFlag.flag && settleMetricsFlag(metricsFlag.flag, cli.input, flags.hosts !== undefined);
			const thresholds = thresholdsFrom(readConfig(configPath(flags.config)), flags.threshold);
			if (recordFlag.flag?.value) throw new UsageError('serve --record takes no FILE: each host records to HOST-YYYYmmdd-HHMMSS.csv');
			const {serve} = await import('./commands/serve.js');
			return serve((metrics?.positionals ?? cli.input).slice(1), {...flags, all: Boolean(flags.all), acceptNew: Boolean(flags.acceptNew), identity: flags.identity ?? [], record: Boolean(recordFlag.flag), metricsAddress: metrics ? metrics.value : null, thresholds});
		}
		case 'export': {
			if (rest.length === 0) throw new UsageError('export needs one or more FILEs (or - for stdin)');
			const {exportCaptures} = await import('./commands/export.js');
			return exportCaptures(rest, {format: flags.format, output: flags.output, metricsViews: flags.metricsViews, metricsFilter: flags.metricsFilter, threshold: flags.threshold, thresholds: thresholdsFrom(readConfig(configPath(flags.config)), flags.threshold)});
		}
		case 'report': {
			const file = rest[0];
			if (!file) throw new UsageError('report needs a FILE (or - for stdin)');
			if (flags.json && flags.markdown) throw new UsageError('choose one of --json and --markdown');
			const config = readConfig(configPath(flags.config));
			const thresholds = thresholdsFrom(config, flags.threshold);
			// Loaded on demand: a report never needs the screen's or the SSH modules.
			const {captureFiles} = await import('./commands/capture-files.js');
			const files = captureFiles(rest);
			const {report} = await import('./commands/report.js');
			(await import('./commands/heap-settings.js')).smallYoungGeneration();
			const minIo = triageOptions(flags.minIo, config).minIo;
			if (files.length > 1) return (await import('./commands/report-many.js')).reportMany(files, {format: flags.json ? 'json' : flags.markdown ? 'markdown' : 'terminal', top: flags.top, from: flags.from, to: flags.to, thresholds, minIo});
			return report({file: files[0]!, format: flags.json ? 'json' : flags.markdown ? 'markdown' : 'terminal', top: flags.top, from: flags.from, to: flags.to, thresholds, minIo});
		}
	}
}

async function liveOrRecord(command: 'live' | 'record', input: readonly string[], flags: typeof cli.flags): Promise<void> {
	// With several hosts, the word after a bare --record is its directory only when it ends in /.
	const manyHosts = input.length > 2 || flags.hosts !== undefined;
	const recordNext = recordFlag.flag && manyHosts && recordFlag.flag.next !== null && !recordFlag.flag.next.endsWith('/') ? {...recordFlag.flag, next: null} : recordFlag.flag;
	const record = recordNext && settleOptionalValue(recordNext, input, 2);
	const metrics = metricsFlag.flag && settleMetricsFlag(metricsFlag.flag, record?.positionals ?? input, flags.hosts !== undefined);
	const [, ...positional] = metrics?.positionals ?? record?.positionals ?? input;
	const {fleetDestinations, HostsFileError} = await import('./fleet/hosts-file.js');
	let hosts: string[];
	try {
		hosts = fleetDestinations(positional, flags.hosts);
	} catch (error) {
		if (error instanceof HostsFileError) throw new UsageError(error.message);
		throw error;
	}
	const [host] = hosts;
	if (!host) throw new UsageError(`${command} needs a host: [user@]host[:port]`);
	const ssh = {identity: flags.identity ?? [], passwordEnv: flags.passwordEnv, acceptNew: Boolean(flags.acceptNew), interval: flags.interval, all: Boolean(flags.all), count: flags.count};
	const config = readConfig(configPath(flags.config));
	const thresholds = () => thresholdsFrom(config, flags.threshold);
	const metricsOptions = checkMetricsOptions({address: metrics ? metrics.value : undefined, views: flags.metricsViews, filter: flags.metricsFilter}, thresholds());
	// The SSH modules load only for live and record.
	if (hosts.length > 1) {
		const fleet = await import('./commands/fleet.js');
		if (command === 'record') return fleet.recordFleet(hosts, {...ssh, output: flags.output, metrics: metricsOptions});
		return fleet.liveFleet(hosts, {...ssh, json: Boolean(flags.json), record: record && {path: record.value}, views: parseViews(flags.view), thresholds: thresholds(), history: flags.history, metrics: metricsOptions});
	}
	if (command === 'record') return (await import('./commands/record.js')).record(host, {...ssh, output: flags.output, metrics: metricsOptions});
	const {live} = await import('./commands/live.js');
	return live(host, {...ssh, json: Boolean(flags.json), record: record && {path: record.value}, views: parseViews(flags.view), thresholds: thresholds(), history: flags.history, metrics: metricsOptions, screen: screenOptions(config, flags.minIo)});
}

/** `--min-io RATE`, else the config file's `minIo`: what the verdicts take beyond the thresholds. */
function triageOptions(minIo: string | undefined, config?: ReturnType<typeof readConfig>): TriageOptions {
	if (minIo === undefined && config?.minIo !== undefined) return {minIo: config.minIo};
	try {
		return {minIo: parseMinIo(minIo)};
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
}

/** The config file's layout for the screen, where it lives (the help says), W to save it, and `--min-io`. */
function screenOptions(config: ReturnType<typeof readConfig>, minIo: string | undefined) {
	return {settings: uiSettingsFrom(config), configPath: config.exists ? config.path : `${config.path} (not written yet)`, saveLayout: layoutSaver(config), triage: triageOptions(minIo, config)};
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

main().catch((error: unknown) => reportFatal(error, commandName));
