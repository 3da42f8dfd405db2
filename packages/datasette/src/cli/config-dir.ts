import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CliError } from './argv.js';

const DB_FILE = /\.(db|sqlite|sqlite3)$/;
const CONFIG_FILES = ['datasette.yaml', 'datasette.yml', 'datasette.json'];

/** What a config directory supplies: its databases, config file and plugins folder. */
export interface ConfigDir {
  files: string[];
  config?: string;
  pluginsDir?: string;
}

/**
 * Config-directory mode, as in Python Datasette: `datasette mydir/` serves the `*.db`,
 * `*.sqlite` and `*.sqlite3` files in the folder, reads `datasette.yaml` / `.yml` / `.json`
 * from it and loads plugins from its `plugins/` folder. Options given on the command line win.
 * Returns `null` when the arguments are not a single directory.
 *
 * @example configDirectory(['mydir']) // { files: ['mydir/data.db'], config: 'mydir/datasette.yml' }
 */
export function configDirectory(args: string[]): ConfigDir | null {
  const dirs = args.filter((a) => existsSync(a) && statSync(a).isDirectory());
  if (dirs.length === 0) return null;
  if (args.length > 1) {
    throw new CliError(
      `${dirs[0]} is a directory: pass either one config directory or database files`,
    );
  }
  const dir = dirs[0];
  const names = readdirSync(dir).sort();
  const files = names.filter((n) => DB_FILE.test(n) && statSync(path.join(dir, n)).isFile());
  const config = CONFIG_FILES.find((n) => names.includes(n));
  const plugins = path.join(dir, 'plugins');
  return {
    files: files.map((n) => path.join(dir, n)),
    config: config ? path.join(dir, config) : undefined,
    pluginsDir: existsSync(plugins) && statSync(plugins).isDirectory() ? plugins : undefined,
  };
}
