/**
 * Secret descriptions may contain HTML (the README always said so; the Python plugin escaped it
 * anyway). They come from plugin code, not users, but a plugin may build one from data, so it
 * is sanitised with sanitize-html: a few inline tags, links only to http(s)/mailto or relative
 * URLs, no attributes but `href`, nothing scriptable.
 *
 * sanitize-html (with htmlparser2 and postcss) would add ~6 MiB to the server for good, to
 * sanitise a handful of strings once at startup. So it runs in a short-lived child process, and
 * results are remembered. (Not a worker thread: on Node 20 starting one inside a `node --test`
 * file makes the runner drop earlier test reports.)
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { escapeHtml } from 'datasette';

/** The child's source (CommonJS): descriptions as JSON on stdin, sanitised HTML as JSON on stdout. */
const CHILD_SOURCE = `
const sanitizeHtml = require(process.argv[1]);
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
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const out = JSON.parse(input).map((d) => sanitizeHtml(d, options).replaceAll("'", '&#39;'));
  process.stdout.write(JSON.stringify(out));
});
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
  runner: (inputs: string[]) => Promise<string[]> = runSanitiser,
): Promise<string[]> {
  const todo = [
    ...new Set(
      descriptions.filter((d): d is string => !!d && NEEDS_SANITISING.test(d) && !memo.has(d)),
    ),
  ];
  if (todo.length > 0) {
    let results: string[];
    try {
      results = await runner(todo);
    } catch (error) {
      // Never fail startup over a description: show it as plain text instead.
      console.warn(
        `datasette-secrets: warning: could not sanitise secret descriptions (${(error as Error).message}); showing them as plain text`,
      );
      return descriptions.map((d) => (d ? escapeHtml(d) : ''));
    }
    if (memo.size + todo.length > MEMO_LIMIT) memo.clear();
    for (const [i, d] of todo.entries()) memo.set(d, results[i]);
  }
  return descriptions.map((d) =>
    !d ? '' : NEEDS_SANITISING.test(d) ? (memo.get(d) as string) : d,
  );
}

function runSanitiser(inputs: string[]): Promise<string[]> {
  const modulePath = createRequire(import.meta.url).resolve('sanitize-html');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD_SOURCE, modulePath], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0)
        return reject(new Error(`the description sanitiser exited with code ${code}`));
      try {
        resolve(JSON.parse(out) as string[]);
      } catch {
        reject(new Error('the description sanitiser gave no result'));
      }
    });
    child.stdin.end(JSON.stringify(inputs));
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
