import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { register } from '../helpers/platform.js';
import { authorize } from '../helpers/rp.js';

/**
 * Secrets never reach the request log (`idp.requests`, `GET /admin/requests`, the debug page's source), nor the
 * console: client secrets (Basic and form), PKCE verifiers, access, refresh and ID tokens wherever they are sent
 * (header, query, form, JSON at any depth, repeated), registration access tokens, private keys given to
 * /api/verify. Each secret is unique, so finding it anywhere in the log is a leak.
 */

let idp: RunningIdp;
const secrets = new Map<string, string>();
const consoleOutput: string[] = [];

/** Remembers a secret under a name, for the report of a leak. */
function secret(name: string, value: string): string {
  secrets.set(name, value);
  return value;
}

beforeAll(async () => {
  idp = await startTestIdp();
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleOutput.push(args.map(String).join(' '));
    });
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  await idp.stop();
});

async function post(
  path: string,
  body: string | Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const json = typeof body !== 'string';
  const response = await fetch(`${idp.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
      ...headers,
    },
    body: json ? JSON.stringify(body) : body,
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => ({}))) as Record<string, string>,
  };
}

async function codeFor(client: { id: string; redirect: string }, extra: Record<string, string> = {}) {
  const url = new URL(`${idp.url}/o/oauth2/v2/auth`);
  url.search = new URLSearchParams({
    client_id: client.id,
    redirect_uri: client.redirect,
    response_type: 'code',
    scope: 'openid email profile',
    login_hint: 'persona-1',
    access_type: 'offline',
    ...extra,
  }).toString();
  const { location } = await authorize(url);
  return location?.searchParams.get('code') as string;
}

describe('secrets never reach the request log', () => {
  beforeAll(async () => {
    const mock = { id: defaultClient.client_id, redirect: defaultClient.redirect_uri };
    const basic = secret(
      'Basic header',
      `Basic ${Buffer.from(`${defaultClient.client_id}:${defaultClient.client_secret}`).toString('base64')}`,
    );
    secret('mock-client secret', defaultClient.client_secret);

    // A client of its own, with a unique secret, using client_secret_post.
    const registered = await register(idp.url, {
      redirect_uris: ['https://secrets.example/cb'],
      token_endpoint_auth_method: 'client_secret_post',
    });
    secret('registered client_secret', registered.client_secret);
    secret(
      'registration_access_token',
      (registered as unknown as { registration_access_token: string }).registration_access_token,
    );
    const own = { id: registered.client_id, redirect: 'https://secrets.example/cb' };

    // Code Flow with PKCE and form client authentication.
    const verifier = secret('code_verifier', randomBytes(32).toString('base64url'));
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const code = await codeFor(own, { code_challenge: challenge, code_challenge_method: 'S256' });
    const tokens = await post(
      '/token',
      new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: own.redirect,
        code_verifier: verifier,
        client_id: own.id,
        client_secret: registered.client_secret,
      }).toString(),
    );
    expect(tokens.status).toBe(200);
    secret('access_token', tokens.body.access_token as string);
    secret('refresh_token', tokens.body.refresh_token as string);
    secret('id_token', tokens.body.id_token as string);

    // Code Flow with Basic authentication, then the refresh grant and userinfo every way a token can be sent.
    const basicTokens = await post(
      '/token',
      new URLSearchParams({
        grant_type: 'authorization_code',
        code: await codeFor(mock),
        redirect_uri: mock.redirect,
      }).toString(),
      { authorization: basic },
    );
    expect(basicTokens.status).toBe(200);
    const accessToken = secret('access_token (Basic flow)', basicTokens.body.access_token as string);
    const refreshToken = secret('refresh_token (Basic flow)', basicTokens.body.refresh_token as string);
    const refreshed = await post(
      '/token',
      new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
      { authorization: basic },
    );
    expect(refreshed.status).toBe(200);
    secret('refreshed access_token', refreshed.body.access_token as string);
    secret('refreshed id_token', refreshed.body.id_token as string);

    expect(
      (await fetch(`${idp.url}/v1/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } })).status,
    ).toBe(200);
    await fetch(`${idp.url}/v1/userinfo?access_token=${encodeURIComponent(accessToken)}`);
    await post('/v1/userinfo', new URLSearchParams({ access_token: accessToken }).toString());

    // Repeated secret parameters, and secrets at depth in JSON bodies.
    await post(
      '/token',
      `grant_type=authorization_code&client_secret=${secret('repeated secret 1', 'rep-1-ZQx8')}&client_secret=${secret('repeated secret 2', 'rep-2-ZQx9')}`,
    );
    await post('/api/jwt', {
      persona: 'persona-1',
      client_id: defaultClient.client_id,
      extra: { nested: [{ client_secret: secret('nested client_secret', 'nested-secret-Q7') }] },
      refresh_token: secret('JSON refresh_token', 'json-refresh-Q8'),
    });

    // /api/verify with a code, the client secret and a private key to decrypt with.
    await post('/api/verify', {
      code: await codeFor(mock),
      client_id: defaultClient.client_id,
      client_secret: defaultClient.client_secret,
      redirect_uri: mock.redirect,
      code_verifier: secret('verify code_verifier', randomBytes(32).toString('base64url')),
      decrypt_key: {
        kty: 'RSA',
        d: secret('private key d', `d-${randomBytes(16).toString('hex')}`),
        n: 'x',
        e: 'AQAB',
      },
    });

    // Revocation, and logout with an id_token_hint.
    await post(
      '/revoke',
      new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token' }).toString(),
      {
        authorization: basic,
      },
    );
    await fetch(
      `${idp.url}/logout?id_token_hint=${encodeURIComponent(tokens.body.id_token as string)}&client_id=${own.id}`,
      { redirect: 'manual' },
    );
  });

  function leaks(text: string): string[] {
    return [...secrets].filter(([, value]) => value && text.includes(value)).map(([name]) => name);
  }

  it('the request log has every one of those requests, with the secret parameters as "***"', () => {
    const requests = idp.context.log.requests;
    const paths = new Set(requests.map((r) => r.path));
    for (const path of [
      '/token',
      '/v1/userinfo',
      '/api/jwt',
      '/api/verify',
      '/revoke',
      '/logout',
      '/register',
    ]) {
      expect(paths, path).toContain(path);
    }
    const masked = requests.flatMap((r) => Object.entries(r.params)).filter(([, v]) => v === '***');
    const names = new Set(masked.map(([k]) => k));
    for (const name of [
      'client_secret',
      'code_verifier',
      'refresh_token',
      'access_token',
      'token',
      'id_token_hint',
    ]) {
      expect(names, name).toContain(name);
    }
  });

  it('no secret appears anywhere in the request log (idp.requests)', () => {
    expect(secrets.size).toBeGreaterThan(15);
    expect(leaks(JSON.stringify(idp.context.log.requests))).toEqual([]);
  });

  it('no secret appears in GET /admin/requests', async () => {
    const response = await fetch(`${idp.url}/admin/requests`);
    expect(response.status).toBe(200);
    expect(leaks(await response.text())).toEqual([]);
  });

  it('no secret was written to the console', () => {
    expect(leaks(consoleOutput.join('\n'))).toEqual([]);
  });
});
