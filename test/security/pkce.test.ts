import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { postJson, register } from '../helpers/platform.js';
import { authorize } from '../helpers/rp.js';

/**
 * PKCE downgrade: a client that requires PKCE (`require_pkce: true`, or a public client) has authorization
 * requests without `code_challenge` refused, and no code issued with a challenge is redeemed without the
 * verifier. Confidential clients without the flag keep Google's behaviour: PKCE optional.
 */

const PKCE_URI = 'https://pkce.example/cb';
const PUBLIC_URI = 'http://127.0.0.1:4000/cb';

let idp: RunningIdp;
beforeAll(async () => {
  idp = await startTestIdp({
    clients: [
      {
        client_id: 'needs-pkce',
        client_secret: 'needs-pkce-secret',
        redirect_uris: [PKCE_URI],
        require_pkce: true,
      },
      { client_id: 'public-app', redirect_uris: [PUBLIC_URI], token_endpoint_auth_method: 'none' },
    ],
  });
});
afterAll(() => idp.stop());

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authUrl(clientId: string, redirectUri: string, extra: Record<string, string> = {}): URL {
  const url = new URL(`${idp.url}/o/oauth2/v2/auth`);
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid email',
    state: 'pkce-state',
    login_hint: 'persona-1',
    ...extra,
  }).toString();
  return url;
}

async function authorizeAt(clientId: string, redirectUri: string, extra: Record<string, string> = {}) {
  const { status, location } = await authorize(authUrl(clientId, redirectUri, extra));
  expect(status).toBe(303);
  expect(`${location?.origin}${location?.pathname}`).toBe(redirectUri);
  return Object.fromEntries(location?.searchParams ?? []);
}

