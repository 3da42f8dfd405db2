/**
 * The hook this plugin adds for other plugins, declared by module augmentation of the host's
 * `Hooks` interface, and the `Secret` shape it returns.
 */
import type { Datasette, MaybePromise } from 'datasette';

/**
 * A secret a plugin needs, declared through `registerSecrets`. (Python: `Secret(name,
 * description=None, obtain_url=None, obtain_label=None)`.)
 *
 * @example
 * const secret: Secret = {
 *   name: 'OPENAI_API_KEY',
 *   description: 'An <a href="https://openai.com/">OpenAI</a> API key',
 *   obtainUrl: 'https://platform.openai.com/api-keys',
 *   obtainLabel: 'Get an OpenAI API key',
 * };
 */
export interface Secret {
  /**
   * Letters, digits and underscores, not starting with a digit, so that
   * `DATASETTE_SECRETS_<name>` is a valid environment variable name.
   */
  name: string;
  /** Shown on the secrets pages. May contain simple HTML (links, emphasis, code); it is sanitised. */
  description?: string;
  /** An http(s) page where the user can get a value; other schemes are not linked. */
  obtainUrl?: string;
  /** The text of the `obtainUrl` link. */
  obtainLabel?: string;
}

declare module 'datasette' {
  interface Hooks {
    /**
     * Declare the secrets a plugin needs (added by datasette-secrets). Return a list of
     * {@link Secret} or a promise of one. The first plugin to register a name wins.
     *
     * @example
     * registerSecrets: () => [{ name: 'OPENAI_API_KEY', description: 'An OpenAI API key' }],
     */
    registerSecrets?(ctx: { datasette: Datasette }): MaybePromise<Secret[] | null | undefined>;
  }
}
