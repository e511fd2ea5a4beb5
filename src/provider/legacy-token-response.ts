import { randomBytes } from 'node:crypto';
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { googlePaths } from '../google/paths.js';

/** Response mode that delivers an implicit ID token under the name `token`, in the fragment. */
const LEGACY_MODE = 'lp_legacy_token';

/**
 * The chat platform's legacy ("openID") popup mode asks for `response_type=token` and expects the ID token JWT
 * back as `token`. For a client registered with `legacy_token_response: true`, such a request is handed to
 * oidc-provider as the implicit `response_type=id_token` (with a nonce when the platform sent none) and answered
 * through a response mode that renames `id_token` to `token`. Everything else about the request is checked by
 * oidc-provider as usual; for other clients `response_type=token` stays unsupported.
 */
export function legacyTokenResponse(provider: Provider): Middleware {
  provider.registerResponseMode(
    LEGACY_MODE,
    (ctx: KoaContextWithOIDC, redirectUri: string, payload: Record<string, unknown>) => {
      const { id_token, ...rest } = payload;
      const url = new URL(redirectUri);
      const fields = id_token === undefined ? rest : { token: id_token, ...rest };
      url.hash = new URLSearchParams(fields as Record<string, string>).toString();
      ctx.status = 303;
      ctx.redirect(url.href);
    },
  );
  const rewrite: Middleware = async (ctx, next) => {
    const { response_type, client_id, nonce } = ctx.query;
    if (response_type === 'token' && typeof client_id === 'string') {
      const client = await provider.Client.find(client_id);
      if ((client as { legacy_token_response?: boolean } | undefined)?.legacy_token_response) {
        const query = new URLSearchParams(ctx.querystring);
        query.set('response_type', 'id_token');
        query.set('response_mode', LEGACY_MODE);
        if (nonce === undefined) query.set('nonce', randomBytes(16).toString('base64url'));
        ctx.querystring = query.toString();
      }
    }
    await next();
  };
  return (ctx, next) => (ctx.path === googlePaths.authorization ? rewrite(ctx, next) : next());
}
