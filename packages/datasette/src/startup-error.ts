/**
 * Thrown by a `startup` hook (or the host) to stop the server from starting. The CLI prints
 * `Error: <message>` and exits 1, so the message must say what is wrong and how to fix it, and
 * must never contain a secret.
 *
 * @example throw new StartupError('datasette-secrets: encryption_key is not a valid Fernet key');
 */
export class StartupError extends Error {
  readonly code = 'STARTUP_ERROR';
}
