import {setFlagsFromString} from 'node:v8';

/**
 * One host's screen has a small live heap (about 25 MB; its history's values are outside it) but
 * allocates fast at replay speed. V8's default lets the old generation grow to several times the
 * live heap between full collections, and that garbage set the screen's peak memory (220–260 MB
 * on a 1,000-LUN, 3,000-path capture at max speed); growing by 10% keeps it near 180 MB, each
 * collection a few ms on so small a heap. V8 reads the factor at every collection, so it holds
 * from here on. The fleet screen keeps V8's default; the bench's screen tasks call it too.
 */
export function tightenScreenHeap(): void {
	setFlagsFromString('--heap-growing-percent=10');
}
