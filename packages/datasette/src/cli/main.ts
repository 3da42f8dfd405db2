import { ConfigError } from '../config/errors.js';
import { PluginError } from '../plugin/manager.js';
import { StartupError } from '../startup-error.js';
import { VERSION } from '../version.js';
import { CliError } from './argv.js';

/**
 * Run the `datasette` command. Expected failures print `Error: <message>` on one line and exit
 * 1; nothing prints a stack trace.
 */
export async function main(argv: string[]): Promise<void> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    // Fast path: no plugin discovery needed.
    process.stdout.write(`datasette, version ${VERSION}\n`);
    return;
  }
  try {
    // Loaded here, not at the top: `--version` above must not pay for the server's modules.
    const { buildProgram } = await import('./program.js');
    const { program, rest } = await buildProgram(argv);
    await program.parseAsync(rest, { from: 'user' });
  } catch (err) {
    fail(err);
  }
}

/** Print an error the way the CLI does and exit 1. */
export function fail(err: unknown): never {
  const known = [ConfigError, PluginError, StartupError, CliError].some((c) => err instanceof c);
  const e = err as { message?: string; code?: string };
  const message =
    known || e?.code === 'ERR_INVALID_ARG_VALUE' ? e.message : (e?.message ?? String(err));
  process.stderr.write(`Error: ${message}\n`);
  process.exit(1);
}
