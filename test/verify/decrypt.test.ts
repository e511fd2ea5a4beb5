import { CompactEncrypt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformKeyPair } from '../../src/keys/platform-key-pair.js';
import type { RunningIdp } from '../../src/server/start.js';
import { decryptionKeysFrom, KeyInputError } from '../../src/verify/private-keys.js';
import { runChecks } from '../../src/verify/run.js';
import { startTestIdp } from '../helpers/idp.js';
import { platformKeys, postJson, register } from '../helpers/platform.js';
import { check, codeFrom, privateKeyForms, statuses } from './support.js';

let idp: RunningIdp;
let platform: PlatformKeyPair;
let otherPlatform: PlatformKeyPair;
let encrypting: { client_id: string; client_secret: string };

beforeAll(async () => {
  idp = await startTestIdp();
  platform = await platformKeys('lpsso2026');
  otherPlatform = await platformKeys('lpsso2027');
  encrypting = await register(idp.url, {
    redirect_uris: ['https://liveperson.net'],
    jwks: platform.publicJwks,
    id_token_encrypted_response_alg: 'RSA-OAEP-256',
    id_token_encrypted_response_enc: 'A256GCM',
  });
});
afterAll(() => idp?.stop());

async function jweFor(clientId: string, persona = 'persona-3'): Promise<string> {
  const { body } = await postJson(`${idp.url}/api/jwt`, { persona, client_id: clientId });
  return body.id_token;
}

const keysOf = (text: string) => decryptionKeysFrom(text);

