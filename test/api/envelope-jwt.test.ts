import { compactDecrypt, createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformKeyPair } from '../../src/keys/platform-key-pair.js';
import type { RunningIdp } from '../../src/server/start.js';
import { encryptionAlgs, encryptionEncs } from '../../src/tokens/encrypt.js';
import { startTestIdp } from '../helpers/idp.js';
import { decryptionKey, platformKeys, postJson, register } from '../helpers/platform.js';

let idp: RunningIdp;
let platform: PlatformKeyPair;
let jwks: ReturnType<typeof createRemoteJWKSet>;
beforeAll(async () => {
  idp = await startTestIdp();
  platform = await platformKeys();
  jwks = createRemoteJWKSet(new URL(`${idp.url}/oauth2/v3/certs`));
});
afterAll(() => idp.stop());

const jwt = (body: unknown) => postJson(`${idp.url}/api/jwt`, body);
const publicKeyWithoutAlg = () => ({ keys: platform.publicJwks.keys.map(({ alg: _, ...key }) => key) });

describe('POST /api/jwt', () => {
  it('gives a signed ID token for a persona and client, verifiable against the JWKS', async () => {
    const { status, body } = await jwt({ persona: 'persona-1', client_id: 'mock-client', nonce: 'n-1' });
    expect(status).toBe(200);
    expect(body.expires_in).toBe(3600);
    expect(decodeProtectedHeader(body.id_token)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const { payload } = await jwtVerify(body.id_token, jwks, { issuer: idp.issuer, audience: 'mock-client' });
    expect(payload).toMatchObject({ sub: idp.personas[0]!.sub, azp: 'mock-client', nonce: 'n-1' });
    expect(payload.lp_sdes).toHaveLength(2);
    expect((payload.exp as number) - (payload.iat as number)).toBe(3600);
  });

  it('honours ttl', async () => {
    const { body } = await jwt({ persona: 'persona-1', client_id: 'mock-client', ttl: 120 });
    const { payload } = await jwtVerify(body.id_token, jwks);
    expect(body.expires_in).toBe(120);
    expect((payload.exp as number) - (payload.iat as number)).toBe(120);
  });

  describe.each(encryptionAlgs.flatMap((alg) => encryptionEncs.map((enc) => [alg, enc] as const)))(
    'to a client registered for %s / %s',
    (alg, enc) => {
      it('is a nested JWT that decrypts with the platform key and verifies against the JWKS', async () => {
        const { client_id } = await register(idp.url, {
          redirect_uris: ['https://liveperson.net'],
          jwks: publicKeyWithoutAlg(),
          id_token_encrypted_response_alg: alg,
          id_token_encrypted_response_enc: enc,
        });
        const { body } = await jwt({ persona: 'persona-2', client_id });
        expect(decodeProtectedHeader(body.id_token)).toEqual({ alg, enc, cty: 'JWT', kid: 'lpsso2026' });
        const { plaintext } = await compactDecrypt(body.id_token, await decryptionKey(platform, alg));
        const { payload } = await jwtVerify(new TextDecoder().decode(plaintext), jwks, {
          audience: client_id,
        });
        expect(payload.sub).toBe(idp.personas[1]!.sub);
      });
    },
  );

  it('"encrypt": true uses the platform\'s defaults (RSA-OAEP-256, A256GCM) for a client with a key', async () => {
    const { client_id } = await register(idp.url, {
      redirect_uris: ['https://liveperson.net'],
      jwks: platform.publicJwks,
    });
    const plain = await jwt({ persona: 'persona-2', client_id });
    expect(plain.body.id_token.split('.')).toHaveLength(3);
    const { body } = await jwt({ persona: 'persona-2', client_id, encrypt: true });
    expect(decodeProtectedHeader(body.id_token)).toMatchObject({ alg: 'RSA-OAEP-256', enc: 'A256GCM' });
  });

  it('"encrypt": false gives a plain JWS even to an encrypting client', async () => {
    const { client_id } = await register(idp.url, {
      redirect_uris: ['https://liveperson.net'],
      jwks: platform.publicJwks,
      id_token_encrypted_response_alg: 'RSA-OAEP-256',
      id_token_encrypted_response_enc: 'A256GCM',
    });
    const { body } = await jwt({ persona: 'persona-2', client_id, encrypt: false });
    expect(body.id_token.split('.')).toHaveLength(3);
  });
});

describe('POST /api/jwt refuses bad input with a clear 400', () => {
  it.each([
    [{ persona: 'nobody', client_id: 'mock-client' }, 'unknown_persona', /known persona ids: persona-1/],
    [{ persona: 'persona-1', client_id: 'nobody' }, 'unknown_client', /no client "nobody"/],
    [{ client_id: 'mock-client' }, 'invalid_request', /"persona" is required/],
    [{ persona: 'persona-1', client_id: 'mock-client', ttl: -5 }, 'invalid_request', /"ttl"/],
    [{ persona: 'persona-1', client_id: 'mock-client', encrypt: 'yes' }, 'invalid_request', /"encrypt"/],
    [
      { persona: 'persona-1', client_id: 'mock-client', encrypt: true },
      'no_encryption_key',
      /has no encryption key/,
    ],
  ])('%j → %s', async (request, error, description) => {
    const { status, body } = await jwt(request);
    expect(status).toBe(400);
    expect(body.error).toBe(error);
    expect(body.error_description).toMatch(description);
  });

  it('bad JSON', async () => {
    const response = await fetch(`${idp.url}/api/jwt`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"persona":',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_request');
  });

  it('a body that is not JSON', async () => {
    const response = await fetch(`${idp.url}/api/jwt`, { method: 'POST', body: 'persona=persona-1' });
    expect(response.status).toBe(400);
    expect((await response.json()).error_description).toMatch(/Content-Type: application\/json/);
  });

  it('a body over 100 KB: 413', async () => {
    const response = await fetch(`${idp.url}/api/jwt`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ persona: 'x'.repeat(200_000) }),
    });
    expect(response.status).toBe(413);
  });

  it('a jwks_uri that cannot be fetched', async () => {
    const { client_id } = await register(idp.url, {
      redirect_uris: ['https://liveperson.net'],
      jwks_uri: `${idp.url}/nothing-here.json`,
      id_token_encrypted_response_alg: 'RSA-OAEP-256',
    });
    const { status, body } = await jwt({ persona: 'persona-1', client_id });
    expect(status).toBe(400);
    expect(body.error).toBe('no_encryption_key');
    expect(body.error_description).toMatch(/jwks_uri/);
  });
});
