import { exportJWK, importSPKI } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyFileError } from '../../src/keys/key-file-error.js';
import {
  isPublicKeyFormat,
  PublicKeyFormatError,
  parsePublicKeyFormat,
  publicKeyAs,
  publicKeyFormats,
} from '../../src/keys/public-formats.js';
import { loadOrCreateSigningKeys, type SigningKey } from '../../src/keys/signing-keys.js';
import { tempDir } from '../helpers/cli.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

function pemOf(line: string): string {
  return `-----BEGIN PUBLIC KEY-----\n${line.match(/.{1,64}/g)?.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

let keys: SigningKey[];
let twoKeys: SigningKey[];

beforeAll(async () => {
  keys = await loadOrCreateSigningKeys(`${tempDir()}/keys.json`);
  const second = await loadOrCreateSigningKeys(`${tempDir()}/keys.json`);
  twoKeys = [...keys, ...second];
});

describe('publicKeyAs', () => {
  it('spki-line is one line of base64, without PEM header, footer or newlines', async () => {
    const line = await publicKeyAs(keys, 'spki-line');
    expect(line).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(line).not.toContain('BEGIN');
    expect(line).not.toMatch(/\s/);
    // An RSA-2048 SubjectPublicKeyInfo is 294 bytes: 392 base64 characters, starting with its fixed prefix.
    expect(line).toHaveLength(392);
    expect(line.startsWith('MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA')).toBe(true);
  });

  it('spki-line, wrapped back into a PEM, is the signing key (same n and e)', async () => {
    const line = await publicKeyAs(keys, 'spki-line');
    const key = await importSPKI(pemOf(line), 'RS256', { extractable: true });
    const jwk = await exportJWK(key);
    expect(jwk.n).toBe(keys[0]?.publicJwk.n);
    expect(jwk.e).toBe(keys[0]?.publicJwk.e);
  });

  it('spki-line is the first key only, even with several', async () => {
    expect(await publicKeyAs(twoKeys, 'spki-line')).toBe(await publicKeyAs(keys, 'spki-line'));
  });

  it('pem is an SPKI PEM that imports as the signing key', async () => {
    const pem = await publicKeyAs(keys, 'pem');
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PUBLIC KEY-----$/);
    const jwk = await exportJWK(await importSPKI(pem, 'RS256', { extractable: true }));
    expect(jwk.n).toBe(keys[0]?.publicJwk.n);
    expect(pem.replace(/-----[A-Z ]+-----|\n/g, '')).toBe(await publicKeyAs(keys, 'spki-line'));
  });

  it('pem holds one PEM per key, in key file order', async () => {
    const pems =
      (await publicKeyAs(twoKeys, 'pem')).match(/-----BEGIN[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
    expect(pems).toHaveLength(2);
    const ns = await Promise.all(
      pems.map(async (pem) => (await exportJWK(await importSPKI(pem, 'RS256', { extractable: true }))).n),
    );
    expect(ns).toEqual(twoKeys.map((key) => key.publicJwk.n));
  });

  it('jwks is pretty-printed {"keys":[…]} with public members only', async () => {
    const text = await publicKeyAs(twoKeys, 'jwks');
    expect(text).toContain('\n  "keys": [');
    const jwks = JSON.parse(text) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(2);
    for (const [i, jwk] of jwks.keys.entries()) {
      expect(Object.keys(jwk).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      for (const member of PRIVATE_MEMBERS) expect(jwk).not.toHaveProperty(member);
      expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: twoKeys[i]?.kid });
    }
  });

  it('jwks leaves out private members even when the public JWK carries them', async () => {
    const leaky = keys.map((key) => ({ ...key, publicJwk: key.privateJwk }));
    const jwks = JSON.parse(await publicKeyAs(leaky, 'jwks')) as { keys: Record<string, unknown>[] };
    for (const member of PRIVATE_MEMBERS) expect(jwks.keys[0]).not.toHaveProperty(member);
  });

  it('rejects an unknown format at run time, and an empty key list', async () => {
    await expect(publicKeyAs(keys, 'der' as 'pem')).rejects.toBeInstanceOf(PublicKeyFormatError);
    await expect(publicKeyAs([], 'jwks')).rejects.toThrow('no signing keys');
  });
});

describe('public key formats', () => {
  it('lists jwks, pem and spki-line', () => {
    expect(publicKeyFormats).toEqual(['jwks', 'pem', 'spki-line']);
    expect(publicKeyFormats.every(isPublicKeyFormat)).toBe(true);
    expect(isPublicKeyFormat('PEM')).toBe(false);
    expect(isPublicKeyFormat(undefined)).toBe(false);
  });

  it('parsePublicKeyFormat names the valid formats for an unknown one', () => {
    expect(parsePublicKeyFormat('spki-line')).toBe('spki-line');
    expect(() => parsePublicKeyFormat('x509', '--format')).toThrow(
      new PublicKeyFormatError('--format must be one of jwks, pem, spki-line, found "x509"'),
    );
    expect(() => parsePublicKeyFormat('')).toThrow('format must be one of jwks, pem, spki-line, found ""');
    expect(new PublicKeyFormatError('x')).not.toBeInstanceOf(KeyFileError);
  });
});
