import { ACTOR_COOKIE, decodeActorCookie } from '../auth/actor-cookie.js';
import { bearerToken, TOKEN_PREFIX, verifyApiToken } from '../auth/tokens.js';
import { definePlugin } from '../plugin/define.js';
import { Unauthorized } from '../web/errors.js';

/**
 * Who is asking: a `Bearer dstok_…` API token (an invalid or expired one is a 401), else the
 * signed `ds_actor` cookie (a tampered one means anonymous).
 */
export const authPlugin = definePlugin({
  name: 'datasette:auth',
  hooks: {
    actorFromRequest({ datasette, request }) {
      const now = Math.floor(Date.now() / 1000);
      const token = bearerToken(request.header('authorization'));
      if (token?.startsWith(TOKEN_PREFIX)) {
        const result = verifyApiToken(datasette.signer, token, {
          allowSignedTokens: datasette.settings.allow_signed_tokens,
          maxTtl: datasette.settings.max_signed_tokens_ttl,
          now,
        });
        if (!result.ok) throw new Unauthorized(`Invalid API token: ${result.reason}`);
        return result.actor;
      }
      const cookie = request.cookies[ACTOR_COOKIE];
      return cookie ? decodeActorCookie(datasette.signer, cookie, now) : null;
    },
  },
});
