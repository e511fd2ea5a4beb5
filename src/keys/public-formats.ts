import { exportSPKI, importJWK, type JWK } from 'jose';
import type { SigningKey } from './signing-keys.js';

/**
 * The forms the signing public key is handed out in:
 * - `jwks`: the public JWKS (`{"keys":[…]}`), as `/oauth2/v3/certs` serves it;
 * - `pem`: the SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`) of each signing key;
 * - `spki-line`: the current signing key's SPKI as one base64 line (the PEM body without header, footer or
 *   newlines), which is what the chat platform's "JWT Public Key" connector field takes.
 */
export const publicKeyFormats = ['jwks', 'pem', 'spki-line'] as const;
export type PublicKeyFormat = (typeof publicKeyFormats)[number];

/** A public key format that is not one of {@link publicKeyFormats}; the message names the valid ones. */
export class PublicKeyFormatError extends Error {}

export function isPublicKeyFormat(value: unknown): value is PublicKeyFormat {
  return typeof value === 'string' && (publicKeyFormats as readonly string[]).includes(value);
}

/**
 * Checks a format name from a user, e.g. `parsePublicKeyFormat(query.format, 'format')`. Throws a
 * {@link PublicKeyFormatError} such as `--format must be one of jwks, pem, spki-line, found "x"`.
 */
export function parsePublicKeyFormat(text: string, from = 'format'): PublicKeyFormat {
  if (isPublicKeyFormat(text)) return text;
  throw new PublicKeyFormatError(`${from} must be one of ${publicKeyFormats.join(', ')}, found "${text}"`);
}

async function spkiPem(jwk: JWK): Promise<string> {
  const key = await importJWK(jwk, jwk.alg ?? 'RS256', { extractable: true });
  return exportSPKI(key as CryptoKey);
}

/** The public members of each key's JWK only: never a private member, whatever the key file holds. */
function publicJwks(keys: SigningKey[]): { keys: JWK[] } {
  return {
    keys: keys.map(({ publicJwk: { kty, alg, use, kid, n, e } }) => ({ kty, alg, use, kid, n, e })),
  };
}

/**
 * Our signing public key(s) in `format`, without a trailing newline. `jwks` and `pem` cover every key, in key
 * file order; `spki-line` only the first (the one that signs). Async because jose's SPKI export is.
 */
export async function publicKeyAs(keys: SigningKey[], format: PublicKeyFormat): Promise<string> {
  const checked = parsePublicKeyFormat(format); // for callers that skipped the type
  const [current] = keys;
  if (current === undefined) throw new Error('no signing keys to export');
  switch (checked) {
    case 'jwks':
      return JSON.stringify(publicJwks(keys), null, 2);
    case 'pem':
      return (await Promise.all(keys.map((key) => spkiPem(key.publicJwk)))).join('\n');
    case 'spki-line':
      return spkiLine(await spkiPem(current.publicJwk));
  }
}

/** The base64 body of a `PUBLIC KEY` PEM on one line: header, footer and all whitespace removed. */
export function spkiLine(pem: string): string {
  return pem.replace(/-----(BEGIN|END) PUBLIC KEY-----|\s/g, '');
}
