import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { encodeActorCookie } from './auth/actor-cookie.js';
import { createRootToken, RootLogin } from './auth/root-token.js';
import { createSigner, type Signer } from './auth/signer.js';
import { createApiToken, type TokenRestrictions } from './auth/tokens.js';
import { ConfigError } from './config/errors.js';
import type { Config } from './config/load.js';
import { resolveSubstitutions } from './config/resolve.js';
import { type Settings, validateSettings } from './config/settings.js';
import { corePlugins } from './core/index.js';
import { PermissionChecker } from './core/permission-checker.js';
import { Database } from './db/database.js';
import { ActionRegistry, CORE_ACTIONS } from './permissions/actions.js';
import type { Plugin } from './plugin/define.js';
import { PluginManager } from './plugin/manager.js';
import { QueryPool } from './query/pool.js';
import type { Action, Actor, FlashMessage, MessageLevel, Resource } from './types.js';
import { createClient, type TestClient } from './web/client.js';
import { NotFound } from './web/errors.js';
import { type PageOptions, renderPage } from './web/render.js';
import type { DatasetteRequest } from './web/request.js';
import { createHandler } from './web/server.js';
import { Urls } from './web/urls.js';

/** Options for a host instance. Every field is optional: `new Datasette()` is an empty server. */
export interface DatasetteOptions {
  /** SQLite files to serve; each is named after its file stem (clashes get `_2`, `_3`, …). */
  files?: string[];
  /** File for the internal database; in memory when omitted. */
  internal?: string;
  /** The parsed config (`datasette.yml`), already merged with `-s` settings. */
  config?: Config;
  /** Directory `$file` paths in the config are relative to. */
  configDir?: string;
  /** Signing secret for cookies and tokens; random per process when omitted. */
  secret?: string;
  /** Allow the one-time root login link (`--root`). */
  root?: boolean;
  /** Remove the default allow rules (`--default-deny`). */
  defaultDeny?: boolean;
  /** Create missing database files (`--create`). */
  create?: boolean;
  /** Plugins to register after the built-in ones, in order. */
  plugins?: Plugin[];
  /** Environment used for `$env` substitutions and plugins (defaults to `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/**
 * A Datasette host: databases, config, plugins, permissions and the HTTP handler. A façade over
 * the modules that do the work; each instance is independent, so tests build fresh ones.
 *
 * @example
 * const ds = new Datasette({ files: ['data.db'], plugins: [myPlugin] });
 * await ds.invokeStartup();
 * const res = await ds.client.get('/', { actor: { id: 'root' } });
 */
export class Datasette {
  static readonly INFO = 1 as const;
  static readonly WARNING = 2 as const;
  static readonly ERROR = 3 as const;

  readonly pm = new PluginManager();
  readonly actions = new ActionRegistry();
  readonly config: Config;
  readonly settings: Settings;
  readonly databases = new Map<string, Database>();
  readonly urls: Urls;
  readonly signer: Signer;
  readonly rootEnabled: boolean;
  readonly defaultDeny: boolean;
  readonly rootLogin: RootLogin;
  /** The one-time root login token (printed by `--root`). */
  readonly rootToken: string;
  readonly env: NodeJS.ProcessEnv;
  readonly client: TestClient;
  readonly queryPool: QueryPool;
  readonly #internal: Database;
  readonly #configDir: string;
  readonly #permissions: PermissionChecker;
  #handler?: (request: Request) => Promise<Response>;
  #startup?: Promise<void>;

