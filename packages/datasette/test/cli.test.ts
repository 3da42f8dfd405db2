/**
 * The real `datasette` command, spawned from its built bin (npm test builds dist first): serving
 * with --root on a free port and logging in through the printed link, --get, --version, --help,
 * `plugins`, plugin commands, and every kind of bad input giving one line on stderr and exit 1.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { makeDb, tempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../bin/datasette.js', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/** Installed workspace plugins are not under test here: load none unless a test asks. */
const BASE_ENV = {
  ...process.env,
  DATASETTE_LOAD_PLUGINS: '',
  NODE_OPTIONS: '',
  DATASETTE_SECRET: '',
};

let dir: string;
let db: string;
let cleanup: () => void;

before(() => {
  assert.ok(existsSync(DIST), 'dist is missing: run `npm run build` first (npm test does)');
  ({ dir, cleanup } = tempDir('ds-cli-'));
  db = makeDb(dir, 'data');
});
after(() => cleanup());

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? dir,
    env: { ...BASE_ENV, ...opts.env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A stack trace line such as "    at foo (file.js:1:2)". */
const STACK = /^\s+at\s.+[:(]/m;

/** Exit 1 with exactly one `Error: …` line on stderr, matching `pattern`, and no stack. */
function assertOneLineError(r: Result, pattern: RegExp): void {
  assert.equal(r.status, 1, `exit code (stderr: ${r.stderr})`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0], /^Error: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, STACK);
  assert.doesNotMatch(r.stdout, /Datasette is serving/);
}

describe('datasette --root -p 0', () => {
  let child: ChildProcess | undefined;
  after(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints a login link with the real port; following it logs in as root', async () => {
    child = spawn(process.execPath, [BIN, '--root', '-p', '0', db], {
      cwd: dir,
      env: BASE_ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = child;
    let stderr = '';
    proc.stderr?.on('data', (d) => {
      stderr += d;
    });
    const link = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`no link within 15 s: ${out} ${stderr}`)),
        15_000,
      );
      proc.stdout?.on('data', (d) => {
        out += d;
        const m = out.match(/http:\/\/127\.0\.0\.1:\d+\/-\/auth-token\?token=[0-9a-f]{64}/);
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
      proc.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const url = new URL(link);
    assert.notEqual(url.port, '0', 'the printed URL shows the real port');
    assert.ok(Number(url.port) > 0);

    const login = await fetch(link, { redirect: 'manual' });
    assert.equal(login.status, 302);
    assert.equal(login.headers.get('location'), '/');
    const setCookie = login.headers.get('set-cookie') ?? '';
    const cookie = setCookie.split(';')[0];
    assert.match(cookie, /^ds_actor=./);

    const me = await fetch(new URL('/-/actor.json', url), { headers: { cookie } });
    assert.equal(me.status, 200);
    assert.deepEqual(await me.json(), { ok: true, actor: { id: 'root' } });

    const home = await fetch(new URL('/', url), { headers: { cookie } });
    const body = await home.text();
    assert.match(body, /<div class="actor"><strong>root<\/strong><\/div>/);
    assert.match(body, /<a href="\/data">data<\/a>/);
    assert.equal(home.headers.get('x-frame-options'), 'DENY');

    const css = await fetch(new URL('/-/static/app.css', url));
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);

    const reuse = await fetch(link, { redirect: 'manual' });
    assert.equal(reuse.status, 403);
    assert.match(await reuse.text(), /Root token has already been used/);

    const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
    proc.kill('SIGTERM');
    assert.equal(await exited, 0, 'stops cleanly on SIGTERM');
    assert.doesNotMatch(stderr, STACK);
  });
});

