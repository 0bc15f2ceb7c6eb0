/**
 * Settings that must be in place before React and Ink load; imported first by the entry points.
 *
 * React picks its development or production build when it is first loaded. The development
 * build records debug information for every element it creates: on a screen that repaints several
 * times a second that costs hundreds of MB and most of the CPU. ESXLAT_DEBUG=1 (or an explicit
 * NODE_ENV) keeps the development build.
 */
if (!process.env.ESXLAT_DEBUG) process.env.NODE_ENV ??= 'production';

/**
 * Ink draws nothing until exit when it sees CI or CONTINUOUS_INTEGRATION (is-in-ci). The screen
 * only starts on a terminal, so on a terminal such a variable (inherited by an interactive shell
 * in a CI job, or by our own tests) must not blank it.
 */
if (process.stdout.isTTY) {
	delete process.env.CI;
	delete process.env.CONTINUOUS_INTEGRATION;
}
