import { createHash } from 'node:crypto';
import type { Middleware } from 'koa';
import { googlePaths } from '../google/paths.js';

/** RFC 7636's form for a code verifier, and so for a `plain` challenge. */
export const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;

/** The S256 challenge equivalent to a `plain` one. */
export function s256Of(plainChallenge: string): string {
  return createHash('sha256').update(plainChallenge).digest('base64url');
}

/**
 * PKCE `plain`, which Google accepts and oidc-provider does not: an authorization request with
 * `code_challenge_method=plain` (or a challenge without a method, which RFC 7636 defines as plain) is handed to
 * oidc-provider as its S256 equivalent. The token endpoint's check then holds unchanged, because for plain the
 * verifier is the challenge itself: SHA-256(verifier) equals SHA-256(challenge). A challenge that is not a valid
 * verifier is left as it is, for oidc-provider to refuse.
 */
export const pkcePlain: Middleware = (ctx, next) => {
  if (ctx.path === googlePaths.authorization && ctx.method === 'GET') {
    const { code_challenge: challenge, code_challenge_method: method } = ctx.query;
    if (
      typeof challenge === 'string' &&
      PKCE_VALUE.test(challenge) &&
      (method === 'plain' || method === undefined)
    ) {
      const query = new URLSearchParams(ctx.querystring);
      query.set('code_challenge', s256Of(challenge));
      query.set('code_challenge_method', 'S256');
      ctx.querystring = query.toString();
    }
  }
  return next();
};
