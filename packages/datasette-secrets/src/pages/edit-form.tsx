/**
 * The add / update form of `/-/secrets/NAME`. It never contains the secret's value: the field is
 * always empty, and a blank submission keeps the stored value.
 */
import type { Datasette } from 'datasette';
import type { RegisteredSecret } from '../state.js';
import type { StoredSecret } from '../store/index.js';
import { DescriptionAndLink, InMemoryWarning, MAX_NOTE_LENGTH, secretsUrl } from './common.js';

/**
 * Everything the form shows. `note` is what to put in the note field (the stored note, or what
 * the user just typed when the form comes back with an error).
 *
 * @example <EditForm datasette={ds} name="API_KEY" current={row} note={row.note ?? ''} ... />
 */
export interface EditFormProps {
  datasette: Datasette;
  name: string;
  registered: RegisteredSecret | undefined;
  current: StoredSecret | undefined;
  /** Who last updated the current version, for display. */
  updatedByLabel: string | null;
  note: string;
  error: string | null;
  inMemory: boolean;
}

/**
 * The form page's content.
 *
 * @example datasette.renderPage(request, { title, content: <EditForm {...props} /> })
 */
export function EditForm(props: EditFormProps) {
  const { current, registered, name } = props;
  const envVar = registered?.envVar;
  const envSet = envVar !== undefined && Boolean(props.datasette.env[envVar]);
  return (
    <>
      <h1>{formTitle(name, current)}</h1>
      {props.inMemory ? <InMemoryWarning /> : null}
      {registered && (registered.descriptionHtml || registered.obtainUrl) ? (
        <p class="secret-description">
          <DescriptionAndLink secret={registered} separator=". " />
        </p>
      ) : null}
      {registered ? null : (
        <p class="message-warning">
          No plugin registers this secret now: its stored value is kept, but getSecret() does not
          return it.
        </p>
      )}
      {envSet ? (
        <p class="message-warning secret-env-notice">
          This secret is set by the <code>{envVar}</code> environment variable, which takes
          precedence: a value saved here is stored, but not used until that variable is removed.
        </p>
      ) : null}
      {current ? (
        <p class="muted secret-current">
          Stored version {current.version}, last updated {current.updatedAt ?? 'at an unknown time'}
          {props.updatedByLabel ? ` by ${props.updatedByLabel}` : ''}.
        </p>
      ) : null}
      {props.error ? <p class="message-error secret-error">{props.error}</p> : null}
      <SecretFields {...props} />
    </>
  );
}

/**
 * "Update secret: NAME" when a version is stored, else "Add secret: NAME".
 *
 * @example formTitle('API_KEY', undefined); // 'Add secret: API_KEY'
 */
export function formTitle(name: string, current: StoredSecret | undefined): string {
  return `${current ? 'Update' : 'Add'} secret: ${name}`;
}

function SecretFields(props: EditFormProps) {
  const { current } = props;
  return (
    <form action={secretsUrl(props.datasette, props.name)} method="post" autocomplete="off">
      <label for="secret">Secret</label>
      <textarea
        name="secret"
        id="secret"
        rows={5}
        autocomplete="off"
        spellcheck={false}
        required={!current}
        placeholder={
          current ? 'Leave this blank to keep the stored secret unchanged' : 'Enter the secret here'
        }
      ></textarea>
      {/* No maxlength: browsers count it in UTF-16 units (50 emoji), the limit is code points. */}
      <label for="note">Note (optional, at most {MAX_NOTE_LENGTH} characters)</label>
      <input
        type="text"
        name="note"
        id="note"
        autocomplete="off"
        placeholder="What this secret is for, where it came from"
        value={props.note}
      />
      <p>
        <button type="submit">{current ? 'Update secret' : 'Add secret'}</button>
      </p>
    </form>
  );
}
