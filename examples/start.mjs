#!/usr/bin/env node
// `npm start`: prepare the demo (key, database) on first run, then serve it with --root.
// Extra arguments are passed to `datasette` (e.g. `npm start -- -p 0`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Database } from 'datasette';
import { generateEncryptionKey } from 'datasette-secrets';

const here = path.dirname(fileURLToPath(import.meta.url));
const data = path.join(here, 'data');
mkdirSync(data, { recursive: true, mode: 0o700 });

const keyFile = path.join(data, 'secrets.key');
if (!existsSync(keyFile)) {
  writeFileSync(keyFile, `${generateEncryptionKey()}\n`, { mode: 0o600 });
  console.log(
    `Generated a new encryption key in ${path.relative(process.cwd(), keyFile)} (keep it: it decrypts your secrets)`,
  );
}

const dbFile = path.join(data, 'demo.db');
if (!existsSync(dbFile)) {
  const db = new Database({ name: 'demo', path: dbFile, create: true });
  db.exec(readFileSync(path.join(here, 'seed.sql'), 'utf8'));
  db.close();
}

const bin = path.join(here, '..', 'packages', 'datasette', 'bin', 'datasette.js');
const args = [
  dbFile,
  '--internal',
  path.join(data, 'internal.db'),
  '-c',
  path.join(here, 'datasette.yml'),
  '--plugins-dir',
  path.join(here, 'dist', 'plugins'),
  '--root',
  ...process.argv.slice(2),
];
// Run the bin itself (not `node bin`), so its shebang's Node flags apply as for any user.
const child = spawn(bin, args, { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