describe('verify: decrypt', () => {
  it('is skipped for a plain JWS', async () => {
    const { body } = await postJson(`${idp.url}/api/jwt`, { persona: 'persona-1', client_id: 'mock-client' });
    const report = await runChecks({ jwt: body.id_token, issuer: idp.url });
    expect(check(report, 'decrypt')).toEqual({
      id: 'decrypt',
      status: 'skip',
      found: 'a JWS (3 segments), not encrypted',
    });
  });

  it.each(['pkcs8', 'pkcs1', 'jwk', 'jwks'] as const)(
    'decrypts a nested JWT with the platform key as %s, then verifies the inner JWS',
    async (form) => {
      const report = await runChecks({
        jwt: await jweFor(encrypting.client_id),
        issuer: idp.url,
        clientId: encrypting.client_id,
        decryptKeys: keysOf(privateKeyForms(platform)[form]),
      });
      expect(check(report, 'decrypt')).toEqual({
        id: 'decrypt',
        status: 'pass',
        found: 'decrypted: alg RSA-OAEP-256, enc A256GCM, kid lpsso2026, cty JWT',
      });
      expect(check(report, 'signature').status).toBe('pass');
      expect(report.ok).toBe(true);
    },
  );

  it('tries every key of a JWKS, the one named by kid first', async () => {
    const both = JSON.stringify({ keys: [otherPlatform.privateJwk, platform.privateJwk] });
    const report = await runChecks({
      jwt: await jweFor(encrypting.client_id),
      issuer: idp.url,
      decryptKeys: keysOf(both),
    });
    expect(check(report, 'decrypt').status).toBe('pass');
  });

  it('decrypts what the token endpoint returns in the Code Flow', async () => {
    const code = await codeFrom(idp, { client_id: encrypting.client_id });
    const report = await runChecks({
      code,
      issuer: idp.url,
      clientId: encrypting.client_id,
      clientSecret: encrypting.client_secret,
      decryptKeys: keysOf(platform.privateKeyPem),
    });
    expect(check(report, 'decrypt').status).toBe('pass');
    expect(report.ok).toBe(true);
  });

  it('fails without a key, says how to give one, and runs nothing that needs the plaintext', async () => {
    const report = await runChecks({ jwt: await jweFor(encrypting.client_id), issuer: idp.url });
    expect(check(report, 'decrypt')).toMatchObject({
      status: 'fail',
      found: 'a JWE (alg RSA-OAEP-256, enc A256GCM, kid lpsso2026, cty JWT) and no decryption key',
      fix: expect.stringMatching(/--decrypt-key/),
    });
    expect(statuses(report)).toMatchObject({ signature: 'skip', iss: 'skip', lp_sdes: 'skip' });
    expect(check(report, 'sub').found).toBe('not run: the token did not decrypt');
    expect(report.ok).toBe(false);
  });

  it('fails with a key the token is not encrypted to', async () => {
    const report = await runChecks({
      jwt: await jweFor(encrypting.client_id),
      issuer: idp.url,
      decryptKeys: keysOf(otherPlatform.privateKeyPem),
    });
    expect(check(report, 'decrypt')).toMatchObject({
      status: 'fail',
      expected: 'a JWE one of the 1 given private key(s) decrypts (kid: (no kid))',
      found: expect.stringMatching(
        /^alg RSA-OAEP-256, enc A256GCM, kid lpsso2026, cty JWT: decryption operation failed/,
      ),
    });
  });

  it('fails a token encrypted to a rogue key (fault-wrong-encryption-key)', async () => {
    const report = await runChecks({
      jwt: await jweFor(encrypting.client_id, 'fault-wrong-encryption-key'),
      issuer: idp.url,
      decryptKeys: keysOf(privateKeyForms(platform).jwk),
    });
    expect(check(report, 'decrypt').status).toBe('fail');
  });

  it('warns about RSA-OAEP (the platform documents RSA-OAEP-256); --strict fails it', async () => {
    const oaep = await register(idp.url, {
      redirect_uris: ['https://liveperson.net'],
      jwks: { keys: [{ ...platform.publicJwk, alg: 'RSA-OAEP' }] },
      id_token_encrypted_response_alg: 'RSA-OAEP',
      id_token_encrypted_response_enc: 'A128CBC-HS256',
    });
    const options = {
      jwt: await jweFor(oaep.client_id),
      issuer: idp.url,
      decryptKeys: keysOf(platform.privateKeyPem),
    };
    const report = await runChecks(options);
    expect(check(report, 'decrypt')).toMatchObject({
      status: 'warn',
      expected: 'alg RSA-OAEP-256 (the platform documents RSA_OAEP_256)',
      found: 'alg RSA-OAEP',
    });
    expect(report.ok).toBe(true);
    expect((await runChecks({ ...options, strict: true })).ok).toBe(false);
  });

  it('warns about a nested JWT without cty "JWT"', async () => {
    const { body } = await postJson(`${idp.url}/api/jwt`, { persona: 'persona-1', client_id: 'mock-client' });
    const jwe = await new CompactEncrypt(new TextEncoder().encode(body.id_token))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
      .encrypt(platform.publicJwk);
    const report = await runChecks({
      jwt: jwe,
      issuer: idp.url,
      decryptKeys: keysOf(platform.privateKeyPem),
    });
    expect(check(report, 'decrypt')).toMatchObject({ status: 'warn', found: 'cty absent' });
    expect(check(report, 'signature').status).toBe('pass');
  });

  it('fails the signature of a JWE that carries bare claims instead of a JWS', async () => {
    const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ sub: '1', iss: idp.url })))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
      .encrypt(platform.publicJwk);
    const report = await runChecks({
      jwt: jwe,
      issuer: idp.url,
      decryptKeys: keysOf(platform.privateKeyPem),
    });
    expect(check(report, 'signature')).toMatchObject({
      status: 'fail',
      found: expect.stringMatching(/^JSON claims, not a JWS: encrypted without being signed/),
    });
  });
});

describe('decryption keys', () => {
  it.each([
    [() => platform.publicKeyPem, /no private key in the PEM \(found PUBLIC KEY\)/],
    [() => JSON.stringify(platform.publicJwks), /no private key \(no JWK with "d"\)/],
    [() => '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----', /passphrase/],
    [() => 'hello', /neither a PEM private key nor JSON/],
    [() => JSON.stringify({ kty: 'RSA', d: 'x' }), /not a usable private key/],
  ])('%#: refuses what holds no private key', (text, message) => {
    expect(() => decryptionKeysFrom(text())).toThrow(KeyInputError);
    expect(() => decryptionKeysFrom(text())).toThrow(message);
  });
});
