import { type Datasette, definePlugin, Forbidden } from 'datasette';
import { getSecret } from 'datasette-secrets';

/** The secrets this demo plugin needs, as a real plugin would declare them. */
const SECRETS = [
  {
    name: 'OPENAI_API_KEY',
    description:
      'An <strong>OpenAI</strong> API key, used to <em>summarise</em> rows. See <a href="https://platform.openai.com/docs">the docs</a>.',
    obtainUrl: 'https://platform.openai.com/api-keys',
    obtainLabel: 'Get an OpenAI API key',
  },
  {
    name: 'GEOCODER_API_KEY',
    description:
      'Key for the geocoding service that fills in <code>latitude</code> and <code>longitude</code>.',
  },
  { name: 'WEBHOOK_TOKEN', description: 'Token sent with outgoing webhooks.' },
];

type Source = 'environment variable' | 'database' | 'not set';

async function sourceOf(
  datasette: Datasette,
  name: string,
  actorId: string | undefined,
): Promise<Source> {
  if (datasette.env[`DATASETTE_SECRETS_${name}`]) return 'environment variable';
  return (await getSecret(datasette, name, actorId)) === undefined ? 'not set' : 'database';
}

/**
 * The demo plugin served by `npm start`: registers three secrets and offers `/-/demo-secrets`,
 * which says for each whether it is set and where from. It never shows a value.
 */
export default definePlugin({
  name: 'demo-secrets-consumer',
  hooks: {
    registerSecrets: () => SECRETS,
    menuLinks: ({ datasette, actor }) =>
      actor ? [{ href: datasette.urls.path('/-/demo-secrets'), label: 'Demo: secret status' }] : [],
    registerRoutes: () => [
      {
        path: '/-/demo-secrets',
        methods: ['GET'],
        handler: async ({ datasette, request }) => {
          if (!request.actor) throw new Forbidden('Log in to see the demo page');
          const actorId = request.actor.id === undefined ? undefined : String(request.actor.id);
          const rows = await Promise.all(
            SECRETS.map(async (s) => ({
              name: s.name,
              source: await sourceOf(datasette, s.name, actorId),
            })),
          );
          return datasette.renderPage(request, {
            title: 'Demo: secret status',
            content: (
              <>
                <h1>Demo: which secrets are set</h1>
                <p>
                  This page belongs to a demo plugin that uses secrets. It shows where each secret
                  comes from, never its value.
                </p>
                <table>
                  <thead>
                    <tr>
                      <th>Secret</th>
                      <th>Set from</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr>
                        <td>
                          <code>{r.name}</code>
                        </td>
                        <td class={r.source === 'not set' ? 'muted' : ''}>{r.source}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p>
                  <a href={datasette.urls.path('/-/secrets')}>Manage secrets</a>
                </p>
              </>
            ),
          });
        },
      },
    ],
  },
});
