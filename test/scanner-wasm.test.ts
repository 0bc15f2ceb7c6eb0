import assert from 'node:assert/strict';
import {test} from 'node:test';
import {scannerWasmBase64} from '../source/parse/scanner-wasm.js';

test('the committed scanner bytes are the compiled scanner.wat (run npm run build:wasm after editing it)', async () => {
	// @ts-expect-error: a plain .mjs build script without types
	const {compileScanner} = await import('../scripts/build-wasm.mjs');
	assert.equal(await compileScanner(), scannerWasmBase64);
});