describe('one-shot commands', () => {
  it('--version', () => {
    const r = run(['--version']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^datasette, version \d+\.\d+\.\d+\n$/);
  });

  it('--get / prints the page and exits 0', () => {
    const r = run(['--get', '/.json', db]);
    assert.equal(r.status, 0, r.stderr);
    const parsed = JSON.parse(r.stdout) as { ok: boolean; databases: { name: string }[] };
    assert.deepEqual(
      parsed.databases.map((d) => d.name),
      ['data'],
    );
    const html = run(['--get', '/', db]);
    assert.equal(html.status, 0);
    assert.match(html.stdout, /^<!DOCTYPE html>/);
  });

  it('--get /nope exits 1', () => {
    const r = run(['--get', '/nope', db]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /Not found/);
    assert.doesNotMatch(r.stderr, STACK);
  });

  it('--get with --actor and --token, and --root does not enable root for --get', () => {
    const actor = run(['--get', '/-/actor.json', '--actor', '{"id": "alice"}', db]);
    assert.equal(actor.status, 0);
    assert.deepEqual(JSON.parse(actor.stdout), { ok: true, actor: { id: 'alice' } });
    const token = run(['create-token', 'bob', '--secret', 's3cret']).stdout.trim();
    assert.match(token, /^dstok_/);
    const viaToken = run(['--get', '/-/actor.json', '--token', token, '--secret', 's3cret', db]);
    assert.equal(viaToken.status, 0, viaToken.stderr);
    assert.equal((JSON.parse(viaToken.stdout) as { actor: { id: string } }).actor.id, 'bob');
    const wrongSecret = run(['--get', '/-/actor.json', '--token', token, '--secret', 'other', db]);
    assert.equal(wrongSecret.status, 1, 'a token signed with another secret is a 401');
  });

  it('-s settings reach the server', () => {
    const r = run([
      '--get',
      '/-/settings.json',
      '-s',
      'default_page_size',
      '7',
      '-s',
      'settings.allow_download',
      'false',
      db,
    ]);
    assert.equal(r.status, 0, r.stderr);
    const settings = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(settings.default_page_size, 7);
    assert.equal(settings.allow_download, false);
  });

  it('a config file: YAML with permissions, -s overriding it', () => {
    const file = path.join(dir, 'perm.yml');
    writeFileSync(file, 'allow:\n  id: admin\n');
    assert.equal(run(['--get', '/', '-c', file, db]).status, 1, 'anonymous is denied');
    const admin = run(['--get', '/', '-c', file, '--actor', '{"id":"admin"}', db]);
    assert.equal(admin.status, 0);
    const opened = run(['--get', '/', '-c', file, '-s', 'allow', 'true', db]);
    assert.equal(opened.status, 0, '-s allow true wins over the file');
  });

  it('--create makes a missing database file', () => {
    const fresh = path.join(dir, 'fresh.db');
    const r = run(['--get', '/.json', '--create', fresh]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(fresh));
  });

  it('create-token output works against a server with the same secret, with -e and -a', () => {
    const r = run([
      'create-token',
      'carol',
      '--secret',
      'abc',
      '-e',
      '3600',
      '-a',
      'vi',
      '--debug',
    ]);
    assert.equal(r.status, 0, r.stderr);
    const [token, ...debug] = r.stdout.trim().split('\n');
    assert.match(token, /^dstok_/);
    const decoded = JSON.parse(debug.join('\n')) as Record<string, unknown>;
    assert.equal(decoded.a, 'carol');
    assert.equal(decoded.d, 3600);
    assert.deepEqual(decoded._r, { a: ['vi'] });
  });
});