  constructor(options: DatasetteOptions = {}) {
    this.config = options.config ?? {};
    this.settings = validateSettings(this.config.settings ?? {}, 'config');
    this.#configDir = options.configDir ?? process.cwd();
    this.env = options.env ?? process.env;
    this.signer = createSigner(options.secret ?? randomBytes(32).toString('hex'));
    this.rootEnabled = options.root ?? false;
    this.defaultDeny = options.defaultDeny ?? false;
    this.rootToken = createRootToken();
    this.rootLogin = new RootLogin(this.rootToken);
    this.urls = new Urls(this.settings.base_url);
    this.#internal = new Database({
      name: '__INTERNAL__',
      path: options.internal ?? null,
      create: true,
    });
    for (const file of options.files ?? []) this.addDatabase(file, { create: options.create });
    for (const plugin of corePlugins()) this.pm.register(plugin);
    for (const plugin of options.plugins ?? []) this.pm.register(plugin);
    this.#permissions = new PermissionChecker(this);
    this.client = createClient(this);
    this.queryPool = new QueryPool({ size: Math.max(1, this.settings.num_sql_threads) });
  }

  /** Attach a database file; returns it. The name is the file stem, made unique. */
  addDatabase(file: string, opts: { create?: boolean; name?: string } = {}): Database {
    let name = opts.name ?? path.basename(file).replace(/\.[^.]+$/, '');
    const base = name;
    for (let i = 2; this.databases.has(name); i++) name = `${base}_${i}`;
    const db = new Database({ name, path: path.resolve(file), create: opts.create });
    this.databases.set(name, db);
    return db;
  }

  /** A database by name; throws `NotFound` for an unknown name. */
  getDatabase(name: string): Database {
    const db = this.databases.get(name);
    if (!db) throw new NotFound(`Database not found: ${name}`);
    return db;
  }

  /** The internal database: never listed or browsable, for plugin bookkeeping. */
  getInternalDatabase(): Database {
    return this.#internal;
  }

  /**
   * A plugin's config block with `$env` / `$file` resolved (on every call, so a changed
   * environment variable is seen). `undefined` when the plugin has no config.
   *
   * @example const cfg = datasette.pluginConfig('datasette-secrets') as { database?: string };
   */
  pluginConfig(name: string, opts: { database?: string; table?: string } = {}): unknown {
    const db = opts.database ? this.config.databases?.[opts.database] : undefined;
    const raw =
      (opts.table ? db?.tables?.[opts.table]?.plugins?.[name] : undefined) ??
      db?.plugins?.[name] ??
      this.config.plugins?.[name];
    if (raw === undefined) return undefined;
    return resolveSubstitutions(raw, { env: this.env, baseDir: this.#configDir });
  }

  /**
   * Whether an actor may perform an action (on a resource). An unknown action is an error.
   * @example await datasette.allowed({ action: 'manage-secrets', actor: request.actor })
   */
  allowed(check: { action: string; actor: Actor | null; resource?: Resource }): Promise<boolean> {
    return this.#permissions.allowed(check.action, check.actor, check.resource);
  }

  /** Like {@link allowed}, but throws `Forbidden` when not allowed. */
  ensurePermission(check: {
    action: string;
    actor: Actor | null;
    resource?: Resource;
  }): Promise<void> {
    return this.#permissions.ensure(check.action, check.actor, check.resource);
  }

  /** Registered actions (core and plugins). */
  getAction(name: string): Action | undefined {
    return this.actions.get(name);
  }

  /**
   * Actors for display, by id, through the `actorsFromIds` hook; `{ id }` for each id when no
   * plugin answers.
   */
  async actorsFromIds(ids: Iterable<string>): Promise<Record<string, Actor>> {
    const actorIds = [...new Set(ids)];
    if (actorIds.length === 0) return {};
    const found = await this.pm.callFirst('actorsFromIds', { datasette: this, actorIds });
    if (found) return found;
    return Object.fromEntries(actorIds.map((id) => [id, { id }]));
  }

  /** Sign a JSON-able value for a namespace (cookies, tokens). */
  sign(value: unknown, namespace = 'default'): string {
    return this.signer.sign(value, namespace);
  }

  /** Verify and decode a signed value; throws `BadSignature` on any tampering. */
  unsign(token: string, namespace = 'default'): unknown {
    return this.signer.unsign(token, namespace);
  }

  /** Queue a flash message, shown on the next page this browser renders. */
  addMessage(request: DatasetteRequest, text: string, level: MessageLevel = Datasette.INFO): void {
    request.messages.push({ text, level } satisfies FlashMessage);
  }

  /** A signed API token (`dstok_…`) for an actor id. */
  createToken(
    actorId: string,
    opts: { expiresAfter?: number; restrictions?: TokenRestrictions } = {},
  ): string {
    if (!this.settings.allow_signed_tokens)
      throw new Error('Signed API tokens are disabled (allow_signed_tokens)');
    return createApiToken(this.signer, actorId, opts);
  }

  /** The value for a `ds_actor` cookie that logs in `actor`. */
  actorCookie(actor: Actor, expiresAt?: number): string {
    return encodeActorCookie(this.signer, actor, { expiresAt });
  }

  /** Render a page inside the shared layout (menu, crumbs, messages). */
  renderPage(request: DatasetteRequest | null, options: PageOptions): Promise<Response> {
    return renderPage(this, request, options);
  }

  /**
   * Run the startup work once: register actions, call `startup` hooks. Called by the CLI
   * before listening and by the first request.
   */
  invokeStartup(): Promise<void> {
    this.#startup ??= this.#doStartup();
    return this.#startup;
  }

  async #doStartup(): Promise<void> {
    this.#checkPluginConfig();
    this.pm.validate();
    for (const action of CORE_ACTIONS) this.actions.register(action, 'datasette');
    for (const [plugin, actions] of this.pm.callAllSync('registerActions', { datasette: this })) {
      for (const action of actions) this.actions.register(action, plugin);
    }
    await this.pm.callEach('startup', { datasette: this });
  }

  /**
   * Resolve every plugin config block once, so an unreadable `$file` stops startup with a clear
   * error instead of failing later inside whichever plugin reads it first.
   */
  #checkPluginConfig(): void {
    const blocks: Array<[string, object | undefined]> = [['plugins', this.config.plugins]];
    for (const [db, dbConfig] of Object.entries(this.config.databases ?? {})) {
      blocks.push([`databases.${db}.plugins`, dbConfig?.plugins]);
      for (const [table, t] of Object.entries(dbConfig?.tables ?? {}))
        blocks.push([`databases.${db}.tables.${table}.plugins`, t?.plugins]);
    }
    for (const [where, block] of blocks) {
      for (const [name, value] of Object.entries(block ?? {})) {
        try {
          resolveSubstitutions(value, { env: this.env, baseDir: this.#configDir });
        } catch (err) {
          if (!(err instanceof ConfigError)) throw err;
          const hint = `in ${where}.${name}; relative paths start from ${this.#configDir}`;
          throw new ConfigError(err.code, `${err.message} (${hint})`);
        }
      }
    }
  }

  /** The HTTP handler: Web `Request` in, `Response` out. */
  fetch(request: Request): Promise<Response> {
    // After the first request this is a plain call: no awaits on already-settled promises.
    if (this.#handler) return this.#handler(request);
    return this.#firstFetch(request);
  }

  async #firstFetch(request: Request): Promise<Response> {
    await this.invokeStartup();
    this.#handler ??= await createHandler(this);
    return this.#handler(request);
  }

  /** Close databases and query processes. */
  async close(): Promise<void> {
    await this.queryPool.close();
    for (const db of this.databases.values()) db.close();
    this.#internal.close();
  }
}
