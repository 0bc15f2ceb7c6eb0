/** Wrong command-line use: printed as one line with a pointer to --help, exit 2. */
export class UsageError extends Error {
	override name = 'UsageError';
}
