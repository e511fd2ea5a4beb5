import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { authorize, discoverRp } from '../helpers/rp.js';

let idp: RunningIdp;
let config: client.Configuration;
let raw: Record<string, unknown>;
let code: string;
let nonce: string;

beforeAll(async () => {
  idp = await startTestIdp();
  config = await discoverRp(idp.issuer, defaultClient.client_id, defaultClient.client_secret);
  const verifier = client.randomPKCECodeVerifier();
  nonce = client.randomNonce();
  const { location } = await authorize(
    client.buildAuthorizationUrl(config, {
      redirect_uri: defaultClient.redirect_uri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
      login_hint: 'persona-2',
    }),
  );
  code = location?.searchParams.get('code') as string;
  const response = await fetch(`${idp.url}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('mock-client:mock-secret').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: defaultClient.redirect_uri,
      code_verifier: verifier,
    }),
  });
  raw = await response.json();
});
afterAll(() => idp.stop());

describe('token response, as Google shapes it', () => {
  it("has Google's fields, order, lifetimes and expanded scope URLs", () => {
    expect(Object.keys(raw)).toEqual(['access_token', 'expires_in', 'scope', 'token_type', 'id_token']);
    expect(raw).toMatchObject({
      expires_in: 3599,
      token_type: 'Bearer',
      scope:
        'https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile openid',
    });
    expect(raw.access_token).toMatch(/^ya29\./);
    expect(code).toMatch(/^4\/0A/);
  });
});

describe('ID token', () => {
  it('is RS256 with a kid from the JWKS and typ JWT', async () => {
    const header = decodeProtectedHeader(raw.id_token as string);
    expect(header).toEqual({ alg: 'RS256', kid: expect.stringMatching(/^[0-9a-f]{40}$/), typ: 'JWT' });
    const jwks = createRemoteJWKSet(new URL(`${idp.url}/oauth2/v3/certs`));
    await expect(
      jwtVerify(raw.id_token as string, jwks, { issuer: idp.issuer, audience: 'mock-client' }),
    ).resolves.toBeTruthy();
  });

  it("carries Google's claims with Google's types", async () => {
    const jwks = createRemoteJWKSet(new URL(`${idp.url}/oauth2/v3/certs`));
    const { payload } = await jwtVerify(raw.id_token as string, jwks);
    const persona = idp.personas[1]!;
    expect(payload).toMatchObject({
      iss: idp.issuer,
      azp: 'mock-client',
      aud: 'mock-client',
      sub: persona.sub,
      email: persona.email,
      email_verified: true,
      name: persona.name,
      given_name: persona.given_name,
      family_name: persona.family_name,
      picture: `${idp.url}/avatars/persona-2.svg`,
      locale: persona.locale,
      nonce,
    });
    expect(payload.sub).toMatch(/^[1-9][0-9]{20}$/);
    expect(typeof payload.email_verified).toBe('boolean');
    expect(payload.jti).toMatch(/^[0-9a-f]{40}$/);
    expect((payload.exp as number) - (payload.iat as number)).toBe(3600);
    const digest = createHash('sha256')
      .update(raw.access_token as string)
      .digest();
    expect(payload.at_hash).toBe(digest.subarray(0, 16).toString('base64url'));
    expect(Object.keys(payload).slice(0, 4)).toEqual(['iss', 'azp', 'aud', 'sub']);
  });

  it('serves the avatar its picture claim points at', async () => {
    const response = await fetch(`${idp.url}/avatars/persona-2.svg`);
    expect(response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await response.text()).toContain('<svg');
  });
});

describe('userinfo', () => {
  it("returns Google's claims only, in Google's order", async () => {
    const response = await fetch(`${idp.url}/v1/userinfo`, {
      headers: { authorization: `Bearer ${raw.access_token}` },
    });
    const body = await response.json();
    expect(Object.keys(body)).toEqual([
      'sub',
      'name',
      'given_name',
      'family_name',
      'picture',
      'email',
      'email_verified',
      'locale',
    ]);
  });
});
