import { createRemoteJWKSet, decodeProtectedHeader, type JWTPayload, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { loadScenario } from '../../src/config/load.js';
import type { ClientConfig } from '../../src/config/schema.js';
import { googlePaths } from '../../src/google/paths.js';
import { buildLpSdes } from '../../src/personas/lp-sdes.js';
import type { RunningIdp } from '../../src/server/start.js';
import { startTestIdp } from '../helpers/idp.js';
import { lpSdesSchema } from '../personas/lp-sdes-schema.js';

/**
 * The shipped liveperson scenario driven the way the chat platform drives a brand IdP in the Code Flow
 * (consumer-auth.md §2.2): the brand's page gets a code for `https://liveperson.net`, then the platform POSTs it
 * to the Token Endpoint, form-encoded, with the client id and secret as HTTP Basic (or in the body). No PKCE,
 * no state, no nonce.
 */

/** The IdP clock (`iat`, `exp` and the `lp_sdes` ages), fixed so the expected claims are exact. */
const clock: Clock = { now: () => Date.UTC(2026, 2, 15, 12) / 1000 };

/** Verifies an ID token as the platform would, at the IdP clock's now: RS256, issuer and audience. */
async function verified(idToken: string): Promise<JWTPayload> {
  const jwks = createRemoteJWKSet(new URL(`${idp.url}${googlePaths.jwks}`));
  const { payload } = await jwtVerify(idToken, jwks, {
    issuer: idp.issuer,
    audience: 'liveperson',
    algorithms: ['RS256'],
    currentDate: new Date(clock.now() * 1000),
  });
  return payload;
}

let idp: RunningIdp;
let lpClient: ClientConfig;
beforeAll(async () => {
  lpClient = (await loadScenario('liveperson')).clients.find((c) => c.client_id === 'liveperson')!;
  idp = await startTestIdp({ scenario: 'liveperson', clock });
});
afterAll(() => idp?.stop());

/** A code for `personaId`, as the brand's page would obtain it (headless login via `login_hint`). */
async function codeFor(personaId: string, redirectUri: string): Promise<string> {
  const url = new URL(`${idp.url}${googlePaths.authorization}`);
  url.search = new URLSearchParams({
    client_id: 'liveperson',
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    login_hint: personaId,
  }).toString();
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(new URL(redirectUri).href);
  return location.searchParams.get('code')!;
}

function redeem(code: string, redirectUri: string, auth: 'basic' | 'post'): Promise<Response> {
  const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (auth === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`liveperson:${lpClient.client_secret}`).toString('base64')}`;
  } else {
    form.set('client_id', 'liveperson');
    form.set('client_secret', lpClient.client_secret!);
  }
  return fetch(`${idp.url}${googlePaths.token}`, { method: 'POST', headers, body: form });
}

describe('the liveperson scenario in a LivePerson-style Code Flow', () => {
  it.each([
    ['vip-gold', 'https://liveperson.net', 'basic'],
    ['business-admin', 'https://liveperson.net/oauth2/code_redirect', 'post'],
    ['workspace-user', 'https://liveperson.net', 'basic'],
  ] as const)(
    'redeems a code for %s with redirect_uri %s and client_secret_%s',
    async (id, redirectUri, auth) => {
      const persona = idp.personas.find((p) => p.id === id)!;
      const response = await redeem(await codeFor(id, redirectUri), redirectUri, auth);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('cache-control')).toContain('no-store');
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
      const idToken = body.id_token as string;
      expect(idToken.split('.')).toHaveLength(3);
      expect(decodeProtectedHeader(idToken).alg).toBe('RS256');

      const payload = await verified(idToken);
      expect(payload).toMatchObject({ sub: persona.sub, email: persona.email, iat: clock.now() });
      expect(payload.hd).toBe(persona.hd);
      expect(payload.lp_sdes).toEqual(buildLpSdes(persona, clock.now()));
      expect(lpSdesSchema.safeParse(payload.lp_sdes).error?.issues ?? []).toEqual([]);
    },
  );

  it('carries the scenario’s profile into lp_sdes (suspended-debtor: tier, status, debt)', async () => {
    const redirectUri = 'https://liveperson.net';
    const response = await redeem(await codeFor('suspended-debtor', redirectUri), redirectUri, 'basic');
    const { id_token } = (await response.json()) as { id_token: string };
    const payload = await verified(id_token);
    const [ctmrinfo, personal] = payload.lp_sdes as [
      { info: Record<string, unknown> },
      { personal: Record<string, unknown> },
    ];
    expect(ctmrinfo.info).toMatchObject({
      ctype: 'silver',
      cstatus: 'suspended',
      balance: -312.4,
      currency: 'GBP',
    });
    expect(personal.personal).toMatchObject({
      firstname: 'Oliver',
      lastname: 'Hughes',
      age: { age: 47, year: 1979, month: 3, day: 2 },
      contacts: [{ phoneType: 'HOME', address: { country: 'GB', region: 'Europe' } }],
    });
  });

  it('refuses a wrong client secret with 401 invalid_client', async () => {
    const redirectUri = 'https://liveperson.net';
    const code = await codeFor('vip-gold', redirectUri);
    const response = await fetch(`${idp.url}${googlePaths.token}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('liveperson:wrong-secret').toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('does not redirect to a URI the client does not list', async () => {
    const url = new URL(`${idp.url}${googlePaths.authorization}`);
    url.search = new URLSearchParams({
      client_id: 'liveperson',
      response_type: 'code',
      redirect_uri: 'https://liveperson.net/elsewhere',
      scope: 'openid',
      login_hint: 'vip-gold',
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });
});
