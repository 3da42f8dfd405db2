import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from './define.js';
import { PluginError } from './manager.js';

/** An installed npm package that declares itself a datasette plugin. */
export interface PluginPackage {
  name: string;
  version: string;
  dir: string;
  entry: string;
}

/**
 * Find installed plugin packages: any package in a `node_modules` folder above `cwd` (or above
 * the host itself) whose package.json has a `"datasette": { "plugin": … }` field. The value is
 * a path to the plugin module, or `"."` for the package's main export. Sorted by name; the first
 * found of a name wins. `DATASETTE_LOAD_PLUGINS=a,b` restricts the set (empty: none).
 */
export function findPluginPackages(cwd = process.cwd(), env = process.env): PluginPackage[] {
  const seen = new Map<string, PluginPackage>();
  const starts = [cwd, path.dirname(fileURLToPath(import.meta.url))];
  for (const start of starts) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      const nm = path.join(dir, 'node_modules');
      if (existsSync(nm))
        for (const pkg of scanNodeModules(nm)) if (!seen.has(pkg.name)) seen.set(pkg.name, pkg);
      if (path.dirname(dir) === dir) break;
    }
  }
  let list = [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
  const only = env.DATASETTE_LOAD_PLUGINS;
  if (only !== undefined) {
    const names = new Set(
      only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    list = list.filter((p) => names.has(p.name));
  }
  return list;
}

function scanNodeModules(nm: string): PluginPackage[] {
  const out: PluginPackage[] = [];
  for (const entry of safeReaddir(nm)) {
    if (entry.startsWith('.')) continue;
    const dirs = entry.startsWith('@')
      ? safeReaddir(path.join(nm, entry)).map((e) => path.join(nm, entry, e))
      : [path.join(nm, entry)];
    for (const dir of dirs) {
      const pkg = readPluginManifest(dir);
      if (pkg) out.push(pkg);
    }
  }
  return out;
}

function readPluginManifest(dir: string): PluginPackage | null {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) return null;
  let json: {
    name?: string;
    version?: string;
    datasette?: { plugin?: unknown };
    exports?: unknown;
    main?: string;
  };
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  const spec = json.datasette?.plugin;
  if (!spec || !json.name) return null;
  const real = realpathSync(dir);
  const rel = spec === true || spec === '.' ? mainEntry(json) : String(spec);
  return {
    name: json.name,
    version: json.version ?? '0.0.0',
    dir: real,
    entry: path.resolve(real, rel),
  };
}

/** The package's main module, honouring the `source` export condition when Node runs with it. */
function mainEntry(json: { exports?: unknown; main?: string }): string {
  const dot = (json.exports as Record<string, unknown> | undefined)?.['.'];
  if (typeof dot === 'string') return dot;
  if (dot && typeof dot === 'object') {
    const d = dot as Record<string, string>;
    if (d.source && usesSourceCondition()) return d.source;
    return d.import ?? d.default ?? json.main ?? 'index.js';
  }
  return json.main ?? 'index.js';
}

function usesSourceCondition(): boolean {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return args.some((a) => a === '--conditions=source' || a === '-C=source');
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Import a plugin module; its default export (or `plugin` export) must be a plugin object. */
export async function importPlugin(file: string, label: string, version?: string): Promise<Plugin> {
  let mod: { default?: unknown; plugin?: unknown };
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (err) {
    throw new PluginError(`Plugin ${label} failed to load: ${(err as Error).message}`);
  }
  const plugin = (mod.default ?? mod.plugin) as Plugin | undefined;
  if (!plugin || typeof plugin !== 'object' || typeof plugin.hooks !== 'object') {
    throw new PluginError(
      `Plugin ${label} must export a plugin as its default export (use definePlugin)`,
    );
  }
  return { ...plugin, name: plugin.name || label, version: plugin.version ?? version };
}

/** Load every discovered npm plugin package, in name order. */
export async function loadPackagePlugins(cwd?: string, env?: NodeJS.ProcessEnv): Promise<Plugin[]> {
  const out: Plugin[] = [];
  for (const pkg of findPluginPackages(cwd, env))
    out.push(await importPlugin(pkg.entry, `"${pkg.name}"`, pkg.version));
  return out;
}

/** Load the `.js` / `.mjs` files of a `--plugins-dir`, in file-name order. */
export async function loadPluginsDir(dir: string): Promise<Plugin[]> {
  if (!existsSync(dir)) throw new PluginError(`Plugins directory not found: ${dir}`);
  const files = readdirSync(dir)
    .filter((f) => /\.(m?js)$/.test(f))
    .sort();
  const out: Plugin[] = [];
  for (const f of files)
    out.push(await importPlugin(path.join(dir, f), `"${f}" (from --plugins-dir)`));
  return out;
}
