// Browse benchmarks (issue 4): a 100-row page of a 1,000,000-row table served by the real
// `datasette` bin, at 10 connections: the first page and a page 5,000 pages deep. Targets: each
// ≥ 1,000 requests/s, and the deep page no slower than twice the first (keyset pagination, not
// OFFSET). JSON is the target; the HTML pages are reported alongside.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Database } from 'datasette';
import { loadTest, record, startDatasette } from './lib.mjs';

const ROWS = 1_000_000;
const PAGE = 100;
const DEPTH = 5_000;
// The host alone: installed workspace plugins are benchmarked by their own bench files.
const env = { ...process.env, DATASETTE_LOAD_PLUGINS: '' };

/** A 1,000,000-row table, written by one INSERT … SELECT from a recursive CTE in a transaction. */
function buildDatabase(file) {
  const started = performance.now();
  const db = new Database({ name: 'bench', path: file, create: true });
  db.exec('create table items (id integer primary key, name text, value integer, note text)');
  db.transaction(() =>
    db.run(
      `insert into items (name, value, note)
       select 'item ' || x, (x * 7919) % 100003, 'a note of medium length for row ' || x
       from (with recursive s(x) as (select 1 union all select x + 1 from s where x < ?) select x from s)`,
      [ROWS],
    ),
  );
  db.close();
  return performance.now() - started;
}

async function getJson(url) {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * The deep page's URL. Its `_next` token is constructed (the rowid of the last row of page
 * 5,000, as a token is the last key shown), then checked against the tokens the server hands out.
 */
async function deepUrl(base) {
  const first = await getJson(`${base}/bench/items.json?_size=${PAGE}`);
  if (first.next !== String(PAGE)) throw new Error(`unexpected first token ${first.next}`);
  const token = String(PAGE * DEPTH);
  const before = await getJson(
    `${base}/bench/items.json?_size=${PAGE}&_next=${PAGE * (DEPTH - 1)}`,
  );
  if (before.next !== token)
    throw new Error(`page ${DEPTH - 1} hands out ${before.next}, not ${token}`);
  const deep = await getJson(`${base}/bench/items.json?_size=${PAGE}&_next=${token}`);
  if (deep.rows.length !== PAGE || deep.rows[0].id !== PAGE * DEPTH + 1)
    throw new Error('deep page has the wrong rows');
  return `/bench/items.json?_size=${PAGE}&_next=${token}`;
}

async function measure(name, url, { target, connections = 10, durationMs = 5000 } = {}) {
  await loadTest({ url, connections, durationMs: 1000 }); // warm-up
  const r = await loadTest({ url, connections, durationMs });
  const non200 = Object.entries(r.statuses).filter(([s]) => s !== '200');
  if (r.errors || non200.length)
    throw new Error(`${name}: ${r.errors} errors, statuses ${JSON.stringify(r.statuses)}`);
  record({
    name: `${name}, ${connections} connection${connections === 1 ? '' : 's'}`,
    value: r.rps,
    unit: 'req/s',
    target,
    better: 'higher',
    detail: `${r.requests} requests, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`,
  });
  record({ name: `${name} p50 latency`, value: r.p50, unit: 'ms' });
  record({ name: `${name} p99 latency`, value: r.p99, unit: 'ms' });
  return r;
}

const dir = mkdtempSync(path.join(tmpdir(), 'ds-bench-browse-'));
try {
  const file = path.join(dir, 'bench.db');
  record({
    name: `build ${ROWS.toLocaleString('en-US')}-row table`,
    value: buildDatabase(file),
    unit: 'ms',
  });
  const server = await startDatasette([file], { env });
  try {
    const deep = await deepUrl(server.base);
    const first = await measure(
      'table page 1 JSON (100 rows of 1M)',
      `${server.base}/bench/items.json?_size=${PAGE}`,
      { target: 1000 },
    );
    const last = await measure(`table page ${DEPTH} JSON (100 rows of 1M)`, server.base + deep, {
      target: 1000,
    });
    record({
      name: `page ${DEPTH} p50 / page 1 p50`,
      value: last.p50 / first.p50,
      unit: '×',
      target: 2,
      better: 'lower',
    });
    await measure('table page 1 HTML', `${server.base}/bench/items?_size=${PAGE}`);
    await measure(`table page ${DEPTH} HTML`, `${server.base}${deep.replace('.json', '')}`);
    // A filter on an unindexed column reads the whole table, so it runs in the query pool
    // (never blocking the server): reported for information, one request at a time.
    await measure(
      'unindexed filter of 1M rows JSON (query pool)',
      `${server.base}/bench/items.json?_size=${PAGE}&value=42`,
      { connections: 1, durationMs: 3000 },
    );
  } finally {
    await server.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
