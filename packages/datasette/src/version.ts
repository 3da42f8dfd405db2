import { createRequire } from 'node:module';

/**
 * The version of this host package, from its package.json. Kept in a module of its own so
 * `datasette --version` can print it without loading the server.
 * @example `datasette, version ${VERSION}`
 */
export const VERSION: string = createRequire(import.meta.url)('../package.json').version;
