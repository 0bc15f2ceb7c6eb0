/**
 * React picks its development or production build when it is first loaded. The development
 * build records debug information for every element it creates: on a screen that repaints several
 * times a second that costs hundreds of MB and most of the CPU. Imported first by the entry
 * points, before anything loads React; ESXLAT_DEBUG=1 (or an explicit NODE_ENV) keeps the
 * development build.
 */
if (!process.env.ESXLAT_DEBUG) process.env.NODE_ENV ??= 'production';
