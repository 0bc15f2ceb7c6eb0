import {setFlagsFromString} from 'node:v8';

/**
 * The replay screen has a small live heap (about 25 MB; its history's values are outside it) but
 * allocates fast at replay speed. V8's default lets the old generation grow to several times the
 * live heap between full collections, and that garbage set the screen's peak memory (220–260 MB
 * on a 1,000-LUN, 3,000-path capture at max speed); growing by 10% keeps it near 186 MB, each
 * collection a few ms on so small a heap, key presses no slower. V8 reads the factor at every
 * collection, so it holds from here on. Live screens keep V8's default: in the bench's live task
 * the same setting cost 3.5× the CPU per sample (356–386 against 107–118 ms), and the fleet's
 * history can be GBs. The bench's key-press task calls it too.
 */
export function tightenReplayHeap(): void {
	setFlagsFromString('--heap-growing-percent=10');
}

/**
 * A report keeps figures per entity, not samples: what it allocates dies young. V8 grows the
 * young generation to 16 MB semispaces when allocation is fast, and on a SAN capture that and the
 * garbage it lets pile up are 20–30 MB of the peak (plain 180 → 159 MB, gzip 203–207 → 175 MB on
 * the 1,000-LUN, 3,000-path bench capture, same output). Keeping the semispaces at their first
 * size costs the gzip report about 10% CPU in more scavenges, the plain one nothing measurable.
 */
export function smallYoungGeneration(): void {
	setFlagsFromString('--semi-space-growth-factor=1');
}
