import assert from 'node:assert/strict';
import {test} from 'node:test';
import {historyCapacity, RingBuffer} from '../source/model/ring-buffer.js';

test('keeps the newest items up to its capacity, oldest first', () => {
	const ring = new RingBuffer<number>(3);
	for (let i = 1; i <= 5; i++) ring.push(i);
	assert.deepEqual([...ring], [3, 4, 5]);
	assert.equal(ring.length, 3);
	assert.equal(ring.totalPushed, 5);
	assert.equal(ring.at(0), 3);
	assert.equal(ring.at(-1), 5);
	assert.equal(ring.newest(), 5);
	assert.equal(ring.at(3), undefined);
	assert.deepEqual(ring.last(2), [4, 5]);
	assert.deepEqual(ring.last(10), [3, 4, 5]);
});

test('never grows: a million pushes into 4 slots', () => {
	const ring = new RingBuffer<{n: number}>(4);
	const slots = (ring as unknown as {slots: unknown[]}).slots;
	for (let i = 0; i < 1_000_000; i++) ring.push({n: i});
	assert.equal(slots.length, 4);
	assert.deepEqual(
		[...ring].map((item) => item.n),
		[999_996, 999_997, 999_998, 999_999],
	);
});

test('clear empties it; a bad capacity is refused', () => {
	const ring = new RingBuffer<number>(2);
	ring.push(1);
	ring.clear();
	assert.equal(ring.length, 0);
	assert.deepEqual([...ring], []);
	assert.throws(() => new RingBuffer(0), RangeError);
	assert.throws(() => new RingBuffer(1.5), RangeError);
});

test('history capacity: four hours at 5 s, fewer samples for very wide hosts', () => {
	assert.equal(historyCapacity(300), 2880);
	const wide = historyCapacity(150_000);
	assert.ok(wide < 2880 && wide * 150_000 * 8 <= 128 * 1024 * 1024, `${wide} samples`);
});
