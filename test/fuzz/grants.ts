import { createHash, randomBytes } from 'node:crypto';
import { issueCode } from '../../src/api/authorization-code.js';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient } from '../helpers/idp.js';
import { basicAuth } from './clients.js';

/** One PKCE verifier for every fuzz case: its S256 challenge goes into the codes made with PKCE. */
export const VERIFIER = randomBytes(32).toString('base64url');
export const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

/**
 * Placeholders a generated case carries where a live credential belongs: each case gets a fresh one put in
 * (made when the case runs, since codes are single use). Unreserved characters only, so they survive encoding.
 */
export const FRESH = {
  code: 'FRESHxCODExPLAIN',
  pkceCode: 'FRESHxCODExPKCE',
  accessToken: 'FRESHxACCESSxTOKEN',
  refreshToken: 'FRESHxREFRESHxTOKEN',
} as const;

/** A real authorization code for persona-1 and mock-client (with a PKCE challenge when asked). */
export async function freshCode(idp: RunningIdp, pkce = false): Promise<string> {
  const { code } = await issueCode(idp.context, {
    persona: 'persona-1',
    clientId: defaultClient.client_id,
    redirectUri: defaultClient.redirect_uri,
    scope: 'openid email profile',
    nonce: 'fuzz-nonce',
    ...(pkce ? { codeChallenge: CHALLENGE, codeChallengeMethod: 'S256' as const } : {}),
  });
  return code;
}

/** Redeems a fresh code at the token endpoint: a real access token (and refresh token, offline). */
export async function freshTokens(
  idp: RunningIdp,
): Promise<{ access_token: string; refresh_token?: string; id_token: string }> {
  const response = await fetch(`${idp.url}/token`, {
    method: 'POST',
    headers: {
      authorization: basicAuth(defaultClient.client_id, defaultClient.client_secret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: await freshCode(idp),
      redirect_uri: defaultClient.redirect_uri,
    }),
  });
  if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}`);
  return (await response.json()) as { access_token: string; refresh_token?: string; id_token: string };
}

/** A refresh token: a headless Code Flow with Google's `access_type=offline`. */
export async function freshRefreshToken(idp: RunningIdp): Promise<string> {
  const url = new URL(`${idp.url}/o/oauth2/v2/auth`);
  url.search = new URLSearchParams({
    client_id: defaultClient.client_id,
    redirect_uri: defaultClient.redirect_uri,
    response_type: 'code',
    scope: 'openid email',
    access_type: 'offline',
    login_hint: 'persona-2',
  }).toString();
  const authorization = await fetch(url, { redirect: 'manual' });
  const code = new URL(authorization.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error(`no code: ${authorization.headers.get('location')}`);
  const response = await fetch(`${idp.url}/token`, {
    method: 'POST',
    headers: {
      authorization: basicAuth(defaultClient.client_id, defaultClient.client_secret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: defaultClient.redirect_uri,
    }),
  });
  const tokens = (await response.json()) as { refresh_token?: string };
  if (!tokens.refresh_token) throw new Error(`no refresh token: ${JSON.stringify(tokens)}`);
  return tokens.refresh_token;
}

/** Puts live credentials where a case carries placeholders (in its path, headers and body). */
export async function withLiveCredentials<
  T extends { path: string; headers?: Record<string, string | string[]>; body?: Buffer },
>(
  idp: RunningIdp,
  sent: T,
  live: { refreshToken?: string; accessToken?: () => Promise<string> } = {},
): Promise<T> {
  const text = `${sent.path}\n${JSON.stringify(sent.headers ?? {})}\n${sent.body?.toString('latin1') ?? ''}`;
  const replacements = new Map<string, string>();
  if (text.includes(FRESH.code)) replacements.set(FRESH.code, await freshCode(idp));
  if (text.includes(FRESH.pkceCode)) replacements.set(FRESH.pkceCode, await freshCode(idp, true));
  if (text.includes(FRESH.refreshToken) && live.refreshToken)
    replacements.set(FRESH.refreshToken, live.refreshToken);
  if (text.includes(FRESH.accessToken) && live.accessToken)
    replacements.set(FRESH.accessToken, await live.accessToken());
  if (replacements.size === 0) return sent;
  const swap = (value: string) => {
    let out = value;
    for (const [placeholder, real] of replacements) out = out.replaceAll(placeholder, real);
    return out;
  };
  const headers = Object.fromEntries(
    Object.entries(sent.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.map(swap) : swap(v)]),
  );
  return {
    ...sent,
    path: swap(sent.path),
    headers,
    ...(sent.body ? { body: Buffer.from(swap(sent.body.toString('latin1')), 'latin1') } : {}),
  };
}
