/**
 * Shared test helpers: hosts with the plugin configured, small registering plugins, flash-cookie
 * decoding and output capture. Every host gets its own temp-file internal database unless a test
 * asks for the in-memory one, so tests do not print the in-memory warning by accident.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { Datasette, type DatasetteOptions, definePlugin, type Plugin } from 'datasette';
import secretsPlugin, { type Secret } from '../src/index.js';

/** The key the Python plugin's own tests use. */
export const TEST_KEY = '-LujHtwFWGaBpznrV1zduoZBmCnMOW7J0H5hmeXgAVo=';
export const ADMIN = { actor: { id: 'admin' } } as const;
export const OTHER = { actor: { id: 'other' } } as const;
export const MENU_LINK = '<a href="/-/secrets">Manage secrets</a>';

const workDir = mkdtempSync(join(tmpdir(), 'secrets-test-'));
after(() => rmSync(workDir, { recursive: true, force: true }));
let counter = 0;

/** A fresh path in this test file's temp folder. */
export function tempPath(name: string): string {
  return join(workDir, `${++counter}-${name}`);
}

/** The Python suite's fixture config: key under `encryption-key`, `database: _internal`, admin may manage. */
export function pythonSuiteConfig(): NonNullable<DatasetteOptions['config']> {
  return {
    plugins: { 'datasette-secrets': { database: '_internal', 'encryption-key': TEST_KEY } },
    permissions: { 'manage-secrets': { id: 'admin' } },
  };
}

/** Options for {@link startHost}. */
export interface HostOptions extends DatasetteOptions {
  /** Plugins after the secrets plugin. */
  extra?: Plugin[];
  /** Keep the internal database in memory (the default here is a temp file). */
  memory?: boolean;
}

/** A started host with the secrets plugin first, closed when the test file ends. */
export async function startHost(opts: HostOptions = {}): Promise<Datasette> {
  const { extra = [], memory = false, ...rest } = opts;
  const ds = new Datasette({
    config: pythonSuiteConfig(),
    env: {},
    internal: memory ? undefined : tempPath('internal.db'),
    ...rest,
    plugins: [secretsPlugin, ...extra],
  });
  after(() => ds.close());
  await ds.invokeStartup();
  return ds;
}

/** A plugin that registers the given secrets. */
export function registering(name: string, secrets: Secret[] | (() => Promise<Secret[]>)): Plugin {
  return definePlugin({
    name,
    hooks: { registerSecrets: () => (typeof secrets === 'function' ? secrets() : secrets) },
  });
}

/** The Python suite's `use_actors_plugin`: every id's username is the id in upper case. */
export const actorsPlugin = definePlugin({
  name: 'ActorPlugin',
  hooks: {
    actorsFromIds: ({ actorIds }) =>
      Object.fromEntries(actorIds.map((id) => [id, { id, username: id.toUpperCase() }])),
  },
});

/** The Python suite's `register_multiple_secrets`, in the order pluggy called them there. */
export const secretOnePlugin = registering('SecretOnePlugin', [
  {
    name: 'OPENAI_API_KEY',
    obtainUrl: 'https://platform.openai.com/api-keys',
    obtainLabel: 'Get an OpenAI API key',
  },
  { name: 'ANTHROPIC_API_KEY', description: "A key for Anthropic's API" },
]);
export const secretTwoPlugin = registering('SecretTwoPlugin', [
  { name: 'OPENAI_API_KEY', description: 'Just a description but should be ignored' },
  {
    name: 'OPENCAGE_API_KEY',
    description: 'The OpenCage Geocoder',
    obtainUrl: 'https://opencagedata.com/dashboard',
    obtainLabel: 'Get an OpenCage API key',
  },
]);

/** The Python suite's `remove_whitespace`. */
export function squash(s: string): string {
  return s.split(/\s+/).filter(Boolean).join(' ');
}

/** The raw `ds_messages` cookie value a response sets, if any. */
export function messagesCookie(res: Response): string | undefined {
  const line = res.headers.getSetCookie().find((c) => c.startsWith('ds_messages='));
  if (!line) return undefined;
  return decodeURIComponent(line.slice('ds_messages='.length).split(';')[0]);
}

/** The flash messages a response sets, decoded: `[text, level]` pairs. */
export function flashMessages(ds: Datasette, res: Response): Array<[string, number]> {
  const cookie = messagesCookie(res);
  return cookie ? (ds.unsign(cookie, 'messages') as Array<[string, number]>) : [];
}

/** Rows of `datasette_secrets` in id order, as plain objects. */
export function secretRows(ds: Datasette): Array<Record<string, unknown>> {
  return ds.getInternalDatabase().all('select * from datasette_secrets order by id');
}

/**
 * Run `fn` while capturing everything written through console.* and process.stdout/stderr.
 * Console output is swallowed; stream writes are recorded AND passed on, because the test runner
 * reports through this process's stdout and a swallowed report is a lost test result.
 */
export async function captureOutput<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const record = (...args: unknown[]) => {
    chunks.push(
      args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(' '),
    );
  };
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const savedConsole = methods.map((m) => console[m]);
  const savedOut = process.stdout.write;
  const savedErr = process.stderr.write;
  for (const m of methods) console[m] = record;
  const tee = (saved: typeof process.stdout.write, stream: NodeJS.WriteStream) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      return (saved as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as typeof process.stdout.write;
  process.stdout.write = tee(savedOut, process.stdout);
  process.stderr.write = tee(savedErr, process.stderr);
  try {
    const result = await fn();
    return { result, output: chunks.join('\n') };
  } finally {
    methods.forEach((m, i) => {
      console[m] = savedConsole[i];
    });
    process.stdout.write = savedOut;
    process.stderr.write = savedErr;
  }
}
