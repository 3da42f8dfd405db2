// Helpers for the benchmarks in bench/*.bench.mjs (run by `npm run bench`). Plain JS on the built
// packages. Every loop is bounded in count and time, and network load only ever goes to
// 127.0.0.1 / localhost.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

/** The `datasette` bin of this repository. */
export const DATASETTE_BIN = fileURLToPath(
  new URL('../packages/datasette/bin/datasette.js', import.meta.url),
);

/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The p-th percentile (0–100) of a list, nearest-rank. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/**
 * Time `fn` (sync or async): `rounds` rounds of `iterations` calls each, after one warm-up round.
 * Returns the median nanoseconds per call over the rounds.
 *
 * @example const ns = await timeit(() => signer.sign(x, 'actor'), { iterations: 10_000 });
 */
export async function timeit(fn, { iterations = 1000, rounds = 5, warmup = true } = {}) {
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 10_000_000)
    throw new RangeError('timeit: iterations must be 1 … 10,000,000');
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 1000)
    throw new RangeError('timeit: rounds must be 1 … 1000');
  const first = fn();
  const isAsync = first && typeof first.then === 'function';
  if (isAsync) await first;
  const perOp = [];
  for (let r = warmup ? -1 : 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    if (isAsync) for (let i = 0; i < iterations; i++) await fn();
    else for (let i = 0; i < iterations; i++) fn();
    const ns = Number(process.hrtime.bigint() - start) / iterations;
    if (r >= 0) perOp.push(ns);
  }
  return median(perOp);
}

/** Wall time in ms of `count` sequential runs of a command; returns all the times. */
export async function wallTimes(
  command,
  args,
  { count = 10, env = process.env, timeoutMs = 30_000 } = {},
) {
  const times = [];
  for (let i = 0; i < Math.min(count, 1000); i++) {
    const start = process.hrtime.bigint();
    const code = await new Promise((resolve, reject) => {
      const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

function assertLocal(url) {
  const { hostname } = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(hostname))
    throw new Error(`loadTest only targets this machine, not ${hostname}`);
}

/**
 * An HTTP load generator: `connections` keep-alive connections each sending GET `url` back to
 * back for `durationMs` (at most `maxRequests` in all). Run the server in another process (see
 * {@link startDatasette}) so the two do not share an event loop.
 * Returns { requests, errors, statuses, rps, p50, p99 } with latencies in ms.
 *
 * @example const r = await loadTest({ url: `${base}/`, connections: 10, durationMs: 5000, headers: { cookie } });
 */
export async function loadTest({
  url,
  connections = 10,
  durationMs = 5000,
  headers = {},
  maxRequests = 5_000_000,
}) {
  assertLocal(url);
  if (connections < 1 || connections > 256) throw new RangeError('connections must be 1 … 256');
  if (durationMs < 1 || durationMs > 120_000) throw new RangeError('durationMs must be ≤ 120 s');
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const latencies = [];
  const statuses = {};
  let errors = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = started + durationMs;

  const one = () =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          headers,
        },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });

  const worker = async () => {
    while (performance.now() < deadline && sent < maxRequests && errors < 1000) {
      sent++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    requests: latencies.length,
    errors,
    statuses,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/** Resident memory of a process in bytes, from /proc/PID/status (Linux); NaN elsewhere. */
export function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(status.match(/^VmRSS:\s+(\d+)\s+kB/m)?.[1]);
    return kb * 1024;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time (user + system) a process has used so far, in seconds, from /proc/PID/stat (Linux;
 * 10 ms resolution); NaN elsewhere. Differences over a load test give CPU per request, which
 * other work on the machine disturbs far less than requests per second.
 */
export function cpuSecondsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * Start the real `datasette` bin as a child process on a free port (`-p 0 --root` are added) and
 * wait for it to print its URLs. Returns { base, loginUrl, pid, child, stop() }.
 *
 * @example const server = await startDatasette([dbFile]); … await server.stop();
 */
export async function startDatasette(args, { env = process.env, cwd, timeoutMs = 20_000 } = {}) {
  const child = spawn(DATASETTE_BIN, ['--root', '-p', '0', ...args], {
    env,
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
  });
  const loginUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`datasette did not start within ${timeoutMs} ms: ${out}${err}`));
    }, timeoutMs);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\/\S*-\/auth-token\?token=[0-9a-f]+/);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`datasette exited with ${code}: ${err}`));
    });
  });
  const base = new URL(loginUrl).origin;
  return {
    base,
    loginUrl,
    pid: child.pid,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Follow a root login link and return the `ds_actor=…` cookie pair it sets. */
export async function loginCookie(loginUrl) {
  assertLocal(loginUrl);
  const res = await fetch(loginUrl, { redirect: 'manual' });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  if (res.status !== 302 || !cookie.startsWith('ds_actor=')) {
    throw new Error(`root login failed: HTTP ${res.status}`);
  }
  return cookie;
}

/**
 * Report one result. Prints a readable line, and a `##bench {json}` line that
 * scripts/run-bench.mjs collects for its summary table. `better` says which direction is good;
 * `target` (optional) is the aim the ratio is computed against.
 *
 * @example record({ name: 'datasette --version', value: 120, unit: 'ms', target: 300, better: 'lower' });
 */
export function record({ name, value, unit, target, better = 'lower', detail = '' }) {
  const ratio =
    target === undefined ? undefined : better === 'lower' ? target / value : value / target;
  const verdict = ratio === undefined ? '' : ratio >= 1 ? ' (meets target)' : ' (MISSES target)';
  const t =
    target === undefined ? '' : `, target ${better === 'lower' ? '≤' : '≥'} ${fmt(target)} ${unit}`;
  console.log(`${name}: ${fmt(value)} ${unit}${t}${verdict}${detail ? ` — ${detail}` : ''}`);
  console.log(`##bench ${JSON.stringify({ name, value, unit, target, better, ratio })}`);
}

/** A number with sensible precision for a table. */
export function fmt(n) {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}
