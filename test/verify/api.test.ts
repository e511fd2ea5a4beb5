import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { checkIds } from '../../src/verify/checks.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { platformKeys, postJson, register } from '../helpers/platform.js';
import { codeFrom, idTokenFrom } from './support.js';

let idp: RunningIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp?.stop());

const verify = (body: unknown) => postJson(`${idp.url}/api/verify`, body);
const statusOf = (body: { checks: { id: string; status: string }[] }, id: string) =>
  body.checks.find((c) => c.id === id)?.status;

describe('POST /api/verify', () => {
  it('checks an ID token against this server by default: 200 { ok, checks }', async () => {
    const { status, body } = await verify({
      jwt: await idTokenFrom(idp, 'persona-1'),
      client_id: 'mock-client',
    });
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['ok', 'checks']);
    expect(body.ok).toBe(true);
    expect(body.checks.map((c: { id: string }) => c.id)).toEqual([...checkIds]);
    expect(body.checks[0].found).toMatch(new RegExp(`^${idp.url}/.well-known/openid-configuration`));
  });

  it('answers 200 with ok false when checks fail', async () => {
    const { status, body } = await verify({ jwt: await idTokenFrom(idp, 'fault-expired') });
    expect(status).toBe(200);
    expect(body.ok).toBe(false);
    expect(statusOf(body, 'exp')).toBe('fail');
  });

  it('redeems a code', async () => {
    const code = await codeFrom(idp, { client_id: 'mock-client', nonce: 'n' });
    const { body } = await verify({
      code,
      client_id: 'mock-client',
      client_secret: defaultClient.client_secret,
      redirect_uri: defaultClient.redirect_uri,
      auth_method: 'client_secret_basic',
      nonce: 'n',
    });
    expect(body.ok).toBe(true);
    expect(statusOf(body, 'code_exchange')).toBe('pass');
    expect(statusOf(body, 'nonce')).toBe('pass');
  });

  it('decrypts with decrypt_key, a private JWK', async () => {
    const platform = await platformKeys();
    const client = await register(idp.url, {
      redirect_uris: ['https://liveperson.net'],
      jwks: platform.publicJwks,
      id_token_encrypted_response_alg: 'RSA-OAEP-256',
    });
    const { body: issued } = await postJson(`${idp.url}/api/jwt`, {
      persona: 'persona-1',
      client_id: client.client_id,
    });
    const { body } = await verify({
      jwt: issued.id_token,
      client_id: client.client_id,
      decrypt_key: platform.privateJwk,
    });
    expect(statusOf(body, 'decrypt')).toBe('pass');
    expect(body.ok).toBe(true);
  });

  it('strict: warnings fail', async () => {
    const jwt = await idTokenFrom(idp, 'fault-wrong-azp');
    expect((await verify({ jwt, client_id: 'mock-client' })).body.ok).toBe(true);
    expect((await verify({ jwt, client_id: 'mock-client', strict: true })).body.ok).toBe(false);
  });

  it('checks another issuer when told, with expected_iss', async () => {
    const google = await startTestIdp({ impersonateGoogle: true });
    try {
      const jwt = await idTokenFrom(google, 'persona-1');
      expect((await verify({ jwt, issuer: google.url })).body.ok).toBe(false);
      expect(
        (await verify({ jwt, issuer: google.url, expected_iss: 'https://accounts.google.com' })).body.ok,
      ).toBe(true);
    } finally {
      await google.stop();
    }
  });

  it("expects the server's own iss by default, Google's when it impersonates Google", async () => {
    const google = await startTestIdp({ impersonateGoogle: true });
    try {
      const { body } = await postJson(`${google.url}/api/verify`, {
        jwt: await idTokenFrom(google, 'persona-1'),
      });
      expect(body.ok).toBe(true);
    } finally {
      await google.stop();
    }
  });
});

describe('POST /api/verify: 400 only for a malformed request', () => {
  it.each([
    [{}, /exactly one of "code" and "jwt"/],
    [{ code: 'c', jwt: 'j' }, /exactly one of "code" and "jwt"/],
    [{ jwt: 'j', clientId: 'x' }, /unknown field\(s\) clientId; known: code, jwt/],
    [{ code: 'c', client_id: 'mock-client' }, /"client_secret" is required with "code"/],
    [{ code: 'c', client_secret: 's' }, /"client_id" is required with "code"/],
    [{ code: 'c', client_id: 'a', client_secret: 's', auth_method: 'basic' }, /"auth_method" must be one of/],
    [{ jwt: 'j', redirect_uri: 'https://liveperson.net' }, /"redirect_uri" goes with "code", not "jwt"/],
    [{ jwt: 'j', strict: 'yes' }, /"strict" must be true or false/],
    [{ jwt: 'j', issuer: 'idp.example' }, /"issuer" must be an http\(s\) URL/],
    [{ jwt: 42 }, /"jwt" must be a string/],
    [{ jwt: '' }, /"jwt" must not be empty/],
    [{ jwt: 'j', decrypt_key: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } }, /"decrypt_key": no private key/],
    [{ jwt: 'j', decrypt_key: 'PEM' }, /"decrypt_key": expected a private JWK or a JWKS/],
  ])('%j', async (request, description) => {
    const { status, body } = await verify(request);
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_request');
    expect(body.error_description).toMatch(description);
  });

  it('a body that is not JSON', async () => {
    const response = await fetch(`${idp.url}/api/verify`, { method: 'POST', body: 'jwt=x' });
    expect(response.status).toBe(400);
  });
});
