import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parsePdhMarker, parseSampleTime} from '../source/parse/timestamp.js';

test('the PDH marker: zone and bias', () => {
	assert.deepEqual(parsePdhMarker('(PDH-CSV 4.0) (UTC)(0)'), {zone: 'UTC', biasMinutes: 0});
	assert.deepEqual(parsePdhMarker('(PDH-CSV 4.0) (GMT Daylight Time)(-60)'), {zone: 'GMT Daylight Time', biasMinutes: -60});
	assert.equal(parsePdhMarker('Time'), null);
});

test("esxtop's MM/DD/YYYY HH:MM:SS is UTC at bias 0", () => {
	assert.equal(new Date(parseSampleTime('04/24/2018 10:49:22', 0)).toISOString(), '2018-04-24T10:49:22.000Z');
});

test('a non-zero bias shifts to UTC: (GMT Daylight Time)(-60) is UTC+1', () => {
	assert.equal(new Date(parseSampleTime('04/24/2018 10:49:22', -60)).toISOString(), '2018-04-24T09:49:22.000Z');
	assert.equal(new Date(parseSampleTime('04/24/2018 10:49:22', 300)).toISOString(), '2018-04-24T15:49:22.000Z');
});

test("a spreadsheet's M/D/YYYY H:MM and fractional seconds", () => {
	assert.equal(new Date(parseSampleTime('3/26/2015 22:42', 0)).toISOString(), '2015-03-26T22:42:00.000Z');
	assert.equal(new Date(parseSampleTime('03/26/2015 22:42:01.250', 0)).toISOString(), '2015-03-26T22:42:01.250Z');
});

test('anything else is NaN', () => {
	for (const text of ['', 'yesterday', '02/30/2018 10:00:00', '13/01/2018 10:00:00', '01/01/2018 24:00:00', '2018-04-24T10:49:22Z']) {
		assert.ok(Number.isNaN(parseSampleTime(text, 0)), text);
	}
});