async function redeem(
  code: string,
  redirectUri: string,
  client: { id: string; secret?: string },
  extra: Record<string, string> = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const form: Record<string, string> = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    ...extra,
  };
  if (client.secret) {
    headers.authorization = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;
  } else form.client_id = client.id;
  const response = await fetch(`${idp.url}/token`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const needsPkce = { id: 'needs-pkce', secret: 'needs-pkce-secret' };
const publicApp = { id: 'public-app' };

describe('a client with require_pkce: true', () => {
  it('an authorization request without code_challenge is refused: invalid_request, state echoed', async () => {
    const answer = await authorizeAt('needs-pkce', PKCE_URI);
    expect(answer.error).toBe('invalid_request');
    expect(answer.error_description).toMatch(/PKCE/);
    expect(answer.state).toBe('pkce-state');
    expect(answer.code).toBeUndefined();
  });

  it('a token request without code_verifier for a code issued with a challenge is invalid_grant', async () => {
    const { challenge } = pkce();
    const { code } = await authorizeAt('needs-pkce', PKCE_URI, {
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(code).toMatch(/^4\/0A/);
    expect(await redeem(code as string, PKCE_URI, needsPkce)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('a wrong code_verifier is invalid_grant; the right one gets tokens', async () => {
    const { verifier, challenge } = pkce();
    const params = { code_challenge: challenge, code_challenge_method: 'S256' };
    const first = await authorizeAt('needs-pkce', PKCE_URI, params);
    expect(
      (await redeem(first.code as string, PKCE_URI, needsPkce, { code_verifier: pkce().verifier })).body
        .error,
    ).toBe('invalid_grant');
    const second = await authorizeAt('needs-pkce', PKCE_URI, params);
    const tokens = await redeem(second.code as string, PKCE_URI, needsPkce, { code_verifier: verifier });
    expect(tokens.status).toBe(200);
    expect(tokens.body.id_token).toEqual(expect.any(String));
  });

  it("Google's `plain` method still counts as PKCE, and its verifier is then required", async () => {
    const { verifier } = pkce();
    const params = { code_challenge: verifier, code_challenge_method: 'plain' };
    const without = await authorizeAt('needs-pkce', PKCE_URI, params);
    expect((await redeem(without.code as string, PKCE_URI, needsPkce)).body.error).toBe('invalid_grant');
    const withVerifier = await authorizeAt('needs-pkce', PKCE_URI, params);
    expect(
      (await redeem(withVerifier.code as string, PKCE_URI, needsPkce, { code_verifier: verifier })).status,
    ).toBe(200);
  });

  it('require_pkce is accepted at /register and enforced there too; a non-boolean is invalid_client_metadata', async () => {
    const registered = await register(idp.url, {
      redirect_uris: ['https://reg.example/cb'],
      require_pkce: true,
    });
    const answer = await authorizeAt(registered.client_id, 'https://reg.example/cb');
    expect(answer.error).toBe('invalid_request');
    const bad = await postJson(`${idp.url}/register`, {
      redirect_uris: ['https://reg.example/cb'],
      require_pkce: 'yes',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid_client_metadata');
  });
});

describe('a public client (token_endpoint_auth_method: none)', () => {
  it('always requires PKCE: no code_challenge is invalid_request', async () => {
    expect((await authorizeAt('public-app', PUBLIC_URI)).error).toBe('invalid_request');
  });

  it('with PKCE, the verifier is required at the token endpoint', async () => {
    const { verifier, challenge } = pkce();
    const params = { code_challenge: challenge, code_challenge_method: 'S256' };
    const first = await authorizeAt('public-app', PUBLIC_URI, params);
    expect((await redeem(first.code as string, PUBLIC_URI, publicApp)).body.error).toBe('invalid_grant');
    const second = await authorizeAt('public-app', PUBLIC_URI, params);
    expect(
      (await redeem(second.code as string, PUBLIC_URI, publicApp, { code_verifier: verifier })).status,
    ).toBe(200);
  });
});

describe('a confidential client without require_pkce (Google: PKCE optional)', () => {
  it('gets a code without code_challenge, redeemable without a verifier', async () => {
    const { code } = await authorizeAt(defaultClient.client_id, defaultClient.redirect_uri);
    const client = { id: defaultClient.client_id, secret: defaultClient.client_secret };
    expect((await redeem(code as string, defaultClient.redirect_uri, client)).status).toBe(200);
  });

  it('but a code issued with a challenge is never redeemed without its verifier (no downgrade at /token)', async () => {
    const { challenge } = pkce();
    const { code } = await authorizeAt(defaultClient.client_id, defaultClient.redirect_uri, {
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const client = { id: defaultClient.client_id, secret: defaultClient.client_secret };
    expect((await redeem(code as string, defaultClient.redirect_uri, client)).body.error).toBe(
      'invalid_grant',
    );
  });

  it('and a verifier sent for a code issued without a challenge is refused too (invalid_grant)', async () => {
    const { code } = await authorizeAt(defaultClient.client_id, defaultClient.redirect_uri);
    const client = { id: defaultClient.client_id, secret: defaultClient.client_secret };
    expect(
      (await redeem(code as string, defaultClient.redirect_uri, client, { code_verifier: pkce().verifier }))
        .body.error,
    ).toBe('invalid_grant');
  });
});

describe('/api/code for a client that requires PKCE', () => {
  it('refuses a code without code_challenge, and issues one with it', async () => {
    const idp = await startTestIdp();
    try {
      const registered = await fetch(`${idp.url}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uris: ['https://rp.example.test/cb'], require_pkce: true }),
      });
      const { client_id } = await registered.json();
      const ask = (extra: Record<string, string>) =>
        fetch(`${idp.url}/api/code`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ persona: 'persona-1', client_id, ...extra }),
        });
      const refused = await ask({});
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({
        error: 'invalid_request',
        error_description: expect.stringMatching(/requires PKCE/),
      });
      const allowed = await ask({ code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
      expect(allowed.status).toBe(200);
    } finally {
      await idp.stop();
    }
  });
});
