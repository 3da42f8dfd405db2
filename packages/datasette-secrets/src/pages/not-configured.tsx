/**
 * What the secrets pages show before an encryption key is configured. The Python plugin gave a
 * 500 (list) or a bare-text 400 (edit) here; this says how to set it up instead.
 */
import type { Datasette } from 'datasette';
import type { RegisteredSecret } from '../state.js';
import { DescriptionAndLink } from './common.js';

/**
 * The config a new user needs: the key from an environment variable, and permission for root.
 *
 * @example <pre>{CONFIG_SNIPPET}</pre>
 */
export const CONFIG_SNIPPET = `plugins:
  datasette-secrets:
    encryption_key:
      $env: DATASETTE_SECRETS_ENCRYPTION_KEY
permissions:
  manage-secrets:
    id: root`;

/**
 * Setup instructions plus, since environment variables work without a key, the registered
 * secrets and which of them are set that way.
 *
 * @example
 * datasette.renderPage(request, { title: 'Manage secrets', content: <NotConfigured {...props} /> });
 */
export function NotConfigured(props: {
  datasette: Datasette;
  secrets: readonly RegisteredSecret[];
}) {
  const env = props.datasette.env;
  return (
    <div class="secrets-not-configured">
      <h1>Manage secrets</h1>
      <p>
        datasette-secrets is not configured yet: without an encryption key, secrets cannot be stored
        in the database. Registered secrets can still be set with environment variables.
      </p>
      <h2>Set it up</h2>
      <p>
        1. Generate an encryption key, and keep it somewhere safe: stored secrets cannot be
        recovered without it.
      </p>
      <pre>
        <code>datasette secrets generate-encryption-key</code>
      </pre>
      <p>
        2. Add this to <code>datasette.yml</code>, and set the{' '}
        <code>DATASETTE_SECRETS_ENCRYPTION_KEY</code> environment variable to the key:
      </p>
      <pre>
        <code>{CONFIG_SNIPPET}</code>
      </pre>
      <p>
        3. Start Datasette with an internal database on disk, so stored secrets survive a restart:
      </p>
      <pre>
        <code>datasette data.db --internal internal.db -c datasette.yml --root</code>
      </pre>
      {props.secrets.length > 0 ? (
        <>
          <h2>Registered secrets</h2>
          <ul>
            {props.secrets.map((s) => (
              <li>
                <strong>{s.name}</strong>
                {s.descriptionHtml || s.obtainUrl ? ' - ' : ''}
                <DescriptionAndLink secret={s} separator=", " />
                <br />
                <span class="muted">
                  {env[s.envVar] ? 'Set by ' : 'Not set: set '}
                  <code>{s.envVar}</code>
                  {env[s.envVar] ? '' : ' to provide it'}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
