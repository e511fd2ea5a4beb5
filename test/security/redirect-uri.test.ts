import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { postJson, register } from '../helpers/platform.js';
import { authorize } from '../helpers/rp.js';

/**
 * redirect_uri is matched exactly (scheme, host, port, path, query, trailing slash): no prefix, no look-alike, no
 * open redirect. A refused redirect_uri is shown on the IdP's own page and never redirected to, whatever else
 * the request says.
 */

let idp: RunningIdp;
let dynamic: { client_id: string; client_secret: string };
const DYNAMIC_URI = 'https://app.example.test/callback';
beforeAll(async () => {
  idp = await startTestIdp();
  dynamic = await register(idp.url, {
    redirect_uris: [DYNAMIC_URI],
    token_endpoint_auth_method: 'client_secret_post',
  });
});
afterAll(() => idp.stop());

const registered = [
  'http://localhost:3000/callback',
  'http://127.0.0.1:3000/callback',
  'http://localhost:8080/callback',
  'http://127.0.0.1:8080/callback',
];

function authUrl(clientId: string, redirectUri: string, extra: Record<string, string> = {}): URL {
  const url = new URL(`${idp.url}/o/oauth2/v2/auth`);
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid email',
    state: 'st',
    login_hint: 'persona-1',
    ...extra,
  }).toString();
  return url;
}

/** Near misses of a registered URI: each differs from it and must be refused. */
function nearMisses(uri: string): string[] {
  const url = new URL(uri);
  const { protocol, host, hostname, port, pathname } = url;
  const other = protocol === 'https:' ? 'http:' : 'https:';
  return [
    `${uri}/`,
    `${uri}/extra`,
    `${uri}x`,
    uri.slice(0, -1),
    `${uri}?next=https://evil.example/`,
    `${uri}#frag`,
    `${uri}/../evil`,
    `${uri}/..%2Fevil`,
    `${uri}%00`,
    `${uri};x=1`,
    `${uri}%2F`,
    ` ${uri}`,
    `${uri} `,
    uri.toUpperCase(),
    `${other}//${host}${pathname}`,
    `${protocol}//${hostname}:${Number(port || 443) + 1}${pathname}`,
    `${protocol}//${host}.evil.example${pathname}`,
    `${protocol}//${host}@evil.example${pathname}`,
    `${protocol}//evil.example@${host}${pathname}`,
    `${protocol}//${host}\\@evil.example${pathname}`,
    `${protocol}//${host}//${pathname.slice(1)}`,
    `//${host}${pathname}`,
    `${protocol}//evil.example${pathname}`,
    `${protocol}//${host}${pathname.replace(/\/([^/]*)$/, '/%2e%2e/$1')}`,
    `${protocol}//${host}${pathname.toUpperCase()}`,
    'https://evil.example/',
    'javascript:alert(1)//',
  ];
}

