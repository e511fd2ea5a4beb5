import { createPublicKey, type JsonWebKeyInput, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';

/** A key source that holds no usable public key; the message says why. */
export class PublicKeyError extends Error {}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;
/** The one-line SPKI the platform's "JWT Public Key" connector field takes: a PEM body, no header, no newlines. */
const SPKI_LINE = /^[A-Za-z0-9+/]{100,}={0,2}$/;

/** The public JWK of a key, keeping the `kid`, `alg` and `use` it was given with. */
function asJwk(key: KeyObject, from: Record<string, unknown> = {}): JWK {
  const jwk = key.export({ format: 'jwk' }) as JWK;
  for (const name of ['kid', 'alg', 'use'] as const) {
    if (typeof from[name] === 'string') jwk[name] = from[name] as string;
  }
  return jwk;
}

function fromPem(text: string): JWK[] {
  const blocks = [...text.matchAll(PEM_BLOCK)].map(([pem]) => pem);
  if (blocks.length === 0) throw new PublicKeyError('no PEM block found');
  return blocks.map((pem) => {
    try {
      // A certificate, an SPKI or PKCS#1 public key, or a private key (whose public half is taken).
      return asJwk(createPublicKey(pem));
    } catch (error) {
      throw new PublicKeyError(`a PEM block that is not a key: ${(error as Error).message}`);
    }
  });
}

function fromJwk(jwk: Record<string, unknown>): JWK {
  try {
    return asJwk(createPublicKey({ key: jwk, format: 'jwk' } as JsonWebKeyInput), jwk);
  } catch (error) {
    throw new PublicKeyError(`a JWK that is not an asymmetric key: ${(error as Error).message}`);
  }
}

/** Public JWKs from a JWKS, a JWK, or Google's `/oauth2/v1/certs` shape (`{ "<kid>": "<PEM certificate>" }`). */
export function publicJwksFromJson(value: unknown): JWK[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PublicKeyError('expected a JWKS ({"keys": [...]}), a JWK or a PEM');
  }
  const object = value as Record<string, unknown>;
  if (Array.isArray(object.keys)) {
    const keys = object.keys.filter(
      (key): key is Record<string, unknown> => typeof key === 'object' && !!key,
    );
    if (keys.length === 0) throw new PublicKeyError('a JWKS with no keys');
    return keys.map(fromJwk);
  }
  if (typeof object.kty === 'string') return [fromJwk(object)];
  const certificates = Object.entries(object).filter(
    ([, pem]) => typeof pem === 'string' && pem.includes('-----BEGIN'),
  );
  if (certificates.length === 0)
    throw new PublicKeyError('neither a JWKS, a JWK nor a map of PEM certificates');
  return certificates.flatMap(([kid, pem]) => fromPem(pem as string).map((jwk) => ({ ...jwk, kid })));
}

/**
 * The public keys in a key file or a JWKS response: a JWKS, a JWK, a PEM public key or certificate, or the
 * one-line SPKI pasted into the platform's connector.
 */
export function publicJwksFrom(text: string): JWK[] {
  const trimmed = text.trim();
  if (trimmed.includes('-----BEGIN') && !/^[{[]/.test(trimmed)) return fromPem(trimmed);
  if (SPKI_LINE.test(trimmed)) {
    return fromPem(`-----BEGIN PUBLIC KEY-----\n${trimmed}\n-----END PUBLIC KEY-----`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new PublicKeyError('neither JSON (a JWKS or JWK), a PEM, nor a one-line SPKI key');
  }
  return publicJwksFromJson(parsed);
}
