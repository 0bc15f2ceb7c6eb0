import {CaptureWriter} from '../../source/generate/capture-writer.js';
import {scenarioSpec} from '../../source/generate/scenarios.js';

/** Escape sequences a hostile name may carry: window title, clipboard, clear screen, colour, CR, bidi. */
export const payloads = {
	osc0: '\u001B]0;PWNED\u0007',
	osc52: '\u001B]52;c;UFdORUQ=\u0007',
	csi2j: '\u001B[2J',
	sgr: '\u001B[31m',
	cr: '\r',
	rlo: '\u202E',
};

/** The names the hostile capture uses in place of the generator's. */
export const hostile = {
	host: `esx01${payloads.osc0}`,
	/** Replaces the generator's naa. prefix: every naa. device carries it. */
	device: `naa.6${payloads.osc52}${payloads.rlo}`,
	vm: `vm-01${payloads.csi2j}${payloads.osc0}`,
	nfs: `nfs${payloads.sgr}RED${payloads.cr}EVIL`,
};

/**
 * A generated demo capture whose host, naa. devices, first VM and NFS volume are renamed to
 * names full of escape sequences (esxtop writes whatever vCenter was told).
 */
export function hostileCapture(samples = 20): string {
	const spec = scenarioSpec('demo', samples, {devices: 4, adapters: 2, vms: 2, nfs: 1});
	const lines = [...new CaptureWriter({spec, seed: 3}).lines(samples)];
	lines[0] = lines[0]!
		.replaceAll('esx01.lab.local', hostile.host)
		.replaceAll('naa.600a0b8000263c4d', hostile.device)
		.replaceAll('(vm-01', `(${hostile.vm}`)
		.replaceAll('nfs-datastore-1', hostile.nfs);
	return lines.join('');
}

/** True when `text` holds a raw escape, BEL, CR or bidi override. */
export function hasRawControl(text: string): boolean {
	return /[\u001B\u0007\r\u009B\u202A-\u202E\u2066-\u2069]/.test(text);
}
