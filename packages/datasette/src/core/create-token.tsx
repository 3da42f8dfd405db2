import type { Datasette } from '../app.js';
import { BadRequest, Forbidden } from '../web/errors.js';
import type { ViewContext } from '../web/routes.js';
import { parseRestrictions, RestrictionsFieldset } from './token-restrictions.js';

const UNITS: Record<string, number> = { minutes: 60, hours: 3600, days: 86400 };

function ensureCanCreate({ datasette, request }: ViewContext): string {
  if (!datasette.settings.allow_signed_tokens)
    throw new Forbidden('Signed API tokens are not enabled');
  const actor = request.actor;
  if (!actor || actor.id === undefined)
    throw new Forbidden('You must be logged in to create a token');
  if (actor.token)
    throw new Forbidden('Token authentication cannot be used to create additional tokens');
  return String(actor.id);
}

/** GET `/-/create-token`: the form. */
export function createTokenPage(ctx: ViewContext): Promise<Response> {
  ensureCanCreate(ctx);
  return ctx.datasette.renderPage(ctx.request, {
    title: 'Create an API token',
    content: <TokenForm datasette={ctx.datasette} />,
  });
}

/** POST `/-/create-token`: make a token for the logged-in actor and show it once. */
export async function createTokenPost(ctx: ViewContext): Promise<Response> {
  const actorId = ensureCanCreate(ctx);
  const form = await ctx.request.postVars();
  let expiresAfter: number | undefined;
  if (form.expire_type && form.expire_type !== 'never') {
    // Own keys only: `constructor` or `toString` must not pass as a unit.
    const unit = Object.hasOwn(UNITS, form.expire_type) ? UNITS[form.expire_type] : undefined;
    const n = Number(form.expire_duration);
    if (!unit || !Number.isSafeInteger(n * unit) || n <= 0)
      throw new BadRequest('Expiry must be a whole number of minutes, hours or days');
    expiresAfter = n * unit;
  }
  const token = ctx.datasette.createToken(actorId, {
    expiresAfter,
    restrictions: parseRestrictions(ctx.datasette, form),
  });
  return ctx.datasette.renderPage(ctx.request, {
    title: 'Create an API token',
    content: (
      <>
        <h1>Your API token</h1>
        <p>Copy it now: it will not be shown again.</p>
        <pre class="token">{token}</pre>
        <TokenForm datasette={ctx.datasette} />
      </>
    ),
  });
}

function TokenForm(props: { datasette: Datasette }) {
  return (
    <form method="post" action="">
      <h1>Create an API token</h1>
      <label for="expire_type">Expires</label>
      <select id="expire_type" name="expire_type">
        <option value="never">Never</option>
        <option value="minutes">After minutes</option>
        <option value="hours">After hours</option>
        <option value="days">After days</option>
      </select>
      <label for="expire_duration">How many</label>
      <input type="text" id="expire_duration" name="expire_duration" inputmode="numeric" />
      <RestrictionsFieldset datasette={props.datasette} />
      <p>
        <button type="submit">Create token</button>
      </p>
    </form>
  );
}
