/**
 * Errors a view throws to produce an error page (or JSON error). Messages are shown to the user,
 * so they must never contain a secret, a key or a stack trace.
 *
 * @example throw new NotFound('Secret not found: FOO');
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** 403: the actor may not do this. @example throw new Forbidden('Permission denied'); */
export class Forbidden extends HttpError {
  constructor(message = 'Permission denied') {
    super(403, message, 'FORBIDDEN');
  }
}

/** 404. */
export class NotFound extends HttpError {
  constructor(message = 'Not found') {
    super(404, message, 'NOT_FOUND');
  }
}

/** 400: the request is wrong; the message says how to fix it. */
export class BadRequest extends HttpError {
  constructor(message: string) {
    super(400, message, 'BAD_REQUEST');
  }
}

/** 405 with an `Allow` header. */
export class MethodNotAllowed extends HttpError {
  constructor(method: string, allowed: readonly string[]) {
    super(405, `Method ${method} is not allowed here`, 'METHOD_NOT_ALLOWED', {
      allow: allowed.join(', '),
    });
  }
}

/** 413: a POST body over `max_post_body_bytes`. */
export class PayloadTooLarge extends HttpError {
  constructor(limit: number) {
    super(413, `Request body is larger than the ${limit} byte limit`, 'PAYLOAD_TOO_LARGE');
  }
}

/** 401: a bearer token that is invalid or expired. */
export class Unauthorized extends HttpError {
  constructor(message = 'Invalid or expired API token') {
    super(401, message, 'INVALID_TOKEN', { 'www-authenticate': 'Bearer error="invalid_token"' });
  }
}
