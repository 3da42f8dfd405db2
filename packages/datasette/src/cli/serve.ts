import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { serve as honoServe } from '@hono/node-server';
import { type Command, Option } from 'commander';
import pc from 'picocolors';
import { Datasette } from '../app.js';
import { type Config, loadConfigFile, validateConfig } from '../config/load.js';
import { deepMerge, settingPairsToConfig } from '../config/pairs.js';
import type { Plugin } from '../plugin/define.js';
import { loadPluginsDir } from '../plugin/discover.js';
import { CliError } from './argv.js';
import { configDirectory } from './config-dir.js';

interface ServeOptions {
  host: string;
  port: string;
  internal?: string;
  config?: string;
  root?: boolean;
  secret?: string;
  pluginsDir?: string;
  create?: boolean;
  get?: string;
  token?: string;
  actor?: string;
  defaultDeny?: boolean;
}

/** `datasette serve` (also the default command: `datasette data.db` means `datasette serve data.db`). */
export function addServeCommand(
  program: Command,
  plugins: Plugin[],
  settingPairs: Array<[string, string]>,
): void {
  program
    .command('serve', { isDefault: true })
    .description('Serve SQLite database files (the default command)')
    .argument('[files...]', 'SQLite database files to serve, or one config directory')
    .helpOption('--help', 'Show help')
    .option('-h, --host <host>', 'Host to listen on', '127.0.0.1')
    .option('-p, --port <port>', 'Port to listen on (0 picks a free port)', '8001')
    .option(
      '--internal <path>',
      'File for the internal database (default: in memory, lost on restart)',
    )
    .option('-c, --config <file>', 'Config file, datasette.yml or datasette.json')
    .addOption(
      new Option(
        '-s, --setting <KEY VALUE>',
        'Set a config value: a setting name or a dotted key such as permissions.manage-secrets.id (repeatable)',
      ),
    )
    .option('--root', 'Print a one-time link that logs you in as "root" (who may do everything)')
    .addOption(
      new Option(
        '--secret <secret>',
        'Secret for signing cookies and tokens (default: random per process)',
      ).env('DATASETTE_SECRET'),
    )
    .option('--plugins-dir <dir>', 'Load plugins from the .js/.mjs files in this folder')
    .option('--create', 'Create database files that do not exist')
    .option('--default-deny', 'Deny every permission unless a rule allows it')
    .option(
      '--get <path>',
      'Make one request to this path, print the body, exit 0 only on HTTP 200',
    )
    .option('--token <token>', 'API token to send with --get')
    .option('--actor <json>', 'Actor (JSON) to make the --get request as')
    .action(async (files: string[], opts: ServeOptions) => {
      await runServe(files, opts, plugins, settingPairs);
    });
}

/** Build the host from CLI options (shared with plugin commands that need one). */
export async function datasetteFromOptions(
  files: string[],
  opts: Pick<
    ServeOptions,
    'internal' | 'config' | 'root' | 'secret' | 'pluginsDir' | 'create' | 'defaultDeny'
  >,
  plugins: Plugin[],
  settingPairs: Array<[string, string]> = [],
): Promise<Datasette> {
  const dir = configDirectory(files);
  if (dir) {
    files = dir.files;
    opts = {
      ...opts,
      config: opts.config ?? dir.config,
      pluginsDir: opts.pluginsDir ?? dir.pluginsDir,
    };
  }
  for (const f of files) {
    if (!existsSync(f) && !opts.create)
      throw new CliError(`Database file not found: ${f} (pass --create to make an empty one)`);
  }
  const seen = new Map<string, string>();
  for (const f of files) {
    const real = existsSync(f) ? realpathSync(f) : path.resolve(f);
    const earlier = seen.get(real);
    if (earlier !== undefined)
      throw new CliError(`${earlier} and ${f} are the same database file: pass it once`);
    seen.set(real, f);
  }
  const fileConfig = opts.config ? loadConfigFile(opts.config) : {};
  const merged = deepMerge(fileConfig, settingPairsToConfig(settingPairs));
  const config: Config = validateConfig(merged, opts.config ?? '-s options');
  const extra = opts.pluginsDir ? await loadPluginsDir(opts.pluginsDir) : [];
  const ds = new Datasette({
    files,
    internal: opts.internal,
    config,
    configDir: opts.config ? path.dirname(path.resolve(opts.config)) : process.cwd(),
    // An empty DATASETTE_SECRET counts as unset (as in click), not as an empty signing key.
    secret: opts.secret || undefined,
    root: opts.root,
    create: opts.create,
    defaultDeny: opts.defaultDeny,
    plugins: [...plugins, ...extra],
  });
  await ds.invokeStartup();
  return ds;
}

async function runServe(
  files: string[],
  opts: ServeOptions,
  plugins: Plugin[],
  pairs: Array<[string, string]>,
) {
  const port = Number(opts.port);
  if (!/^\d+$/.test(opts.port) || port > 65535)
    throw new CliError(`Invalid port "${opts.port}": use a number from 0 to 65535`);
  if (opts.get) {
    const ds = await datasetteFromOptions(files, { ...opts, root: false }, plugins, pairs);
    const headers: Record<string, string> = opts.token
      ? { authorization: `Bearer ${opts.token}` }
      : {};
    const actor = opts.actor ? parseActor(opts.actor) : undefined;
    const res = await ds.client.get(opts.get, { headers, actor });
    process.stdout.write(`${await res.text()}\n`);
    await ds.close();
    process.exit(res.status === 200 ? 0 : 1);
  }
  const ds = await datasetteFromOptions(files, opts, plugins, pairs);
  const server = honoServe({ fetch: (req) => ds.fetch(req), hostname: opts.host, port }, (info) => {
    const base = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${info.port}`;
    process.stdout.write(`Datasette is serving at ${pc.bold(base + ds.urls.instance())}\n`);
    if (opts.root) {
      process.stdout.write(`${base}${ds.urls.path(`-/auth-token?token=${ds.rootToken}`)}\n`);
    }
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    process.stderr.write(
      `Error: could not listen on ${opts.host}:${port}: ${err.code ?? err.message}\n`,
    );
    process.exit(1);
  });
  const stop = () => {
    server.close();
    void ds.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function parseActor(text: string) {
  try {
    const actor = JSON.parse(text);
    if (actor && typeof actor === 'object') return actor;
  } catch {}
  throw new CliError('--actor must be a JSON object, e.g. \'{"id": "root"}\'');
}
