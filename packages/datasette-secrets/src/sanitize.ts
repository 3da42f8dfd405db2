/**
 * Secret descriptions may contain HTML (the README always said so; the Python plugin escaped it
 * anyway). They come from plugin code, not users, but a plugin may build one from data, so it
 * is sanitised with sanitize-html: a few inline tags, links only to http(s)/mailto or relative
 * URLs, no attributes but `href`, nothing scriptable.
 *
 * sanitize-html (with htmlparser2 and postcss) would add ~6 MiB to the server for good, to
 * sanitise a handful of strings once at startup. So it runs in a short-lived worker thread whose
 * memory is returned when it exits, and results are remembered.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The worker's source (CommonJS, run with `eval`). The options live here because functions
 * cannot be sent to a worker.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const sanitizeHtml = require(workerData.modulePath);
const options = {
  allowedTags: ['a', 'em', 'strong', 'code', 'b', 'i', 'p', 'br'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  // '//evil.example' would inherit the page's scheme and leave the site unannounced.
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Links open other sites; they should not learn where the user came from.
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow' } }),
  },
};
parentPort.postMessage(workerData.inputs.map((d) => sanitizeHtml(d, options).replaceAll("'", '&#39;')));
`;

const MEMO_LIMIT = 512;
const memo = new Map<string, string>();

/** Text with none of these characters is already safe HTML and comes out unchanged. */
const NEEDS_SANITISING = /[<>&"']/;

/**
 * Sanitise secret descriptions to safe HTML, in order. Apostrophes come out as `&#39;`, as
 * Python Datasette's Jinja escaping writes them, so pages read the same byte for byte.
 *
 * @example
 * await sanitizeDescriptions(['An <a href="javascript:alert(1)">x</a> <img onerror=alert(1)>key']);
 * // ['An <a rel="noopener noreferrer nofollow">x</a> key']
 */
export async function sanitizeDescriptions(
  descriptions: readonly (string | undefined)[],
): Promise<string[]> {
  const todo = [
    ...new Set(
      descriptions.filter((d): d is string => !!d && NEEDS_SANITISING.test(d) && !memo.has(d)),
    ),
  ];
  if (todo.length > 0) {
    const results = await runWorker(todo);
    if (memo.size + todo.length > MEMO_LIMIT) memo.clear();
    for (const [i, d] of todo.entries()) memo.set(d, results[i]);
  }
  return descriptions.map((d) =>
    !d ? '' : NEEDS_SANITISING.test(d) ? (memo.get(d) as string) : d,
  );
}

function runWorker(inputs: string[]): Promise<string[]> {
  const modulePath = createRequire(import.meta.url).resolve('sanitize-html');
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath, inputs } });
    worker.once('message', (out: string[]) => {
      resolve(out);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`description sanitiser exited with code ${code}`));
    });
  });
}

/**
 * Whether a URL may be used as a link target for "obtain a key" links: absolute http(s) only.
 *
 * @example
 * isHttpUrl('https://platform.openai.com/api-keys'); // true
 * isHttpUrl('javascript:alert(1)'); // false
 */
export function isHttpUrl(url: unknown): url is string {
  if (typeof url !== 'string') return false;
  try {
    const { protocol } = new URL(url);
    return (protocol === 'https:' || protocol === 'http:') && /^https?:\/\//i.test(url.trim());
  } catch {
    return false;
  }
}
