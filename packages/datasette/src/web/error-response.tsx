import type { Datasette } from '../app.js';
import { HttpError } from './errors.js';
import type { DatasetteRequest } from './request.js';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  413: 'Payload too large',
  500: 'Internal error',
};

/**
 * Turn a thrown error into a response: JSON (`{ok:false,error,errors,status}`) for JSON
 * requests, else an error page inside the layout. Unexpected errors become a 500 that shows no
 * detail; the server log gets the error's name and code only, since messages of unexpected
 * errors could carry data.
 */
export async function errorResponse(
  ds: Datasette,
  request: DatasetteRequest,
  err: unknown,
): Promise<Response> {
  let status = 500;
  let message = 'An internal error occurred';
  let headers: Record<string, string> = {};
  if (err instanceof HttpError) {
    status = err.status;
    message = err.message;
    headers = err.headers;
  } else {
    console.error(
      `datasette: internal error on ${request.method} ${request.path}: ${describe(err)}`,
    );
  }
  if (request.wantsJson || status === 401) {
    const body = JSON.stringify({ ok: false, error: message, errors: [message], status });
    return new Response(body, {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    });
  }
  const title = TITLES[status] ?? 'Error';
  try {
    return await ds.renderPage(request, {
      title,
      status,
      headers,
      content: (
        <>
          <h1>{title}</h1>
          <p class="error-message">{message}</p>
        </>
      ),
    });
  } catch {
    return new Response(`${title}: ${message}`, {
      status,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
}

/**
 * The error's type, a code that looks like one (`ENOENT`, `SQLITE_BUSY`) and the first stack
 * frames: enough to find the bug, nothing that could carry data. The message is left out, and
 * so are the stack's first lines, which repeat it (all of it, when it spans several lines).
 */
function describe(err: unknown): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    name?: unknown;
    code?: unknown;
    stack?: unknown;
  };
  const name =
    typeof e.name === 'string' && /^[A-Za-z_$][\w$]{0,60}$/.test(e.name) ? e.name : 'Error';
  const code =
    typeof e.code === 'string' && /^[A-Z][A-Z0-9_]{0,40}$/.test(e.code) ? ` (${e.code})` : '';
  const frames =
    typeof e.stack === 'string'
      ? e.stack
          .split('\n')
          .filter((line) => /^\s+at /.test(line))
          .slice(0, 3)
          .map((line) => line.trim())
      : [];
  return [`${name}${code}`, ...frames].join(' | ');
}
