import type { Context } from 'koa';
import type { Client } from 'oidc-provider';
import { clientRequiresPkce } from '../provider/configuration.js';
import { PKCE_VALUE, s256Of } from '../provider/pkce-plain.js';
import { badRequest } from '../server/http-error.js';
import { readJsonObject } from '../server/read-body.js';
import { type ApiContext, clientFor, optionalString, personaFor, requiredString } from './context.js';

const SCOPES = new Set(['openid', 'email', 'profile']);

function redirectUriFor(client: Client, requested: string | undefined): string {
  const uris = client.redirectUris ?? [];
  const uri = requested ?? uris[0];
  if (uri === undefined || !client.redirectUriAllowed(uri)) {
    throw badRequest(
      'invalid_redirect_uri',
      `redirect_uri "${requested}" is not registered for client ${client.clientId}; registered: ${uris.join(', ')}`,
    );
  }
  return uri;
}

function scopeOf(requested: string | undefined): string {
  const scopes = (requested ?? 'openid email profile').split(' ').filter(Boolean);
  const unknown = scopes.filter((scope) => !SCOPES.has(scope));
  if (unknown.length > 0 || !scopes.includes('openid')) {
    throw badRequest(
      'invalid_scope',
      `scope must include openid and only openid, email, profile; found "${requested}"`,
    );
  }
  return scopes.join(' ');
}

/** The S256 challenge to store: `plain` challenges are stored as their S256 equivalent, as on the authorization endpoint. */
function challengeOf(challenge: string | undefined, requestedMethod: string | undefined): string | undefined {
  const method = requestedMethod ?? (challenge ? 'plain' : undefined);
  if (challenge === undefined) {
    if (method !== undefined)
      throw badRequest('invalid_request', '"code_challenge_method" needs a "code_challenge"');
    return undefined;
  }
  if (!PKCE_VALUE.test(challenge)) {
    throw badRequest('invalid_request', '"code_challenge" must be 43-128 characters of A-Z a-z 0-9 - . _ ~');
  }
  if (method === 'S256') return challenge;
  if (method === 'plain') return s256Of(challenge);
  throw badRequest('invalid_request', `"code_challenge_method" must be "S256" or "plain", found "${method}"`);
}

/** What an authorization code is asked for with (`POST /api/code`, `idp.code()`). */
export interface CodeRequest {
  /** Persona id or email (an unknown email creates one). */
  persona: string;
  clientId: string;
  /** Default: the client's first registered redirect URI. */
  redirectUri?: string;
  /** Default `openid email profile`. */
  scope?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
}

/**
 * A real authorization code for a persona, as the brand hands one to the platform in the embedded-window Code
 * Flow; redeemable once at the token endpoint exactly like one from the browser flow.
 */
export async function issueCode(
  idp: ApiContext,
  request: CodeRequest,
): Promise<{ code: string; expires_in: number }> {
  const persona = await personaFor(idp, request.persona);
  const client = await clientFor(idp, request.clientId);
  const redirectUri = redirectUriFor(client, request.redirectUri);
  const scope = scopeOf(request.scope);
  const codeChallenge = challengeOf(request.codeChallenge, request.codeChallengeMethod);
  if (!codeChallenge && clientRequiresPkce(client)) {
    throw badRequest('invalid_request', `client ${client.clientId} requires PKCE: send a "code_challenge"`);
  }
  const { Grant, AuthorizationCode } = idp.provider;
  const grant = new Grant({ accountId: persona.sub, clientId: client.clientId });
  grant.addOIDCScope(scope);
  const code = new AuthorizationCode({
    accountId: persona.sub,
    authTime: idp.idTokens.clock.now(),
    client,
    grantId: await grant.save(),
    nonce: request.nonce,
    redirectUri,
    scope,
    codeChallenge,
    codeChallengeMethod: codeChallenge ? 'S256' : undefined,
    expiresWithSession: false,
    gty: 'authorization_code',
  });
  return { code: await code.save(), expires_in: code.expiration };
}

/** `POST /api/code` with `{ "persona", "client_id", "redirect_uri"?, "scope"?, "nonce"?, "code_challenge"?, … }`. */
export async function authorizationCode(api: ApiContext, ctx: Context): Promise<void> {
  const body = await readJsonObject(ctx);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = await issueCode(api, {
    persona: requiredString(body, 'persona'),
    clientId: requiredString(body, 'client_id'),
    redirectUri: optionalString(body, 'redirect_uri'),
    scope: optionalString(body, 'scope'),
    nonce: optionalString(body, 'nonce'),
    codeChallenge: optionalString(body, 'code_challenge'),
    codeChallengeMethod: optionalString(body, 'code_challenge_method') as CodeRequest['codeChallengeMethod'],
  });
}
