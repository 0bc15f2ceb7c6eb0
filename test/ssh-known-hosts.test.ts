import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {fingerprint, HostKeyVerifier, preferredHostKeyAlgorithms, wireKeyType} from '../source/input/ssh/host-key.js';
import {checkHostKey, hostMatches, knownHostName, parseKnownHosts} from '../source/input/ssh/known-hosts.js';
import type {Prompter} from '../source/input/ssh/prompt.js';
import {SshError} from '../source/input/ssh/ssh-error.js';
import {withTempDir} from './helpers/temp-dir.js';

/** A real key pair from ssh-keygen: the wire-format blob and its `ssh-keygen -l` fingerprint. */
function makeKey(dir: string, name: string, type = 'ed25519'): {raw: Buffer; line: string; fingerprint: string} {
	const path = join(dir, name);
	execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', path]);
	const line = readFileSync(`${path}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
	const listed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${path}.pub`], {encoding: 'utf8'});
	return {raw: Buffer.from(line.split(' ')[1]!, 'base64'), line, fingerprint: listed.split(' ')[1]!};
}

const silent = () => {};

test('fingerprint and key type match what ssh-keygen says', withTempDir((dir) => {
	const key = makeKey(dir, 'k');
	assert.equal(fingerprint(key.raw), key.fingerprint);
	assert.equal(wireKeyType(key.raw), 'ssh-ed25519');
}));

test('host patterns: lists, wildcards, negation, [host]:port, and case', () => {
	assert.equal(knownHostName('ESX01.lab', 22), 'esx01.lab');
	assert.equal(knownHostName('10.0.0.5', 2222), '[10.0.0.5]:2222');
	assert.ok(hostMatches('esx01,10.0.0.5', 'esx01'));
	assert.ok(hostMatches('*.lab.local', 'esx07.lab.local'));
	assert.ok(hostMatches('esx0?', 'esx03'));
	assert.ok(!hostMatches('*.lab.local,!esx99.lab.local', 'esx99.lab.local'));
	assert.ok(hostMatches('[10.0.0.5]:2222', '[10.0.0.5]:2222'));
	assert.ok(!hostMatches('10.0.0.5', '[10.0.0.5]:2222'), 'a port other than 22 is a name of its own');
	assert.ok(hostMatches('ESX01', 'esx01'));
});

test('hashed entries written by ssh-keygen -H are matched, including [host]:port', withTempDir((dir) => {
	const key = makeKey(dir, 'k');
	const file = join(dir, 'known_hosts');
	writeFileSync(file, `esx01.lab ${key.line}\n[127.0.0.1]:2222 ${key.line}\n`);
	execFileSync('ssh-keygen', ['-q', '-H', '-f', file]);
	const entries = parseKnownHosts(readFileSync(file, 'utf8'));
	assert.ok(entries.every((entry) => entry.hosts.startsWith('|1|')), 'ssh-keygen hashed every name');
	assert.ok(hostMatches(entries[0]!.hosts, 'esx01.lab'));
	assert.ok(!hostMatches(entries[0]!.hosts, 'esx02.lab'));
	assert.equal(checkHostKey(entries, '[127.0.0.1]:2222', 'ssh-ed25519', key.line.split(' ')[1]!).status, 'known');
}));

test('a different key of the same type is "changed" and names its line; revoked keys are refused', withTempDir((dir) => {
	const old = makeKey(dir, 'old');
	const now = makeKey(dir, 'now');
	const text = `# comment\n\nother ${old.line}\nesx01 ${old.line}\n@revoked * ${makeKey(dir, 'bad').line}\n`;
	const entries = parseKnownHosts(text);
	const blob = now.line.split(' ')[1]!;
	assert.deepEqual(checkHostKey(entries, 'esx01', 'ssh-ed25519', blob), {status: 'changed', line: 4});
	assert.deepEqual(checkHostKey(entries, 'esx02', 'ssh-ed25519', blob), {status: 'unknown', otherTypes: []});
	assert.deepEqual(checkHostKey(entries, 'esx01', 'ssh-ed25519', old.line.split(' ')[1]!), {status: 'known', line: 4});
	assert.equal(checkHostKey(entries, 'esx01', 'ssh-ed25519', entries[2]!.key).status, 'revoked');
}));

