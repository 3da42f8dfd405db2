/**
 * Pieces shared by the two secrets pages: the permission gate, URLs, actor labels and the small
 * components both pages render.
 */
import { type Datasette, type DatasetteRequest, Forbidden, raw } from 'datasette';
import type { RegisteredSecret } from '../state.js';

/**
 * The permission action that guards both pages (the Python plugin's name, so existing
 * `permissions: manage-secrets:` blocks keep working).
 *
 * @example datasette.allowed({ action: MANAGE_SECRETS, actor })
 */
export const MANAGE_SECRETS = 'manage-secrets';

/**
 * The longest note accepted, in code points (as Python's `len()` counts).
 *
 * @example [...note].length <= MAX_NOTE_LENGTH
 */
export const MAX_NOTE_LENGTH = 100;

/**
 * Throw a 403 "Permission denied" unless the actor may manage secrets. Runs before anything
 * else on every method, so an outsider learns nothing about which secrets exist.
 *
 * @example await ensureManager(datasette, request);
 */
export async function ensureManager(
  datasette: Datasette,
  request: DatasetteRequest,
): Promise<void> {
  if (!(await datasette.allowed({ action: MANAGE_SECRETS, actor: request.actor }))) {
    throw new Forbidden('Permission denied');
  }
}

/**
 * The list page's URL, or a secret's edit page (names from the database are URL-encoded: the
 * Python plugin stored any name it was given).
 *
 * @example secretsUrl(datasette, 'OPENAI_API_KEY'); // '/-/secrets/OPENAI_API_KEY'
 */
export function secretsUrl(datasette: Datasette, name?: string): string {
  return datasette.urls.path(
    name === undefined ? '/-/secrets' : `/-/secrets/${encodeURIComponent(name)}`,
  );
}

/**
 * Display labels for actor ids through the host's `actorsFromIds`: the actor's `username`, else
 * its `name`, else its id (as the Python plugin shows them).
 *
 * @example (await actorLabels(datasette, ['u1'])).get('u1'); // 'alice'
 */
export async function actorLabels(
  datasette: Datasette,
  ids: Iterable<string | null | undefined>,
): Promise<Map<string, string>> {
  const wanted = [...ids].filter((id): id is string => typeof id === 'string' && id !== '');
  const actors = await datasette.actorsFromIds(wanted);
  const labels = new Map<string, string>();
  for (const id of wanted) {
    const actor = actors[id];
    const label = [actor?.username, actor?.name, actor?.id].find(
      (v) => (typeof v === 'string' && v !== '') || typeof v === 'number',
    );
    labels.set(id, label === undefined ? id : String(label));
  }
  return labels;
}

/**
 * A secret's sanitised description followed by its obtain link, joined as the Python page joins
 * them (`description, link`), except that a description ending in punctuation is followed by a
 * plain space (no "docs.., Get a key").
 *
 * @example <DescriptionAndLink secret={secret} separator=", " />
 */
export function DescriptionAndLink(props: { secret: RegisteredSecret; separator: string }) {
  const { secret } = props;
  const link = secret.obtainUrl ? (
    <a href={secret.obtainUrl}>{secret.obtainLabel ?? secret.obtainUrl}</a>
  ) : null;
  return (
    <>
      {raw(secret.descriptionHtml)}
      {secret.descriptionHtml && link ? joiner(secret.descriptionHtml, props.separator) : ''}
      {link}
    </>
  );
}

function joiner(html: string, separator: string): string {
  return /[.!?:;]\s*$/.test(html.replace(/<[^>]*>/g, '')) ? ' ' : separator;
}

/**
 * The warning shown while secrets live in an in-memory internal database.
 *
 * @example {config.inMemory ? <InMemoryWarning /> : null}
 */
export function InMemoryWarning() {
  return (
    <p class="message-warning secrets-in-memory">
      Warning: secrets are kept in the in-memory internal database, so they will be lost when
      Datasette restarts. Start Datasette with an internal database on disk to keep them:{' '}
      <code>datasette data.db --internal internal.db</code>
    </p>
  );
}
