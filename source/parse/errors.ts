/** Input that is not (or no longer) an esxtop batch capture. The message is one line for the user. */
export class CaptureFormatError extends Error {
	override name = 'CaptureFormatError';
}
