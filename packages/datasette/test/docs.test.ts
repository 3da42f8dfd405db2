/**
 * Keeps the docs in step with the code (Python Datasette's test_docs.py habit): every hook has a
 * section in docs/plugin-hooks.md and every section is a hook; docs/host.md lists every CLI
 * option, setting, core action and error class.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { addCreateTokenCommand } from '../src/cli/create-token.js';
import { addInstallCommands } from '../src/cli/install.js';
import { addPluginsCommand } from '../src/cli/plugins.js';
import { addServeCommand } from '../src/cli/serve.js';
import { DEFAULT_SETTINGS } from '../src/config/settings.js';
import * as host from '../src/index.js';
import { CORE_HOOKS } from '../src/index.js';
import { CORE_ACTIONS } from '../src/permissions/actions.js';

const read = (name: string) =>
  readFileSync(new URL(`../../../docs/${name}`, import.meta.url), 'utf8');
const hooksDoc = read('plugin-hooks.md');
const hostDoc = read('host.md');

/** The `## name` sections of a markdown file, with their text. */
function sections(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = markdown.split(/^## /m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    out.set(part.slice(0, newline).trim(), part.slice(newline + 1));
  }
  return out;
}

describe('docs/plugin-hooks.md', () => {
  const documented = sections(hooksDoc);

  it('has a section for every hook', () => {
    const missing = CORE_HOOKS.filter((hook) => !documented.has(hook));
    assert.deepEqual(missing, [], `undocumented hooks: ${missing.join(', ')}`);
  });

  it('has no section for a hook that does not exist', () => {
    const extra = [...documented.keys()].filter((name) => !CORE_HOOKS.includes(name as never));
    assert.deepEqual(extra, [], `sections for unknown hooks: ${extra.join(', ')}`);
  });

  it('gives each hook a signature and an example', () => {
    for (const hook of CORE_HOOKS) {
      const text = documented.get(hook) ?? '';
      assert.match(text, new RegExp(`^\`${hook}\\(\\{[^}]*\\}\\)`, 'm'), `${hook}: signature`);
      assert.match(text, /```ts\n[\s\S]+?```/, `${hook}: example`);
    }
  });

  it('names every context field the hook receives', () => {
    const fields: Record<string, string[]> = {
      startup: ['datasette'],
      registerRoutes: ['datasette'],
      registerCommands: ['program'],
      menuLinks: ['datasette', 'actor', 'request'],
      registerActions: ['datasette'],
      permissionRules: ['datasette', 'actor', 'action'],
      actorFromRequest: ['datasette', 'request'],
      actorsFromIds: ['datasette', 'actorIds'],
    };
    assert.deepEqual(Object.keys(fields).sort(), [...CORE_HOOKS].sort(), 'update this table');
    for (const [hook, names] of Object.entries(fields)) {
      const signature = (documented.get(hook) ?? '').match(/^`[^`]+`/m)?.[0] ?? '';
      for (const name of names) assert.ok(signature.includes(name), `${hook} signature: ${name}`);
    }
  });
});

describe('docs/host.md', () => {
  function longOptions(register: (program: Command) => void): string[] {
    const program = new Command('datasette');
    register(program);
    return program.commands.flatMap((cmd) =>
      cmd.options.map((o) => o.long).filter((o): o is string => o !== undefined && o !== '--help'),
    );
  }

  it('documents every CLI option', () => {
    const options = [
      ...longOptions((p) => addServeCommand(p, [], [])),
      ...longOptions((p) => addPluginsCommand(p, [])),
      ...longOptions((p) => addInstallCommands(p)),
      ...longOptions((p) => addCreateTokenCommand(p, [], [])),
    ];
    assert.ok(options.includes('--root') && options.includes('--expires-after'));
    const missing = options.filter(
      (o) => !hostDoc.includes(`\`${o}`) && !hostDoc.includes(` ${o}`),
    );
    assert.deepEqual(missing, [], `undocumented options: ${missing.join(', ')}`);
  });

  it('documents every setting with its default', () => {
    for (const [name, value] of Object.entries(DEFAULT_SETTINGS)) {
      const row = hostDoc.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      assert.ok(row, `setting ${name} is in the settings table`);
      const shown = typeof value === 'string' ? `\`${value}\`` : `\`${String(value)}\``;
      assert.ok(row.includes(shown), `setting ${name}: default ${shown} in "${row}"`);
    }
  });

  it('documents every core action and its abbreviation', () => {
    for (const action of CORE_ACTIONS) {
      assert.ok(hostDoc.includes(`\`${action.name}\` (${action.abbr})`), action.name);
    }
  });

  it('documents every error class a view can throw', () => {
    const errors = Object.entries(host)
      .filter(([, v]) => typeof v === 'function' && v.prototype instanceof host.HttpError)
      .map(([name]) => name);
    assert.ok(errors.length >= 6);
    for (const name of [...errors, 'HttpError', 'StartupError']) {
      assert.ok(hostDoc.includes(`\`${name}\``), `${name} is documented`);
    }
  });

  it('documents every member of the test client options', () => {
    for (const option of ['actor', 'headers', 'cookies', 'form', 'json', 'body']) {
      assert.ok(hostDoc.includes(`| \`${option}\` |`), option);
    }
  });
});
