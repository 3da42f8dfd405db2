import { randomBytes } from 'node:crypto';
import { timingSafeEqualString } from '../util/timing-safe.js';

/**
 * Creates the one-time root login token printed by `datasette --root`: 32 random bytes as 64
 * hex characters, far beyond guessing.
 *
 * @example
 * const token = createRootToken();
 * console.log(`http://127.0.0.1:8001/-/auth-token?token=${token}`);
 */
export function createRootToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Outcome of {@link RootLogin.check}, mapping to Datasette's responses: `'ok'` logs in as root,
 * `'used'` is 403 "Root token has already been used", `'invalid'` is 403 "Invalid token".
 * @example if (login.check(token) === 'used') return forbidden('Root token has already been used');
 */
export type RootLoginResult = 'ok' | 'used' | 'invalid';

/**
 * The state of the one-time root login. After one successful check the token is consumed for
 * the life of the process, so a leaked URL (shell history, logs) cannot be replayed; from then
 * on every check answers `'used'`, even with the right token, as Datasette does.
 *
 * @example
 * const login = new RootLogin(createRootToken());
 * login.check(url.searchParams.get('token')); // 'ok' once, then 'used'
 */
export class RootLogin {
  readonly #token: string;
  #used = false;

  constructor(token: string) {
    if (typeof token !== 'string' || token.length === 0) {
      throw new TypeError('RootLogin: token must be a non-empty string');
    }
    this.#token = token;
  }

  /**
   * True once the token has been consumed.
   * @example if (login.used) showAlreadyUsed();
   */
  get used(): boolean {
    return this.#used;
  }

  /**
   * Checks a candidate from the request (`null` when the parameter is missing), comparing in
   * constant time, and consumes the token on success.
   * @example login.check('wrong'); // 'invalid'
   */
  check(candidate: string | null): RootLoginResult {
    if (this.#used) {
      return 'used';
    }
    if (typeof candidate !== 'string' || !timingSafeEqualString(candidate, this.#token)) {
      return 'invalid';
    }
    this.#used = true;
    return 'ok';
  }
}
