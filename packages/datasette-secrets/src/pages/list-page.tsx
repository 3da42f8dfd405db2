/**
 * `/-/secrets`: stored secrets (with who updated and last used them), registered secrets not yet
 * set, and secrets set by environment variables. Never shows a value.
 */
import { type Datasette, MethodNotAllowed, type ViewContext } from 'datasette';
import { registry } from '../registry.js';
import { type RegisteredSecret, type SecretsState, secretsState } from '../state.js';
import type { SecretSummary } from '../store/index.js';
import {
  actorLabels,
  DescriptionAndLink,
  ensureManager,
  InMemoryWarning,
  secretsUrl,
} from './common.js';
import { NotConfigured } from './not-configured.js';

const TITLE = 'Manage secrets';

/**
 * The list page's view. 403 for actors without `manage-secrets` (any method); GET only.
 *
 * @example { path: '/-/secrets', methods: ['GET', 'POST'], handler: listView }
 */
export async function listView({ datasette, request }: ViewContext): Promise<Response> {
  await ensureManager(datasette, request);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    throw new MethodNotAllowed(request.method, ['GET']);
  }
  const state = secretsState(datasette);
  const secrets = (await registry(datasette, state)).list;
  if (!state.config) {
    const content = <NotConfigured datasette={datasette} secrets={secrets} />;
    return datasette.renderPage(request, { title: TITLE, content });
  }
  const envSet = secrets.filter((s) => datasette.env[s.envVar]);
  const envNames = new Set(envSet.map((s) => s.name));
  const stored = await storedSecrets(state);
  const storedByName = new Map(stored.map((row) => [row.name, row]));
  // An environment variable wins over a stored value, so such secrets are listed under it.
  const rows = stored.filter((row) => !envNames.has(row.name));
  const unset = secrets.filter((s) => !storedByName.has(s.name) && !envNames.has(s.name));
  const labels = await actorLabels(
    datasette,
    rows.flatMap((row) => [row.updatedBy, row.lastUsedBy]),
  );
  const content = (
    <>
      <h1>{TITLE}</h1>
      {state.config.inMemory ? <InMemoryWarning /> : null}
      {rows.length > 0 ? <StoredTable datasette={datasette} rows={rows} labels={labels} /> : null}
      {rows.length === 0 && unset.length === 0 && envSet.length === 0 ? (
        <p>No secrets are registered or stored.</p>
      ) : null}
      <UnsetList datasette={datasette} secrets={unset} />
      <EnvList datasette={datasette} secrets={envSet} stored={storedByName} />
    </>
  );
  return datasette.renderPage(request, { title: TITLE, content });
}

/** Latest version of every stored secret; a missing table means none. */
async function storedSecrets(state: SecretsState): Promise<SecretSummary[]> {
  if (!state.store || !(await state.store.tableExists())) return [];
  return state.store.listLatest();
}

function StoredTable(props: {
  datasette: Datasette;
  rows: SecretSummary[];
  labels: Map<string, string>;
}) {
  const label = (id: string | null) => (id === null ? '' : (props.labels.get(id) ?? id));
  return (
    <div class="table-wrapper">
      <table class="secrets-stored">
        <tr>
          <th>Secret</th>
          <th>Note</th>
          <th>Version</th>
          <th>Last updated</th>
          <th>Updated by</th>
          <th>Last used</th>
          <th>Used by</th>
        </tr>
        {props.rows.map((row) => (
          <tr>
            <td>
              <strong>
                <a href={secretsUrl(props.datasette, row.name)}>{row.name}</a>
              </strong>
            </td>
            <td>{row.note ?? ''}</td>
            <td>{row.version}</td>
            <td>{row.updatedAt ?? ''}</td>
            <td>{label(row.updatedBy)}</td>
            <td>{row.lastUsedAt ?? 'never'}</td>
            <td>{label(row.lastUsedBy)}</td>
          </tr>
        ))}
      </table>
    </div>
  );
}

function UnsetList(props: { datasette: Datasette; secrets: RegisteredSecret[] }) {
  const { secrets } = props;
  if (secrets.length === 0) return null;
  return (
    <>
      <p class="secrets-unset-intro">
        The following secret{secrets.length === 1 ? ' has' : 's have'} not been set:
      </p>
      <ul class="secrets-unset">
        {secrets.map((s) => (
          <li>
            <strong>
              <a href={secretsUrl(props.datasette, s.name)}>{s.name}</a>
            </strong>
            {s.descriptionHtml || s.obtainUrl ? ' - ' : ''}
            <DescriptionAndLink secret={s} separator=", " />
          </li>
        ))}
      </ul>
    </>
  );
}

function EnvList(props: {
  datasette: Datasette;
  secrets: RegisteredSecret[];
  stored: Map<string, SecretSummary>;
}) {
  const { secrets } = props;
  if (secrets.length === 0) return null;
  return (
    <>
      <p class="secrets-env-intro">
        The following secret{secrets.length === 1 ? ' is' : 's are'} set using environment
        variables:
      </p>
      <ul class="secrets-env">
        {secrets.map((s) => (
          <li>
            <strong>
              <a href={secretsUrl(props.datasette, s.name)}>{s.name}</a>
            </strong>
            {s.descriptionHtml ? ' - ' : ''}
            {s.descriptionHtml ? <DescriptionAndLink secret={s} separator=", " /> : null}
            <br />
            <span class="muted">
              Set by <code>{s.envVar}</code>
              {props.stored.has(s.name)
                ? ` (stored version ${props.stored.get(s.name)?.version} is not used while it is set)`
                : ''}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
