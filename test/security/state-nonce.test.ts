import fc from 'fast-check';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { authorize } from '../helpers/rp.js';

/**
 * `state` and `nonce` come back exactly as sent, byte for byte, whatever they pack (unicode, separators, percent
 * signs, JSON): `state` in every redirect (codes, implicit fragments, form_post, errors), `nonce` in every ID
 * token (token endpoint, implicit).
 */

const IMPLICIT_URI = 'https://rp.example/cb';
let idp: RunningIdp;
beforeAll(async () => {
  idp = await startTestIdp({
    clients: [
      {
        client_id: 'implicit-rp',
        client_secret: 'implicit-secret',
        redirect_uris: [IMPLICIT_URI],
        grant_types: ['authorization_code', 'implicit'],
        response_types: ['code', 'id_token', 'id_token token'],
      },
    ],
  });
});
afterAll(() => idp.stop());

/** Values an RP may pack into state or nonce: any unicode (no lone surrogates: they are not UTF-8), separators. */
const packed = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
  fc.string({
    unit: fc.constantFrom(...'&=#?+%/ :;,"\'<>{}[]\\|^`~!$()*@é🙂\u202e\u0000\t'),
    minLength: 1,
    maxLength: 40,
  }),
  fc.constantFrom(
    'lp={"a":1,"b":"x y+z"}&é=🙂/%2F',
    '%00%zz',
    '+',
    ' ',
    'a'.repeat(2000),
    '<script>alert(1)</script>',
  ),
);

const runs = { numRuns: 120 };

function authUrl(params: Record<string, string>): URL {
  const url = new URL(`${idp.url}/o/oauth2/v2/auth`);
  url.search = new URLSearchParams({
    client_id: defaultClient.client_id,
    redirect_uri: defaultClient.redirect_uri,
    response_type: 'code',
    scope: 'openid email',
    login_hint: 'persona-1',
    ...params,
  }).toString();
  return url;
}

async function redeem(code: string) {
  const response = await fetch(`${idp.url}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${defaultClient.client_id}:${defaultClient.client_secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: defaultClient.redirect_uri,
    }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { id_token: string };
}

/** The HTML-escaped value of a form_post hidden input, unescaped. */
function formValue(html: string, name: string): string | undefined {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) return undefined;
  return (match[1] as string).replace(/&(#x?[0-9a-f]+|quot|amp|lt|gt|apos);/gi, (_, entity: string) => {
    const named: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };
    if (entity in named) return named[entity] as string;
    const hex = entity.startsWith('#x') || entity.startsWith('#X');
    return String.fromCodePoint(Number.parseInt(entity.slice(hex ? 2 : 1), hex ? 16 : 10));
  });
}

describe('state and nonce are echoed exactly', () => {
  it('Code Flow: state in the redirect, nonce in the ID token from the token endpoint', async () => {
    await fc.assert(
      fc.asyncProperty(packed, packed, async (state, nonce) => {
        const { location } = await authorize(authUrl({ state, nonce }));
        expect(location?.searchParams.get('state')).toBe(state);
        const { id_token } = await redeem(location?.searchParams.get('code') as string);
        expect(decodeJwt(id_token).nonce).toBe(nonce);
      }),
      runs,
    );
  });

  it('implicit flow (fragment): state and the ID token nonce', async () => {
    await fc.assert(
      fc.asyncProperty(packed, packed, async (state, nonce) => {
        const { location } = await authorize(
          authUrl({
            client_id: 'implicit-rp',
            redirect_uri: IMPLICIT_URI,
            response_type: 'id_token',
            state,
            nonce,
          }),
        );
        const fragment = new URLSearchParams(location?.hash.slice(1));
        expect(fragment.get('state')).toBe(state);
        expect(decodeJwt(fragment.get('id_token') as string).nonce).toBe(nonce);
      }),
      runs,
    );
  });

  it('implicit flow (form_post): state and the ID token nonce, through the HTML form', async () => {
    await fc.assert(
      fc.asyncProperty(packed, packed, async (state, nonce) => {
        const { status, body } = await authorize(
          authUrl({
            client_id: 'implicit-rp',
            redirect_uri: IMPLICIT_URI,
            response_type: 'id_token',
            response_mode: 'form_post',
            state,
            nonce,
          }),
        );
        expect(status).toBe(200);
        expect(formValue(body, 'state')).toBe(state);
        expect(decodeJwt(formValue(body, 'id_token') as string).nonce).toBe(nonce);
      }),
      { numRuns: 60 },
    );
  });

  it('error redirects echo state too (unknown login_hint, prompt=none without a session)', async () => {
    await fc.assert(
      fc.asyncProperty(
        packed,
        fc.constantFrom<Record<string, string>>({ login_hint: 'nobody-at-all' }, { prompt: 'none' }),
        async (state, extra) => {
          const { location } = await authorize(authUrl({ state, ...extra }));
          expect(location?.searchParams.get('error')).toEqual(expect.any(String));
          expect(location?.searchParams.get('state')).toBe(state);
        },
      ),
      runs,
    );
  });

  it('/api/jwt and /api/code carry the nonce exactly', async () => {
    await fc.assert(
      fc.asyncProperty(packed, async (nonce) => {
        const jwt = await fetch(`${idp.url}/api/jwt`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ persona: 'persona-2', client_id: defaultClient.client_id, nonce }),
        });
        expect(decodeJwt(((await jwt.json()) as { id_token: string }).id_token).nonce).toBe(nonce);
        const code = await fetch(`${idp.url}/api/code`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ persona: 'persona-2', client_id: defaultClient.client_id, nonce }),
        });
        const { id_token } = await redeem(((await code.json()) as { code: string }).code);
        expect(decodeJwt(id_token).nonce).toBe(nonce);
      }),
      { numRuns: 60 },
    );
  });
});
