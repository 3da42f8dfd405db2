import { Command } from 'commander';
import type { Plugin } from '../plugin/define.js';
import { loadPackagePlugins } from '../plugin/discover.js';
import { PluginManager } from '../plugin/manager.js';
import { VERSION } from '../version.js';
import { extractMulti } from './argv.js';
import { addCreateTokenCommand } from './create-token.js';
import { addInstallCommands } from './install.js';
import { addPluginsCommand } from './plugins.js';
import { addServeCommand } from './serve.js';

/**
 * The `datasette` program: `serve` (the default command), `plugins`, `install`, `uninstall`,
 * `create-token`, plus commands added by plugins through `registerCommands`.
 */
export async function buildProgram(argv: string[]): Promise<{ program: Command; rest: string[] }> {
  const isCreateToken = argv[0] === 'create-token';
  const { rest, found } = extractMulti(argv, {
    '-s': { arity: 2, aliases: ['--setting'] },
    ...(isCreateToken
      ? { '-d': { arity: 2, aliases: ['--database'] }, '-r': { arity: 3, aliases: ['--resource'] } }
      : {}),
  });
  const plugins = await loadPackagePlugins();
  const program = new Command('datasette')
    .description(
      'Serve SQLite databases and Datasette plugins: browse data, run SQL, manage secrets.',
    )
    .version(`datasette, version ${VERSION}`, '-V, --version', 'Show the version and exit')
    .helpOption('--help', 'Show help')
    .helpCommand('help [command]', 'Show help for a command')
    // Usage mistakes read like every other CLI error: one `Error:` line with a pointer to --help.
    .configureOutput({
      outputError: (str, write) =>
        write(`Error: ${str.trim().replace(/^error: /, '')} (see datasette --help)\n`),
    })
    .exitOverride((err) => {
      process.exit(err.exitCode);
    });
  addServeCommand(program, plugins, found['-s'] as Array<[string, string]>);
  addPluginsCommand(program, plugins);
  addInstallCommands(program);
  addCreateTokenCommand(program, found['-d'] ?? [], found['-r'] ?? []);
  registerPluginCommands(program, plugins);
  return { program, rest };
}

function registerPluginCommands(program: Command, plugins: Plugin[]): void {
  const pm = new PluginManager();
  for (const p of plugins) pm.register(p);
  for (const plugin of pm.implementations('registerCommands')) {
    plugin.hooks.registerCommands?.({ program });
  }
}
