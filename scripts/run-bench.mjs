#!/usr/bin/env node
// `npm run bench`: runs each bench/*.bench.mjs in its own process, one after another (so they do
// not compete for the two cores), passes their output through, and ends with a summary table of
// every result they `record()`ed: value, target and ratio (≥ 1 meets the target).
// `node scripts/run-bench.mjs host` runs only the files whose name contains "host".
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
const only = process.argv.slice(2);
const PER_FILE_TIMEOUT_MS = 10 * 60 * 1000;

const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (files.length === 0) {
  console.error('No bench/*.bench.mjs files found.');
  process.exit(1);
}

function runFile(file) {
  return new Promise((resolve) => {
    const results = [];
    const child = spawn(process.execPath, [path.join(benchDir, file)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    const timer = setTimeout(() => {
      console.error(`${file}: still running after ${PER_FILE_TIMEOUT_MS / 60000} min, stopping it`);
      child.kill('SIGKILL');
    }, PER_FILE_TIMEOUT_MS);
    let pending = '';
    child.stdout.on('data', (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('##bench ')) {
          try {
            results.push(JSON.parse(line.slice(8)));
          } catch {
            console.log(line);
          }
        } else console.log(`  ${line}`);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (pending) console.log(`  ${pending}`);
      resolve({ file, code: code ?? (signal ? 1 : 0), results });
    });
  });
}

function fmt(n) {
  if (n === undefined || n === null || !Number.isFinite(n)) return '';
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

const runs = [];
for (const file of files) {
  console.log(`\n▶ ${file}`);
  const started = Date.now();
  const run = await runFile(file);
  console.log(
    `  (${((Date.now() - started) / 1000).toFixed(1)} s${run.code ? `, exit ${run.code}` : ''})`,
  );
  runs.push(run);
}

const rows = [['file', 'benchmark', 'median', 'unit', 'target', 'ratio', '']];
for (const run of runs) {
  for (const r of run.results) {
    const target =
      r.target === undefined ? '' : `${r.better === 'lower' ? '≤' : '≥'} ${fmt(r.target)}`;
    const verdict = r.ratio === undefined || r.ratio === null ? '' : r.ratio >= 1 ? 'ok' : 'MISS';
    rows.push([
      run.file.replace('.bench.mjs', ''),
      r.name,
      fmt(r.value),
      r.unit,
      target,
      r.ratio === undefined || r.ratio === null ? '' : `${r.ratio.toFixed(2)}×`,
      verdict,
    ]);
  }
  if (run.code) rows.push([run.file.replace('.bench.mjs', ''), '(failed)', '', '', '', '', 'FAIL']);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
const numeric = new Set([2, 4, 5]);
console.log('\nSummary (ratio = how many times better than the target; ≥ 1 meets it)\n');
for (const [i, row] of rows.entries()) {
  console.log(
    row
      .map((cell, j) =>
        numeric.has(j) ? String(cell).padStart(widths[j]) : String(cell).padEnd(widths[j]),
      )
      .join('  ')
      .trimEnd(),
  );
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
process.exit(runs.some((r) => r.code) ? 1 : 0);