test('unknown host without a terminal: refused, pointing at --accept-new; known_hosts untouched', withTempDir(async (dir) => {
	const key = makeKey(dir, 'k');
	const path = join(dir, 'known_hosts');
	const verifier = new HostKeyVerifier({knownHostsPath: path, acceptNew: false, prompter: null, notice: silent}, 'esx01', 22);
	await assert.rejects(verifier.verify(key.raw), (error: SshError) => {
		assert.equal(error.kind, 'host-key');
		assert.match(error.message, /is not known \(ED25519 key SHA256:.+\).*--accept-new/);
		assert.ok(error.message.includes(key.fingerprint));
		return true;
	});
	assert.throws(() => readFileSync(path), /ENOENT/);
}));

test('--accept-new files a first-seen key; the next check finds it known', withTempDir(async (dir) => {
	const key = makeKey(dir, 'k');
	const path = join(dir, 'sub', 'known_hosts');
	const notes: string[] = [];
	const policy = {knownHostsPath: path, acceptNew: true, prompter: null, notice: (text: string) => notes.push(text)};
	await new HostKeyVerifier(policy, '127.0.0.1', 2222).verify(key.raw);
	assert.equal(readFileSync(path, 'utf8'), `[127.0.0.1]:2222 ${key.line}\n`);
	assert.match(notes[0]!, /added \[127\.0\.0\.1\]:2222/);
	await new HostKeyVerifier({...policy, acceptNew: false}, '127.0.0.1', 2222).verify(key.raw);
	assert.deepEqual(preferredHostKeyAlgorithms(path, '127.0.0.1', 2222), ['ssh-ed25519']);
}));

test('the prompt shows the fingerprint, insists on yes/no, and "no" refuses', withTempDir(async (dir) => {
	const key = makeKey(dir, 'k');
	const path = join(dir, 'known_hosts');
	const said: string[] = [];
	const asked: string[] = [];
	const prompter = (answers: string[]): Prompter => ({
		ask: async (question) => {
			asked.push(question);
			return answers.shift()!;
		},
		say: (text) => said.push(text),
	});
	const policy = {knownHostsPath: path, acceptNew: false, notice: silent};
	await assert.rejects(new HostKeyVerifier({...policy, prompter: prompter(['maybe', 'no'])}, 'esx01', 22).verify(key.raw), /not accepted/);
	assert.match(said[0]!, new RegExp(`ED25519 key fingerprint is ${key.fingerprint.replace(/[+/]/g, '\\$&')}`));
	assert.deepEqual(asked, ['Are you sure you want to continue connecting (yes/no/[fingerprint])? ', "Please type 'yes', 'no' or the fingerprint: "]);
	await new HostKeyVerifier({...policy, prompter: prompter([key.fingerprint])}, 'esx01', 22).verify(key.raw);
	assert.equal(readFileSync(path, 'utf8'), `esx01 ${key.line}\n`, 'typing the fingerprint counts as yes');
}));

test('a changed key is refused with the known_hosts line; within a session the first key stays pinned', withTempDir(async (dir) => {
	const old = makeKey(dir, 'old');
	const now = makeKey(dir, 'now');
	const path = join(dir, 'known_hosts');
	writeFileSync(path, `esx02 ${now.line}\n[esx01]:2222 ${old.line}`);
	const policy = {knownHostsPath: path, acceptNew: true, prompter: null, notice: silent};
	await assert.rejects(new HostKeyVerifier(policy, 'esx01', 2222).verify(now.raw), (error: Error) => {
		assert.match(error.message, /host key of \[esx01\]:2222 has CHANGED/);
		assert.ok(error.message.includes(`${path}:2`), error.message);
		assert.match(error.message, /ssh-keygen -R '\[esx01\]:2222'/);
		return true;
	});
	const session = new HostKeyVerifier(policy, 'esx03', 22);
	await session.verify(old.raw);
	assert.equal(readFileSync(path, 'utf8').split('\n').at(-2), `esx03 ${old.line}`, 'appended on a line of its own');
	await assert.rejects(session.verify(now.raw), /changed since this session connected/);
}));
