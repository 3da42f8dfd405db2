#!/usr/bin/env node
// Runs every test file with Node's test runner. Node 20 neither expands globs nor fails on zero
// tests, so this lists the files itself and fails when there are none.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const roots = ['packages', 'examples'];
const only = process.argv.slice(2);
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (/\.test\.tsx?$/.test(name)) files.push(full);
  }
}
for (const r of roots) walk(r);
files.sort();
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
if (selected.length === 0) {
  console.error('No test files found: refusing to report success.');
  process.exit(1);
}
const reporter = process.env.CI ? 'tap' : 'spec';
const args = [
  '--conditions=source',
  '--import',
  'tsx',
  '--test',
  `--test-reporter=${reporter}`,
  '--test-concurrency=2',
  ...selected,
];
console.log(`Running ${selected.length} test files`);
const result = spawnSync(process.execPath, args, {
  stdio: 'inherit',
  env: { ...process.env, NODE_NO_WARNINGS: '1' },
});
process.exit(result.status ?? 1);
