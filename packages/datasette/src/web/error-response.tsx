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
    const e = err as { name?: string; code?: string; stack?: string };
    const where = e.stack?.split('\n').slice(1, 4).join(' | ').trim() ?? '';
    console.error(
      `datasette: internal error on ${request.method} ${request.path}: ${e?.name ?? 'Error'}${e?.code ? ` (${e.code})` : ''} ${where}`,
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
