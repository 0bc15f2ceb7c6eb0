import assert from 'node:assert/strict';
import {test} from 'node:test';
import {PromptQueue} from '../source/fleet/prompt-queue.js';
import type {Prompter} from '../source/input/ssh/prompt.js';

/** A person at a terminal, answering from a script; what was shown, in order. */
function scriptedTerminal(answers: string[]): {prompter: Prompter; shown: string[]} {
	const shown: string[] = [];
	return {
		shown,
		prompter: {
			async ask(question) {
				shown.push(`? ${question}`);
				const answer = answers.shift();
				if (answer === undefined) throw new Error(`unexpected question: ${question}`);
				return answer;
			},
			say: (text) => shown.push(text),
		},
	};
}

test("questions come host by host: a host keeps the terminal until its login settles, then offers its password to the others", async () => {
	const terminal = scriptedTerminal(['yes', 'secret', 'y']);
	const queue = new PromptQueue(terminal.prompter);
	const [a, b, c] = ['esx01', 'esx02', 'esx03'].map((label) => queue.forHost(label));
	// esx01 asks about its host key, then its password; esx02 asks for its password meanwhile.
	const aKey = a!.prompter!.ask('Are you sure you want to continue connecting (yes/no/[fingerprint])? ', {echo: true});
	const bPassword = b!.prompter!.ask("root@esx02's password: ", {echo: false});
	assert.equal(await aKey, 'yes');
	assert.equal(await a!.prompter!.ask("root@esx01's password: ", {echo: false}), 'secret');
	await a!.loginSettled(true);
	// esx02 waited, then got the shared password without being asked.
	assert.equal(await bPassword, 'secret');
	await b!.loginSettled(true);
	// A passphrase is never answered with the password.
	const cPassword = await c!.prompter!.ask('Password: ', {echo: false});
	assert.equal(cPassword, 'secret');
	assert.deepEqual(terminal.shown, ['── esx01', '? Are you sure you want to continue connecting (yes/no/[fingerprint])? ', "? root@esx01's password: ", '? use the same password for the other 2 hosts? [y/N] ']);
});

test('a refused shared password is asked for again; without a yes nothing is shared; after the screen started a question fails', async () => {
	const terminal = scriptedTerminal(['one', '', 'two']);
	const queue = new PromptQueue(terminal.prompter);
	const [a, b] = ['esx01', 'esx02'].map((label) => queue.forHost(label));
	await a!.prompter!.ask('Password: ', {echo: false});
	await a!.loginSettled(true); // answered '' to "use the same password…": no
	assert.equal(await b!.prompter!.ask('Password: ', {echo: false}), 'two');
	const late = new PromptQueue(scriptedTerminal([]).prompter).forHost('esx09');
	const queueOf = late as unknown as {queue: PromptQueue};
	queueOf.queue.close();
	await assert.rejects(late.prompter!.ask('Password: ', {echo: false}), /esx09: it asked a question after the screen started/);
	assert.equal(new PromptQueue(null).forHost('x').prompter, null, 'no terminal: nothing can be asked');
});
