import { compactDecrypt, createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformKeyPair } from '../../src/keys/platform-key-pair.js';
import type { RunningIdp } from '../../src/server/start.js';
import { startTestIdp } from '../helpers/idp.js';
import { decryptionKey, platformKeys, register } from '../helpers/platform.js';
import { codeFlow, discoverRp } from '../helpers/rp.js';

const redirectUri = 'https://liveperson.example.test/callback';

let idp: RunningIdp;
let platform: PlatformKeyPair;
beforeAll(async () => {
  idp = await startTestIdp();
  platform = await platformKeys();
});
afterAll(() => idp.stop());

async function encryptingRp(alg: string, enc: string) {
  const { client_id, client_secret } = await register(idp.url, {
    redirect_uris: [redirectUri],
    // The key without its `alg`, so that it serves every RSA key management algorithm.
    jwks: { keys: platform.publicJwks.keys.map(({ alg: _, ...key }) => key) },
    id_token_encrypted_response_alg: alg,
    id_token_encrypted_response_enc: enc,
  });
  const config = await discoverRp(idp.issuer, client_id, client_secret);
  client.enableDecryptingResponses(config, [enc], {
    key: await decryptionKey(platform, alg),
    kid: platform.kid,
  });
  return { config, client_id, client_secret };
}

describe('Code Flow with an encrypting client', () => {
  it('openid-client decrypts and validates the nested ID token', async () => {
    const { config, client_id } = await encryptingRp('RSA-OAEP-256', 'A256GCM');
    const persona = idp.personas[0]!;
    const { tokens } = await codeFlow(config, redirectUri, persona.id);
    expect(tokens.claims()).toMatchObject({ sub: persona.sub, aud: client_id, iss: idp.issuer });
    expect(tokens.claims()).toHaveProperty('lp_sdes');
  });

  it('the outer JWE header is as specified, and the inner JWS is signed by our JWKS', async () => {
    const { config, client_id, client_secret } = await encryptingRp('RSA-OAEP', 'A128CBC-HS256');
    // Redeem by hand to see the raw token.
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      login_hint: 'persona-2',
    });
    const location = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location') as string);
    const response = await fetch(`${idp.url}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client_id}:${client_secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: location.searchParams.get('code') as string,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }),
    });
    const body = await response.json();
    const id_token = body.id_token as string;
    expect(body.error).toBeUndefined();
    expect(id_token.split('.')).toHaveLength(5);
    expect(decodeProtectedHeader(id_token)).toEqual({
      alg: 'RSA-OAEP',
      enc: 'A128CBC-HS256',
      cty: 'JWT',
      kid: 'lpsso2026',
    });
    const { plaintext } = await compactDecrypt(id_token, await decryptionKey(platform, 'RSA-OAEP'));
    const inner = new TextDecoder().decode(plaintext);
    const jwks = createRemoteJWKSet(new URL(`${idp.url}/oauth2/v3/certs`));
    const { payload, protectedHeader } = await jwtVerify(inner, jwks, {
      issuer: idp.issuer,
      audience: client_id,
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(payload.sub).toBe(idp.personas[1]!.sub);
  });

  it('discovery advertises the encryption algorithms', async () => {
    const doc = await (await fetch(`${idp.url}/.well-known/openid-configuration`)).json();
    expect(doc.id_token_encryption_alg_values_supported).toEqual(['RSA-OAEP', 'RSA-OAEP-256']);
    expect(doc.id_token_encryption_enc_values_supported).toEqual([
      'A128CBC-HS256',
      'A256CBC-HS512',
      'A128GCM',
      'A256GCM',
    ]);
  });
});
