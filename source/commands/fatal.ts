import {InputError} from '../input/byte-source.js';
import {CaptureFormatError} from '../parse/errors.js';
import {ThresholdSyntaxError} from '../model/thresholds.js';
import {SshError} from '../input/ssh/ssh-error.js';
import {RecordingError} from '../live/recorder.js';
import {ExportError} from '../export/server.js';
import {OutputError} from './output.js';
import {UsageError} from './usage-error.js';
import {ConfigError} from '../config/config-file.js';
import {printNotice} from './notice.js';
import {displayText} from '../view/display-text.js';

/** Errors a user can act on: one line, no stack. */
const expected = [InputError, CaptureFormatError, OutputError, SshError, RecordingError, ExportError];

/**
 * The last stop for errors: one line on stderr and a non-zero exit, never a stack trace
 * (set ESXLAT_DEBUG=1 to see one for an unexpected error).
 */
export function reportFatal(error: unknown, command?: string): void {
	const message = error instanceof Error ? error.message : String(error);
	if (error instanceof ConfigError) {
		// One line naming the file and the key; the config, not the command line, is to fix.
		printNotice(message);
		process.exitCode = 2;
		return;
	}
	if (error instanceof UsageError || error instanceof ThresholdSyntaxError) {
		process.stderr.write(`esxlat: ${displayText(message)}\nTry 'esxlat ${command ? `${command} ` : ''}--help'\n`);
		process.exitCode = 2;
		return;
	}
	if (expected.some((type) => error instanceof type)) {
		printNotice(message);
	} else {
		printNotice(`unexpected error: ${firstLine(message)}`);
		if (process.env.ESXLAT_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
	}
	process.exitCode = 1;
}

function firstLine(text: string): string {
	return text.split('\n', 1)[0] ?? text;
}
