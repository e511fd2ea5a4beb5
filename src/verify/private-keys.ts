import { createPrivateKey, type JsonWebKeyInput, type KeyObject } from 'node:crypto';

/** A private key `verify` may decrypt a JWE with, and its `kid` when it came from a JWK. */
export interface DecryptionKey {
  key: KeyObject;
  kid?: string;
}

/** A key file or `decrypt_key` value that holds no usable private key; the message says why. */
export class KeyInputError extends Error {}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;

function fromPem(text: string): DecryptionKey[] {
  const blocks = [...text.matchAll(PEM_BLOCK)];
  const keys = blocks.filter(([, label]) => label?.endsWith('PRIVATE KEY'));
  if (keys.some(([, label]) => label === 'ENCRYPTED PRIVATE KEY')) {
    throw new KeyInputError(
      'the private key is passphrase-protected: export it without one (openssl pkcs8 -topk8 -nocrypt)',
    );
  }
  if (keys.length === 0) {
    throw new KeyInputError(
      `no private key in the PEM (found ${blocks.map(([, label]) => label).join(', ') || 'no PEM block'}): decrypting needs the private key`,
    );
  }
  return keys.map(([pem]) => {
    try {
      return { key: createPrivateKey(pem) };
    } catch (error) {
      throw new KeyInputError(`not a readable private key: ${(error as Error).message}`);
    }
  });
}

function fromJwk(jwk: Record<string, unknown>): DecryptionKey {
  try {
    const key = createPrivateKey({ key: jwk, format: 'jwk' } as JsonWebKeyInput);
    return { key, ...(typeof jwk.kid === 'string' ? { kid: jwk.kid } : {}) };
  } catch (error) {
    throw new KeyInputError(`a JWK that is not a usable private key: ${(error as Error).message}`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The private keys of a private JWK, or of a JWKS (its public members are ignored). */
export function decryptionKeysFromJson(value: unknown): DecryptionKey[] {
  if (!isObject(value)) throw new KeyInputError('expected a private JWK or a JWKS');
  const jwks = Array.isArray(value.keys) ? (value.keys as unknown[]) : [value];
  const privateJwks = jwks.filter((jwk): jwk is Record<string, unknown> => isObject(jwk) && 'd' in jwk);
  if (privateJwks.length === 0) {
    throw new KeyInputError(
      'no private key (no JWK with "d"): decrypting needs the private key, not the public one',
    );
  }
  return privateJwks.map(fromJwk);
}

/** The private keys in a key file: a PEM (PKCS#8 or PKCS#1), a private JWK, or a JWKS. */
export function decryptionKeysFrom(text: string): DecryptionKey[] {
  if (text.includes('-----BEGIN')) return fromPem(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new KeyInputError('neither a PEM private key nor JSON (a private JWK or JWKS)');
  }
  return decryptionKeysFromJson(parsed);
}
