import { parseCookies } from '../auth/cookies.js';
import type { Actor, FlashMessage } from '../types.js';
import { BadRequest, PayloadTooLarge } from './errors.js';

/**
 * One incoming request, as views and hooks see it. Wraps the Web `Request` with the path
 * (without `base_url`), route parameters, the resolved actor, cookies, flash messages and body
 * helpers with Datasette's size limit.
 *
 * @example
 * const { name } = request.params;
 * const form = await request.postVars();
 */
export class DatasetteRequest {
  readonly raw: Request;
  readonly url: URL;
  /** Path without the `base_url` prefix, still percent-encoded. */
  readonly path: string;
  readonly method: string;
  /** Route parameters (percent-decoded). Set by the router. */
  params: Record<string, string> = {};
  /** Who is making the request; `null` when anonymous. */
  actor: Actor | null = null;
  /** Flash messages: loaded from the cookie, added by views, shown by the layout. */
  messages: FlashMessage[] = [];
  /** Set once the layout has rendered the pending messages. */
  messagesShown = false;
  /** Whether a messages cookie came with the request (so it can be cleared). */
  hadMessagesCookie = false;
  readonly #maxBody: number;
  #cookies?: Record<string, string>;
  #body?: Promise<string>;

  constructor(raw: Request, url: URL, path: string, maxBodyBytes: number) {
    this.raw = raw;
    this.url = url;
    this.path = path;
    this.method = raw.method.toUpperCase();
    this.#maxBody = maxBodyBytes;
  }

  /** A request header (case-insensitive). */
  header(name: string): string | null {
    return this.raw.headers.get(name);
  }

  /** Cookies sent with the request. */
  get cookies(): Record<string, string> {
    this.#cookies ??= parseCookies(this.raw.headers.get('cookie'));
    return this.#cookies;
  }

  /** Query-string parameters. */
  get query(): URLSearchParams {
    return this.url.searchParams;
  }

  /**
   * Whether the client wants JSON: a `.json` path, `Accept: application/json` or a JSON body.
   * Errors are then answered as JSON.
   */
  get wantsJson(): boolean {
    return (
      this.path.endsWith('.json') ||
      (this.header('accept') ?? '').includes('application/json') ||
      (this.header('content-type') ?? '').startsWith('application/json')
    );
  }

  /** The raw body as text, at most `max_post_body_bytes` (413 beyond). */
  text(): Promise<string> {
    this.#body ??= readLimited(this.raw, this.#maxBody);
    return this.#body;
  }

  /**
   * A url-encoded form body as an object: blank values kept, the last duplicate wins.
   * @example const { note } = await request.postVars();
   */
  async postVars(): Promise<Record<string, string>> {
    const type = this.header('content-type') ?? '';
    if (!type.startsWith('application/x-www-form-urlencoded') && type !== '') {
      throw new BadRequest('Expected a form submission (application/x-www-form-urlencoded)');
    }
    const out: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(await this.text())) out[k] = v;
    return out;
  }

  /** A JSON body; 400 with a clear message when it does not parse. */
  async json(): Promise<unknown> {
    const body = await this.text();
    try {
      return JSON.parse(body);
    } catch {
      throw new BadRequest('The request body is not valid JSON');
    }
  }
}

async function readLimited(raw: Request, limit: number): Promise<string> {
  const declared = Number(raw.headers.get('content-length') ?? '0');
  if (declared > limit) throw new PayloadTooLarge(limit);
  if (!raw.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = raw.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new PayloadTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
