import type { Command } from 'commander';
import { corePlugins } from '../core/index.js';
import { pluginList } from '../core/info-routes.js';
import type { Plugin } from '../plugin/define.js';
import { loadPluginsDir } from '../plugin/discover.js';

/** `datasette plugins [--all] [--plugins-dir DIR]`: the loaded plugins as JSON. */
export function addPluginsCommand(program: Command, plugins: Plugin[]): void {
  program
    .command('plugins')
    .description('List the installed plugins and the hooks they implement, as JSON')
    .helpOption('--help', 'Show help')
    .option('--all', 'Include the built-in plugins')
    .option('--plugins-dir <dir>', 'Also load plugins from this folder')
    .action(async (opts: { all?: boolean; pluginsDir?: string }) => {
      const extra = opts.pluginsDir ? await loadPluginsDir(opts.pluginsDir) : [];
      const list = [...(opts.all ? corePlugins() : []), ...plugins, ...extra];
      process.stdout.write(`${JSON.stringify(pluginList(list, true), null, 4)}\n`);
    });
}
