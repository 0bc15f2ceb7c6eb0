import assert from 'node:assert/strict';
import {test} from 'node:test';
import {displayText, isDisplaySafe, markdownText} from '../source/view/display-text.js';

const hostile = {
	osc0: 'web\u001b]0;PWNED\u0007',
	osc52: 'db\u001b]52;c;ZWNobyBoaQ==\u0007',
	clear: 'vm\u001b[2Jx',
	sgr: 'red\u001b[31mtext\u001b[0m',
	cr: 'ok\rEVIL',
	rlo: 'abc\u202Etxt.exe',
	c1: 'x\u009b31m',
	del: 'a\u007fb',
};

test('no escape, control or bidi character survives displayText', () => {
	for (const [name, text] of Object.entries(hostile)) {
		const shown = displayText(text);
		assert.doesNotMatch(shown, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/, name);
		assert.ok(isDisplaySafe(shown), name);
	}
});

test('escapes are visible and say which character it was', () => {
	assert.equal(displayText(hostile.osc0), 'web\\x1b]0;PWNED\\x07');
	assert.equal(displayText(hostile.cr), 'ok\\rEVIL');
	assert.equal(displayText(hostile.rlo), 'abc\\u202etxt.exe');
	assert.equal(displayText(hostile.c1), 'x\\x9b31m');
	assert.equal(displayText(hostile.del), 'a\\x7fb');
	assert.equal(displayText('tab\there'), 'tab\\there');
});

test('plain names, including non-ASCII ones, are unchanged', () => {
	for (const name of ['naa.600a0b8000263c4d5e6f000000000000', 'vmhba0:C0:T5:L0', 'styx', 'Büro-Server', '数据库-01', 'db (prod)']) {
		assert.equal(displayText(name), name);
	}
});

test('markdownText also escapes pipes, backticks and backslashes', () => {
	assert.equal(markdownText('a|b`c'), 'a\\|b\\`c');
	assert.equal(markdownText('x\u001b'), 'x\\\\x1b');
});
