import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(root, 'packages', 'datasette', 'bin', 'datasette.js');
export const DEMO_PLUGINS = path.join(root, 'examples', 'dist', 'plugins');

/** A running `datasette` process and the root login link it printed. */
export interface Served {
  proc: ChildProcess;
  base: string;
  rootUrl: string;
  dir: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Start the real `datasette` command (built dist) on a free port with the secrets plugin
 * configured in a fresh temp folder, and wait for the printed root link.
 */
export async function serveDemo(opts: {
  key: string;
  extraArgs?: string[];
  env?: NodeJS.ProcessEnv;
}): Promise<Served> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ds-demo-'));
  writeFileSync(path.join(dir, 'key.txt'), `${opts.key}\n`, { mode: 0o600 });
  writeFileSync(
    path.join(dir, 'datasette.yml'),
    'plugins:\n  datasette-secrets:\n    encryption_key:\n      $file: key.txt\npermissions:\n  manage-secrets:\n    id: root\n',
  );
  const args = [
    BIN,
    '--create',
    path.join(dir, 'data.db'),
    '--internal',
    path.join(dir, 'internal.db'),
    '-c',
    path.join(dir, 'datasette.yml'),
    '--plugins-dir',
    DEMO_PLUGINS,
    '--root',
    '-p',
    '0',
    ...(opts.extraArgs ?? []),
  ];
  const proc = spawn(process.execPath, args, {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d) => {
    out += d;
  });
  proc.stderr?.on('data', (d) => {
    out += d;
  });
  const rootUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no root link printed within 20 s:\n${out}`)),
      20_000,
    );
    const check = () => {
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\/-\/auth-token\?token=[0-9a-f]+/);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    proc.stdout?.on('data', check);
    proc.on('exit', (code) => reject(new Error(`datasette exited with ${code}:\n${out}`)));
  });
  const base = new URL(rootUrl).origin;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  return { proc, base, rootUrl, dir, output: () => out, stop };
}
