import type { Middleware } from 'koa';
import { type DiscoveryExtras, toGoogleDiscovery } from './discovery.js';
import { googleTokenErrorDescription } from './errors.js';
import { googlePaths } from './paths.js';
import { toGoogleTokenResponse, toGoogleUserinfo } from './responses.js';

type Json = Record<string, unknown>;

function isJson(body: unknown): body is Json {
  return typeof body === 'object' && body !== null && !Buffer.isBuffer(body) && !Array.isArray(body);
}

/** The error oidc-provider raised for this request, with its internal detail (see `recordOAuthErrors`). */
export interface OAuthErrorState {
  oauthError?: { error?: string; error_detail?: string };
}

function reshapeTokenEndpoint(body: Json, state: OAuthErrorState): Json {
  if (typeof body.error !== 'string') return toGoogleTokenResponse(body);
  const description = googleTokenErrorDescription(body.error, state.oauthError?.error_detail);
  return description ? { ...body, error_description: description } : body;
}

/**
 * Gives oidc-provider's JSON answers Google's shape: the discovery document's field set, the token response's
 * expanded scopes and field order, Google's error texts, the userinfo field order. Runs around oidc-provider.
 */
export function googleShapes(extras: DiscoveryExtras): Middleware {
  return async (ctx, next) => {
    await next();
    if (!isJson(ctx.body)) return;
    const { path } = ctx;
    if (path === googlePaths.discovery && ctx.status === 200) ctx.body = toGoogleDiscovery(ctx.body, extras);
    else if (path === googlePaths.token)
      ctx.body = reshapeTokenEndpoint(ctx.body, ctx.state as OAuthErrorState);
    else if (path === googlePaths.userinfo && ctx.status === 200) ctx.body = toGoogleUserinfo(ctx.body);
  };
}