async function expectRefusedOnIdp(url: URL): Promise<void> {
  const { status, location, body } = await authorize(url);
  expect(status, `${url.searchParams.get('redirect_uri')}`).toBe(400);
  expect(location, `${url.searchParams.get('redirect_uri')} must not be redirected to`).toBeUndefined();
  expect(body).toContain('redirect_uri_mismatch');
  expect(body).not.toMatch(/http-equiv=["']?refresh|window\.location|<form[^>]+action=["']?https?:/i);
}

describe('redirect_uri: exact match at the authorization endpoint', () => {
  it('each registered URI works, exactly as registered', async () => {
    for (const uri of registered) {
      const { status, location } = await authorize(authUrl(defaultClient.client_id, uri));
      expect(status).toBe(303);
      expect(`${location?.origin}${location?.pathname}`).toBe(uri);
      expect(location?.searchParams.get('code')).toMatch(/^4\/0A/);
    }
  });

  it('refuses every near miss of a registered URI on its own page: prefixes, suffixes, look-alikes', async () => {
    for (const uri of [defaultClient.redirect_uri, 'http://127.0.0.1:8080/callback']) {
      for (const miss of nearMisses(uri)) await expectRefusedOnIdp(authUrl(defaultClient.client_id, miss));
    }
  });

  it("a dynamically registered client's URI is matched exactly too", async () => {
    const ok = await authorize(authUrl(dynamic.client_id, DYNAMIC_URI));
    expect(`${ok.location?.origin}${ok.location?.pathname}`).toBe(DYNAMIC_URI);
    for (const miss of nearMisses(DYNAMIC_URI)) await expectRefusedOnIdp(authUrl(dynamic.client_id, miss));
  });

  it("another client's registered URI is refused (the URI belongs to the client, not to the IdP)", async () => {
    await expectRefusedOnIdp(authUrl(defaultClient.client_id, DYNAMIC_URI));
    await expectRefusedOnIdp(authUrl(dynamic.client_id, defaultClient.redirect_uri));
  });

  it('a refused redirect_uri is never redirected to, whatever else is wrong with the request', async () => {
    const evil = 'https://evil.example/cb';
    const extras: Array<Record<string, string>> = [
      { response_type: 'nonsense' },
      { scope: 'nonsense' },
      { prompt: 'none' },
      { login_hint: 'nobody-at-all' },
      { response_mode: 'form_post' },
      { response_type: 'id_token', nonce: 'n' },
      { code_challenge_method: 'S512', code_challenge: 'x'.repeat(43) },
    ];
    for (const extra of extras) {
      await expectRefusedOnIdp(authUrl(defaultClient.client_id, evil, extra));
    }
  });

  it('property: a mutated registered URI is accepted only when it is, character for character, registered', async () => {
    const base = defaultClient.redirect_uri;
    const mutated = fc.oneof(
      // insert, delete or replace one character anywhere
      fc
        .tuple(fc.nat({ max: base.length }), fc.constantFrom(...'/.:@?#%\\;&=-_~aZ09 '))
        .map(([i, c]) => base.slice(0, i) + c + base.slice(i)),
      fc.nat({ max: base.length - 1 }).map((i) => base.slice(0, i) + base.slice(i + 1)),
      fc
        .tuple(fc.nat({ max: base.length - 1 }), fc.constantFrom(...'/.:@?#%Xx0'))
        .map(([i, c]) => base.slice(0, i) + c + base.slice(i + 1)),
      fc.string({ maxLength: 12 }).map((suffix) => base + suffix),
    );
    await fc.assert(
      fc.asyncProperty(mutated, async (uri) => {
        const { status, location } = await authorize(authUrl(defaultClient.client_id, uri));
        if (registered.includes(uri)) {
          expect(status).toBe(303);
          expect(`${location?.origin}${location?.pathname}`).toBe(uri);
        } else {
          expect(status, uri).toBe(400);
          expect(location, uri).toBeUndefined();
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('redirect_uri: the token endpoint and /api/code', () => {
  async function codeFor(redirectUri: string): Promise<string> {
    const { location } = await authorize(authUrl(defaultClient.client_id, redirectUri));
    return location?.searchParams.get('code') as string;
  }

  async function redeem(code: string, redirectUri: string) {
    const response = await fetch(`${idp.url}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${defaultClient.client_id}:${defaultClient.client_secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }),
    });
    return { status: response.status, body: (await response.json()) as { error?: string } };
  }

  it('a code is redeemed only with the redirect_uri it was issued for (another registered one is invalid_grant)', async () => {
    const code = await codeFor('http://localhost:3000/callback');
    const other = await redeem(code, 'http://127.0.0.1:3000/callback');
    expect(other).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('a prefix or suffix of the redirect_uri the code was issued for is invalid_grant', async () => {
    for (const variant of [
      'http://localhost:3000/callback/',
      'http://localhost:3000/call',
      'http://localhost:3000/callback?x=1',
    ]) {
      const code = await codeFor('http://localhost:3000/callback');
      expect((await redeem(code, variant)).body.error, variant).toBe('invalid_grant');
    }
  });

  it('/api/code refuses an unregistered redirect_uri', async () => {
    for (const redirect_uri of nearMisses(defaultClient.redirect_uri)) {
      const { status, body } = await postJson(`${idp.url}/api/code`, {
        persona: 'persona-1',
        client_id: defaultClient.client_id,
        redirect_uri,
      });
      expect(status, redirect_uri).toBe(400);
      expect(body.error).toBe('invalid_redirect_uri');
    }
  });
});

describe('post_logout_redirect_uri: no open redirect at logout', () => {
  it('an unregistered post_logout_redirect_uri is refused, never redirected to', async () => {
    const url = new URL(`${idp.url}/logout`);
    url.search = new URLSearchParams({
      client_id: defaultClient.client_id,
      post_logout_redirect_uri: 'https://evil.example/bye',
      state: 's',
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    const body = await response.text();
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(body).not.toContain('action="https://evil.example');
  });
});
