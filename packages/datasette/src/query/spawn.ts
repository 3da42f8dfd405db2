/**
 * How a query child is started: which file, and with which Node flags. Production runs compiled
 * `dist/query/worker.js` on plain node; tests run `src/query/worker.ts` under `--import tsx`, so
 * the child needs the loader flags its parent has, but none that would make it run tests, open
 * an inspector port or evaluate the parent's `-e` script instead of the worker.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Parent flags a child must not inherit. */
const DROPPED = /^(--(test|experimental-test|inspect|debug|watch|eval|print|input-type)\b|-[ep]$)/;
/** Dropped flags that take their value as the next argument when written without `=`. */
const DROPPED_WITH_VALUE = new Set([
  '--test-reporter',
  '--test-reporter-destination',
  '--test-name-pattern',
  '--test-skip-pattern',
  '--test-concurrency',
  '--test-timeout',
  '--test-shard',
  '--test-coverage-include',
  '--test-coverage-exclude',
  '--inspect-port',
  '--debug-port',
  '--watch-path',
  '--eval',
  '--print',
  '--input-type',
  '-e',
  '-p',
]);

/**
 * The child script: `worker.js` beside this module, or `worker.ts` when running from source.
 *
 * @example workerScriptPath(import.meta.url) // '/app/node_modules/datasette/dist/query/worker.js'
 */
export function workerScriptPath(moduleUrl: string = import.meta.url): string {
  const compiled = fileURLToPath(new URL('./worker.js', moduleUrl));
  return existsSync(compiled) ? compiled : fileURLToPath(new URL('./worker.ts', moduleUrl));
}

/**
 * The parent's Node flags minus test-runner, inspector, watch and eval flags.
 *
 * @example
 * childExecArgv(['--conditions=source', '--import', 'tsx', '--test', '--inspect-port', '9230'])
 * // ['--conditions=source', '--import', 'tsx']
 */
export function childExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] ?? '';
    if (!DROPPED.test(arg)) {
      kept.push(arg);
    } else if (DROPPED_WITH_VALUE.has(arg)) {
      i++; // skip the flag's value too
    }
  }
  return kept;
}
