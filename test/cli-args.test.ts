import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {parseCli} from '../source/commands/cli-args.js';
import {esxlat} from './helpers/run-cli.js';

const flags = {
	json: {type: 'boolean'},
	view: {type: 'string'},
	samples: {type: 'number', default: 120},
	interval: {type: 'number', default: 5},
	identity: {type: 'string', shortFlag: 'i', isMultiple: true},
	output: {type: 'string', shortFlag: 'o'},
	passwordEnv: {type: 'string'},
	acceptNew: {type: 'boolean'},
	top: {type: 'number'},
} as const;
const parse = (...argv: string[]) => parseCli('', {flags, argv});

test('flags as meow read them: camelCase names, kebab-case on the command line, numbers, defaults, repeats', () => {
	const cli = parse('live', 'root@esx01', '--password-env', 'PW', '--accept-new', '-i', 'a', '--identity=b', '--interval', '10', '-o', '-');
	assert.deepEqual(cli.input, ['live', 'root@esx01']);
	assert.deepEqual(cli.flags, {samples: 120, interval: 10, identity: ['a', 'b'], output: '-', passwordEnv: 'PW', acceptNew: true});
	assert.equal(parse('report', 'f.csv', '--top=3').flags.top, 3);
	assert.equal(parse('report', 'f.csv', '--top', 'x').flags.top, Number.NaN, 'not a number: NaN, for the command to refuse');
	assert.equal(parse('x', '--passwordEnv', 'PW').flags.passwordEnv, 'PW', 'camelCase on the command line too');
	assert.equal(parse('x', '--passwordEnv=PW').flags.passwordEnv, 'PW');
	assert.equal(parse('replay', '--json', '--no-json').flags.json, false, '--no-FLAG for a boolean');
	assert.deepEqual(parse('replay', '-').input, ['replay', '-'], 'a lone - is stdin, a positional');
	assert.deepEqual(parse('replay', '--', '--json').input, ['replay', '--json'], 'after --, everything is positional');
	assert.equal(parse('generate', '--top', '-1').flags.top, -1, 'a negative number is a value, for the command to judge');
	assert.deepEqual(parse('generate', '-o', '-', '--json').flags, {samples: 120, interval: 5, output: '-', json: true}, '-o - is stdout');
});

test('the CLI: an unknown flag or a missing value is one line and exit code 2; --version prints the package version', async () => {
	const unknown = await esxlat(['report', 'x.csv', '--jsn']);
	assert.equal(unknown.code, 2);
	assert.equal(unknown.stderr, "esxlat: unknown flag --jsn (did you mean --json?)\nTry 'esxlat report --help'\n");
	const missing = await esxlat(['report', 'x.csv', '--top']);
	assert.equal(missing.code, 2);
	assert.equal(missing.stderr, "esxlat: --top needs a value\nTry 'esxlat report --help'\n");
	const version = await esxlat(['--version']);
	assert.equal(version.code, 0);
	assert.equal(version.stdout, `${(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string}).version}\n`);
});
