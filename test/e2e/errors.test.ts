import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { authorize } from '../helpers/rp.js';

let idp: RunningIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.stop());

function authUrl(params: Record<string, string | undefined>): URL {
  const url = new URL(`${idp.url}/o/oauth2/v2/auth`);
  const all = {
    client_id: defaultClient.client_id,
    redirect_uri: defaultClient.redirect_uri,
    response_type: 'code',
    scope: 'openid email',
    state: 'st',
    ...params,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) url.searchParams.set(k, v);
  return url;
}

/** The error the IdP sent back to the client's redirect_uri. */
async function redirectedError(params: Record<string, string | undefined>) {
  const { status, location } = await authorize(authUrl(params));
  expect(status).toBe(303);
  expect(`${location?.origin}${location?.pathname}`).toBe(defaultClient.redirect_uri);
  // Errors travel in the query, or in the fragment for response types that imply it.
  return Object.fromEntries([
    ...(location?.searchParams ?? []),
    ...new URLSearchParams(location?.hash.slice(1)),
  ]);
}

const basic = `Basic ${Buffer.from(`${defaultClient.client_id}:${defaultClient.client_secret}`).toString('base64')}`;

async function token(body: Record<string, string>, authorization: string | null = basic) {
  const response = await fetch(`${idp.url}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization ? { authorization } : {}),
    },
    body: new URLSearchParams(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A fresh code for persona-1 with a PKCE S256 challenge. */
async function freshCode(verifier = client.randomPKCECodeVerifier()) {
  const { location } = await authorize(
    authUrl({
      login_hint: 'persona-1',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }),
  );
  return { code: location?.searchParams.get('code') as string, verifier };
}

function redeem(code: string, verifier: string, extra: Record<string, string> = {}) {
  return token({
    grant_type: 'authorization_code',
    code,
    redirect_uri: defaultClient.redirect_uri,
    code_verifier: verifier,
    ...extra,
  });
}

describe('authorization endpoint: errors shown on the IdP, never redirected', () => {
  it("refuses an unregistered redirect_uri with Google's redirect_uri_mismatch page", async () => {
    const { status, location, body } = await authorize(authUrl({ redirect_uri: 'https://evil.example/cb' }));
    expect(status).toBe(400);
    expect(location).toBeUndefined();
    expect(body).toContain('Error 400: redirect_uri_mismatch');
    expect(body).not.toMatch(/at .*\.js:\d+/);
  });

  it('refuses a redirect_uri that only starts like a registered one', async () => {
    const { status } = await authorize(authUrl({ redirect_uri: `${defaultClient.redirect_uri}/extra` }));
    expect(status).toBe(400);
  });

  it('refuses an unknown client_id with invalid_client', async () => {
    const { status, location, body } = await authorize(authUrl({ client_id: 'nobody' }));
    expect(status).toBe(400);
    expect(location).toBeUndefined();
    expect(body).toContain('invalid_client');
  });
});

describe('authorization endpoint: errors returned to the client', () => {
  it('unknown login_hint: invalid_request naming the known persona ids, state echoed', async () => {
    const error = await redirectedError({ login_hint: 'nobody-at-all' });
    expect(error.error).toBe('invalid_request');
    expect(error.error_description).toContain('persona-1');
    expect(error.state).toBe('st');
  });

  it('an unknown email in login_hint creates a deterministic persona instead', async () => {
    const { location } = await authorize(authUrl({ login_hint: 'new.person@example.org' }));
    expect(location?.searchParams.get('code')).toMatch(/^4\/0A/);
  });

  it('prompt=none without a session: login_required', async () => {
    expect((await redirectedError({ prompt: 'none' })).error).toBe('login_required');
  });

  it('prompt=none does not log a login_hint in', async () => {
    expect((await redirectedError({ prompt: 'none', login_hint: 'persona-1' })).error).toBe('login_required');
  });

  it('unsupported response_type', async () => {
    expect((await redirectedError({ response_type: 'token' })).error).toBe('unsupported_response_type');
  });

  it('missing response_type: invalid_request', async () => {
    expect((await redirectedError({ response_type: undefined })).error).toBe('invalid_request');
  });

  it('bad access_type: invalid_request', async () => {
    expect((await redirectedError({ access_type: 'forever', login_hint: 'persona-1' })).error).toBe(
      'invalid_request',
    );
  });

  it('unknown code_challenge_method: invalid_request', async () => {
    const error = await redirectedError({ code_challenge: 'x'.repeat(43), code_challenge_method: 'S512' });
    expect(error.error).toBe('invalid_request');
  });

  it('echoes state byte for byte, whatever it packs', async () => {
    const state = 'lp={"a":1,"b":"x y+z"}&é=🙂/%2F';
    const { location } = await authorize(authUrl({ login_hint: 'persona-1', state }));
    expect(location?.searchParams.get('state')).toBe(state);
  });
});

describe('token endpoint', () => {
  it('a second use of the same code is invalid_grant', async () => {
    const { code, verifier } = await freshCode();
    expect((await redeem(code, verifier)).status).toBe(200);
    const second = await redeem(code, verifier);
    expect(second.status).toBe(400);
    expect(second.body.error).toBe('invalid_grant');
  });

  it('a wrong PKCE verifier is invalid_grant', async () => {
    const { code } = await freshCode();
    const result = await redeem(code, client.randomPKCECodeVerifier());
    expect(result.body.error).toBe('invalid_grant');
  });

  it('a missing PKCE verifier is invalid_grant', async () => {
    const { code } = await freshCode();
    const result = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: defaultClient.redirect_uri,
    });
    expect(result.body.error).toBe('invalid_grant');
  });

  it('a redirect_uri different from the authorization request is invalid_grant', async () => {
    const { code, verifier } = await freshCode();
    const result = await redeem(code, verifier, { redirect_uri: 'http://127.0.0.1:3000/callback' });
    expect(result.body.error).toBe('invalid_grant');
  });

  it("an unknown code is invalid_grant with Google's text", async () => {
    const result = await redeem('4/0Anothing', client.randomPKCECodeVerifier());
    expect(result.body).toEqual({ error: 'invalid_grant', error_description: 'Malformed auth code.' });
  });

  it('a wrong client secret is invalid_client (401)', async () => {
    const { code, verifier } = await freshCode();
    const wrong = `Basic ${Buffer.from('mock-client:wrong').toString('base64')}`;
    const result = await token(
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: defaultClient.redirect_uri,
        code_verifier: verifier,
      },
      wrong,
    );
    expect(result.status).toBe(401);
    expect(result.body.error).toBe('invalid_client');
  });

  it('an unknown client is invalid_client (401)', async () => {
    const result = await token(
      { grant_type: 'authorization_code', code: 'x', client_id: 'nobody', client_secret: 'x' },
      null,
    );
    expect(result.status).toBe(401);
    expect(result.body).toEqual({
      error: 'invalid_client',
      error_description: 'The OAuth client was not found.',
    });
  });

  it('an unsupported grant_type', async () => {
    const result = await token({ grant_type: 'password', username: 'a', password: 'b' });
    expect(result.body.error).toBe('unsupported_grant_type');
  });

  it('a missing grant_type is invalid_request', async () => {
    const result = await token({ code: 'x' });
    expect(result.body.error).toBe('invalid_request');
  });
});

describe('userinfo and registration', () => {
  it('userinfo with an unknown access token: 401 invalid_token', async () => {
    const response = await fetch(`${idp.url}/v1/userinfo`, {
      headers: { authorization: 'Bearer ya29.nope' },
    });
    expect(response.status).toBe(401);
    expect((await response.json()).error).toBe('invalid_token');
  });

  it('registration without redirect_uris: invalid_redirect_uri', async () => {
    const response = await fetch(`${idp.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'x' }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_redirect_uri');
  });

  it('registration with a malformed body: invalid_request', async () => {
    const response = await fetch(`${idp.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_request');
  });
});

describe('API endpoints answer JSON errors even to a request that prefers HTML', () => {
  it.each([
    ['POST', '/token', 400, 'invalid_request'],
    ['GET', '/v1/userinfo', 401, 'invalid_token'],
    ['POST', '/revoke', 400, 'invalid_request'],
    ['POST', '/register', 400, 'invalid_redirect_uri'],
  ])('%s %s: %d %s', async (method, path, status, error) => {
    const response = await fetch(`${idp.url}${path}`, {
      method,
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await response.json()).error).toBe(error);
  });

  it('the authorization endpoint still shows its error page to a browser', async () => {
    const response = await fetch(`${idp.url}/o/oauth2/v2/auth?client_id=nobody`, {
      headers: { accept: 'text/html' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
