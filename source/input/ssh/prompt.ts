import {closeSync, openSync, writeSync} from 'node:fs';
import {displayText} from '../../view/display-text.js';
import {isatty, ReadStream, WriteStream} from 'node:tty';
import {SshError} from './ssh-error.js';

/** Questions for the user at connection time: host keys, passphrases, passwords. */
export interface Prompter {
	/** Shows `question` and reads one line; `echo: false` hides what is typed (passwords). */
	ask(question: string, options: {echo: boolean}): Promise<string>;
	/** Shows text on the terminal (a host key's fingerprint, a server's instructions). */
	say(text: string): void;
}

/**
 * Asks on the controlling terminal (/dev/tty) as OpenSSH does, so prompts work while stdout or
 * stderr are redirected. Null when the process has no terminal (cron, CI): callers then refuse
 * rather than guess.
 */
export function terminalPrompter(): Prompter | null {
	if (!terminalAvailable()) return null;
	return {
		// The host writes keyboard-interactive prompts and instructions: shown escaped.
		ask: (question, {echo}) => withTerminal((input, output) => readLine(input, output, displayText(question), echo)),
		say: (text) => {
			const fd = openSync('/dev/tty', 'w');
			try {
				writeSync(fd, `${text.split('\n').map(displayText).join('\n')}\n`);
			} finally {
				closeSync(fd);
			}
		},
	};
}

function terminalAvailable(): boolean {
	try {
		const fd = openSync('/dev/tty', 'r');
		const ok = isatty(fd);
		closeSync(fd);
		return ok;
	} catch {
		return false;
	}
}

/** Opens /dev/tty for one exchange; the terminal is handed back (cooked mode, closed) after. */
async function withTerminal<T>(use: (input: ReadStream, output: WriteStream) => Promise<T>): Promise<T> {
	let input: ReadStream;
	let output: WriteStream;
	try {
		input = new ReadStream(openSync('/dev/tty', 'r'));
		output = new WriteStream(openSync('/dev/tty', 'w'));
	} catch {
		throw new SshError('cannot open the terminal (/dev/tty) to ask', 'cancelled');
	}
	try {
		return await use(input, output);
	} finally {
		input.destroy();
		output.end();
	}
}

function readLine(input: ReadStream, output: WriteStream, question: string, echo: boolean): Promise<string> {
	// Raw mode (no echo) before the question, as OpenSSH's readpassphrase does: a password typed
	// as soon as the question shows must not reach a terminal still echoing it.
	input.setRawMode(true);
	output.write(question);
	return new Promise((resolve, reject) => {
		let text = '';
		const finish = (settle: () => void) => {
			input.off('data', onData);
			input.setRawMode(false);
			output.write('\n');
			settle();
		};
		const onData = (chunk: Buffer) => {
			for (const char of chunk.toString('utf8')) {
				if (char === '\r' || char === '\n') return finish(() => resolve(text));
				if (char === '\u0003' || (char === '\u0004' && text === '')) return finish(() => reject(new SshError('cancelled at the prompt', 'cancelled')));
				if (char === '\u007f' || char === '\b') {
					if (text && echo) output.write('\b \b');
					text = [...text].slice(0, -1).join('');
				} else if (char === '\u0015') {
					if (echo) output.write('\b \b'.repeat([...text].length));
					text = '';
				} else if (char >= ' ') {
					text += char;
					if (echo) output.write(char);
				}
			}
		};
		input.on('data', onData);
	});
}
