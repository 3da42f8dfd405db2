/**
 * `/-/secrets/NAME`: add a secret, store a new version, or change the note of the current one.
 * The value goes from the form to the encrypter and nowhere else: not into the page, the
 * redirect, a flash message or a log line.
 */
import {
  type Datasette,
  type DatasetteRequest,
  MessageLevel,
  NotFound,
  redirect,
  type ViewContext,
} from 'datasette';
import { PLUGIN_NAME } from '../config.js';
import { registry } from '../registry.js';
import { type RegisteredSecret, type SecretsState, secretsState } from '../state.js';
import type { StoredSecret } from '../store/index.js';
import { actorLabels, ensureManager, MAX_NOTE_LENGTH, secretsUrl } from './common.js';
import { EditForm, formTitle } from './edit-form.js';
import { NotConfigured } from './not-configured.js';

/** What one edit request is about, worked out once for GET and POST. */
interface EditContext {
  datasette: Datasette;
  request: DatasetteRequest;
  state: SecretsState;
  name: string;
  registered: RegisteredSecret | undefined;
  current: StoredSecret | undefined;
}

/**
 * The edit page's view (GET shows the form, POST saves). 403 without `manage-secrets`, 404 for
 * a name neither registered nor stored.
 *
 * @example { path: '/-/secrets/:name', methods: ['GET', 'POST'], handler: editView }
 */
export async function editView({ datasette, request }: ViewContext): Promise<Response> {
  await ensureManager(datasette, request);
  const state = secretsState(datasette);
  const name = request.params.name ?? '';
  const registered = (await registry(datasette, state)).byName.get(name);
  const current = await latestStored(state, name);
  // The Python plugin stored any name typed into the URL; only known names have a page here.
  if (!registered && !current)
    throw new NotFound('No secret with this name is registered or stored');
  if (!state.config) {
    // Nothing can be stored yet: explain how to configure, and refuse a POST without storing.
    const content = (
      <NotConfigured datasette={datasette} secrets={registered ? [registered] : []} />
    );
    const status = request.method === 'POST' ? 400 : 200;
    return datasette.renderPage(request, { title: 'Manage secrets', content, status });
  }
  const ctx: EditContext = { datasette, request, state, name, registered, current };
  if (request.method === 'POST') return save(ctx);
  return showForm(ctx, { note: current?.note ?? '', error: null, status: 200 });
}

async function latestStored(state: SecretsState, name: string): Promise<StoredSecret | undefined> {
  if (!state.store || !(await state.store.tableExists())) return undefined;
  return state.store.latest(name);
}

async function showForm(
  ctx: EditContext,
  opts: { note: string; error: string | null; status: number },
): Promise<Response> {
  const { datasette, current } = ctx;
  const updatedBy = current?.updatedBy ?? null;
  const labels = await actorLabels(datasette, [updatedBy]);
  const content = (
    <EditForm
      datasette={datasette}
      name={ctx.name}
      registered={ctx.registered}
      current={current}
      updatedByLabel={updatedBy === null ? null : (labels.get(updatedBy) ?? updatedBy)}
      note={opts.note}
      error={opts.error}
      inMemory={ctx.state.config?.inMemory ?? false}
    />
  );
  return datasette.renderPage(ctx.request, {
    title: formTitle(ctx.name, current),
    content,
    status: opts.status,
    crumbs: [{ href: secretsUrl(datasette), label: 'secrets' }],
  });
}

/**
 * Validate and store. Errors re-show the form (status 400) with the typed note kept and the
 * secret field empty; success redirects to the list with a flash message.
 */
async function save(ctx: EditContext): Promise<Response> {
  const { datasette, request, state, name, current } = ctx;
  const form = await request.postVars();
  // Surrounding whitespace is stripped, as the Python plugin does (pasted keys gain newlines).
  const value = (form.secret ?? '').trim();
  const note = form.note ?? '';
  if ([...note].length > MAX_NOTE_LENGTH) {
    const error = `Note is too long: at most ${MAX_NOTE_LENGTH} characters`;
    return showForm(ctx, { note, error, status: 400 });
  }
  const actorId = actorIdOf(request);
  const store = state.store;
  const config = state.config;
  if (!store || !config) throw new Error(`${PLUGIN_NAME}: save() needs a configured store`);
  if (value === '') {
    if (!current) return showForm(ctx, { note, error: 'Secret is required', status: 400 });
    // A blank secret keeps the stored value: only the note changes, in place (no new version).
    if (note !== (current.note ?? '')) {
      await store.updateNote({ id: current.id, note, actorId });
      datasette.addMessage(request, `Note updated for secret ${name}`);
    } else datasette.addMessage(request, `Secret ${name} was not changed`);
    return redirect(secretsUrl(datasette));
  }
  await store.ensureSchema(); // the table may have been dropped since startup
  const { token, keyName } = config.keyring.encrypt(value);
  await store.insertVersion({ name, encrypted: token, keyName, note, actorId });
  // The original's exact words, for a first version too.
  datasette.addMessage(request, `Secret ${name} updated`);
  if (ctx.registered && datasette.env[ctx.registered.envVar]) {
    datasette.addMessage(
      request,
      `${ctx.registered.envVar} is set, so that value is still the one in use`,
      MessageLevel.WARNING,
    );
  }
  return redirect(secretsUrl(datasette));
}

/** The actor's id as stored in `created_by` / `updated_by`; NULL for an anonymous actor. */
function actorIdOf(request: DatasetteRequest): string | null {
  const id = request.actor?.id;
  return id === undefined || id === null || id === '' ? null : String(id);
}