describe('install and uninstall', () => {
  it('run npm with the packages (a stub npm records the call)', () => {
    const stubDir = path.join(dir, 'stub-bin');
    mkdirSync(stubDir, { recursive: true });
    const log = path.join(dir, 'npm-calls.txt');
    writeFileSync(path.join(stubDir, 'npm'), `#!/bin/sh\necho "$@" >> "${log}"\n`, { mode: 0o755 });
    const env = { PATH: `${stubDir}:${process.env.PATH}` };
    assert.equal(run(['install', 'datasette-x', '-U'], { env }).status, 0);
    assert.equal(run(['install', 'datasette-y@1.2.0', '-U'], { env }).status, 0);
    assert.equal(run(['uninstall', 'datasette-x', '-y'], { env }).status, 0);
    assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n'), [
      'install datasette-x@latest',
      'install datasette-y@1.2.0',
      'uninstall datasette-x',
    ]);
  });

  it('install with no packages is a usage error', () => {
    const r = run(['install']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /missing required argument 'packages'/);
  });
});

describe('help', () => {
  it('datasette --help lists the commands', () => {
    const r = run(['--help']);
    assert.equal(r.status, 0);
    for (const word of ['serve', 'plugins', 'install', 'uninstall', 'create-token', '--version']) {
      assert.ok(r.stdout.includes(word), `--help mentions ${word}`);
    }
    assert.equal(r.stderr, '');
  });

  it('datasette serve --help lists the key options with defaults', () => {
    const r = run(['serve', '--help']);
    assert.equal(r.status, 0);
    for (const option of [
      '-h, --host',
      '-p, --port',
      '--internal',
      '-c, --config',
      '-s, --setting',
      '--root',
      '--secret',
      '--plugins-dir',
      '--create',
      '--default-deny',
      '--get',
      'DATASETTE_SECRET',
      '127.0.0.1',
      '8001',
    ]) {
      assert.ok(r.stdout.includes(option), `serve --help mentions ${option}`);
    }
  });

  it('create-token --help', () => {
    const r = run(['create-token', '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /--secret/);
    assert.match(r.stdout, /--expires-after/);
  });
});

describe('plugins', () => {
  let project: string;
  before(() => {
    project = path.join(dir, 'project');
    const pkg = path.join(project, 'node_modules', 'datasette-cli-demo');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      path.join(pkg, 'package.json'),
      JSON.stringify({
        name: 'datasette-cli-demo',
        version: '2.0.0',
        type: 'module',
        datasette: { plugin: './index.mjs' },
      }),
    );
    writeFileSync(
      path.join(pkg, 'index.mjs'),
      `export default {
        name: 'datasette-cli-demo',
        hooks: {
          registerCommands({ program }) {
            program.command('hello').argument('<who>').action((who) => console.log('hello ' + who));
          },
          menuLinks: () => [{ href: '/-/demo', label: 'Demo' }],
        },
      };`,
    );
  });

  it('datasette plugins prints JSON of the loaded plugins, sorted', () => {
    const pluginsDir = path.join(dir, 'local-plugins');
    mkdirSync(pluginsDir, { recursive: true });
    writeFileSync(
      path.join(pluginsDir, 'local.mjs'),
      'export default { name: "a-local", hooks: { startup() {} } };',
    );
    const r = run(['plugins', '--plugins-dir', pluginsDir], {
      cwd: project,
      env: { DATASETTE_LOAD_PLUGINS: 'datasette-cli-demo' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [
      { name: 'a-local', version: null, hooks: ['startup'] },
      { name: 'datasette-cli-demo', version: '2.0.0', hooks: ['menuLinks', 'registerCommands'] },
    ]);
    const all = JSON.parse(run(['plugins', '--all']).stdout) as { name: string }[];
    assert.ok(
      all.some((p) => p.name === 'datasette:auth'),
      '--all shows core plugins',
    );
  });

  it('a plugin adds a command', () => {
    const r = run(['hello', 'world'], {
      cwd: project,
      env: { DATASETTE_LOAD_PLUGINS: 'datasette-cli-demo' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'hello world\n');
  });

  it('--plugins-dir plugins take part in serving', () => {
    const pluginsDir = path.join(dir, 'menu-plugins');
    mkdirSync(pluginsDir, { recursive: true });
    writeFileSync(
      path.join(pluginsDir, 'menu.mjs'),
      'export default { name: "menu", hooks: { menuLinks: () => [{ href: "/-/x", label: "From dir" }] } };',
    );
    const r = run(['--get', '/', '--plugins-dir', pluginsDir, db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /<a href="\/-\/x">From dir<\/a>/);
  });

  it('DATASETTE_LOAD_PLUGINS= loads none', () => {
    const r = run(['plugins'], { cwd: project, env: { DATASETTE_LOAD_PLUGINS: '' } });
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  it('a plugin that fails to import is named, in one line', () => {
    const pluginsDir = path.join(dir, 'bad-plugins');
    mkdirSync(pluginsDir, { recursive: true });
    writeFileSync(path.join(pluginsDir, 'broken.mjs'), 'throw new Error("no way");');
    assertOneLineError(
      run(['--get', '/', '--plugins-dir', pluginsDir, db]),
      /Plugin "broken\.mjs" \(from --plugins-dir\) failed to load: no way/,
    );
  });

  it('an unknown hook is named with a suggestion, in one line', () => {
    const pluginsDir = path.join(dir, 'typo-plugins');
    mkdirSync(pluginsDir, { recursive: true });
    writeFileSync(
      path.join(pluginsDir, 'typo.mjs'),
      'export default { name: "typo", hooks: { menulinks: () => [] } };',
    );
    assertOneLineError(
      run(['--get', '/', '--plugins-dir', pluginsDir, db]),
      /Plugin "typo" implements unknown hook "menulinks" \(did you mean "menuLinks"\?\)/,
    );
  });
});

describe('bad input: one line on stderr, exit 1, no stack trace', () => {
  it('a missing database file', () => {
    assertOneLineError(run(['nope.db']), /Database file not found: nope\.db.*--create/);
  });

  it('the same database twice', () => {
    assertOneLineError(
      run([db, path.join(dir, '.', 'data.db'), '--get', '/']),
      /same database file/,
    );
  });

  it('a config directory mixed with database files', () => {
    assertOneLineError(run([dir, db, '--get', '/']), /is a directory/);
  });

  it('malformed YAML, with line and column', () => {
    const bad = path.join(dir, 'bad.yml');
    writeFileSync(bad, 'settings:\n  base_url: /x/\n bad: [\n');
    assertOneLineError(run(['-c', bad, db]), /bad\.yml:\d+:\d+: /);
  });

  it('a config file that does not exist', () => {
    assertOneLineError(run(['-c', 'missing.yml', db]), /Could not read config file "missing\.yml"/);
  });

  it('an unknown setting in the config file, with a suggestion', () => {
    const file = path.join(dir, 'unknown-setting.json');
    writeFileSync(file, JSON.stringify({ settings: { sql_time_limit_m: 5 } }));
    assertOneLineError(
      run(['-c', file, db]),
      /Invalid setting 'sql_time_limit_m'.*did you mean 'sql_time_limit_ms'/,
    );
  });

  it('an unknown setting with -s, bare or dotted', () => {
    assertOneLineError(
      run(['-s', 'sql_time_limit_m', '5', db]),
      /Invalid setting 'sql_time_limit_m'/,
    );
    assertOneLineError(run(['-s', 'settings.nope', '5', db]), /Invalid setting 'nope'/);
  });

  it('a setting of the wrong type', () => {
    assertOneLineError(run(['-s', 'sql_time_limit_ms', 'abc', db]), /sql_time_limit_ms.*integer/);
    const file = path.join(dir, 'typed.json');
    writeFileSync(file, JSON.stringify({ settings: { allow_download: 'yes' } }));
    assertOneLineError(run(['-c', file, db]), /Setting 'allow_download'.*true or false/);
  });

  it('-s without two values', () => {
    assertOneLineError(run([db, '-s', 'base_url']), /-s needs 2 values/);
  });

  it('a bad port', () => {
    for (const port of ['99999', 'abc', '-1', '80x']) {
      assertOneLineError(run(['-p', port, db]), /Invalid port/);
    }
  });

  it('a port that is already in use', async () => {
    const server = (await import('node:net')).createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const r = await new Promise<Result>((resolve) => {
        const p = spawn(process.execPath, [BIN, '-p', String(port), db], {
          cwd: dir,
          env: BASE_ENV,
        });
        let stdout = '';
        let stderr = '';
        p.stdout.on('data', (d) => {
          stdout += d;
        });
        p.stderr.on('data', (d) => {
          stderr += d;
        });
        const timer = setTimeout(() => p.kill('SIGKILL'), 15_000);
        p.on('exit', (status) => {
          clearTimeout(timer);
          resolve({ status, stdout: '', stderr: stderr + stdout.replace(/.*serving.*\n/, '') });
        });
      });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /^Error: could not listen on 127\.0\.0\.1:\d+: EADDRINUSE\n$/);
    } finally {
      server.close();
    }
  });

  it('an unreadable $file in plugin config', () => {
    const file = path.join(dir, 'file-ref.yml');
    writeFileSync(file, 'plugins:\n  datasette-x:\n    key:\n      $file: missing.key\n');
    assertOneLineError(
      run(['-c', file, db, '--get', '/']),
      /Could not read \$file "missing\.key".*plugins\.datasette-x/,
    );
    assertOneLineError(run(['-c', file, db]), /missing\.key/);
  });

  it('a readable $file is fine', () => {
    writeFileSync(path.join(dir, 'present.key'), 'k\n');
    const file = path.join(dir, 'file-ok.yml');
    writeFileSync(file, 'plugins:\n  datasette-x:\n    key:\n      $file: present.key\n');
    const r = run(['-c', file, db, '--get', '/-/config.json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).plugins, { 'datasette-x': { key: '***' } });
  });

  it('--actor that is not JSON', () => {
    assertOneLineError(run(['--get', '/', '--actor', '{bad', db]), /--actor must be a JSON object/);
  });

  it('create-token without a secret', () => {
    const r = run(['create-token', 'bob']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--secret/);
    assert.doesNotMatch(r.stderr, STACK);
  });

  it('an unknown option', () => {
    assertOneLineError(run(['--no-such-option', db]), /unknown option '--no-such-option'.*--help/);
  });

  it('a missing option value', () => {
    assertOneLineError(run([db, '--port']), /argument missing.*--help/);
  });
});

describe('config directory mode', () => {
  it("serves the folder's databases with its datasette.yml and plugins/", () => {
    const { dir: folder, cleanup } = tempDir('ds-confdir-');
    try {
      makeDb(folder, 'birds');
      makeDb(folder, 'trees', 'create table oaks (id integer primary key);');
      writeFileSync(path.join(folder, 'notes.txt'), 'not a database');
      writeFileSync(path.join(folder, 'datasette.yml'), 'settings:\n  default_page_size: 7\n');
      mkdirSync(path.join(folder, 'plugins'));
      writeFileSync(
        path.join(folder, 'plugins', 'hello.mjs'),
        "export default { name: 'hello', hooks: { registerRoutes: () => [{ path: '/-/hello', handler: () => new Response('hi from the folder') }] } };\n",
      );
      const index = run([folder, '--get', '/.json']);
      assert.equal(index.status, 0, index.stderr);
      const names = (JSON.parse(index.stdout) as { databases: { name: string }[] }).databases.map(
        (d) => d.name,
      );
      assert.deepEqual(names.sort(), ['birds', 'trees']);
      const settings = run([folder, '--get', '/-/settings.json']);
      assert.equal(JSON.parse(settings.stdout).default_page_size, 7);
      const hello = run([folder, '--get', '/-/hello']);
      assert.equal(hello.stdout.trim(), 'hi from the folder');
    } finally {
      cleanup();
    }
  });
});
