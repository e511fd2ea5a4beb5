import { compactDecrypt, decodeProtectedHeader, errors } from 'jose';
import { type Check, combine, type Finding, fail, skip } from './checks.js';
import type { DecryptionKey } from './private-keys.js';

/** The key management algorithm the platform documents (its `RSA_OAEP_256`). */
const PLATFORM_ALG = 'RSA-OAEP-256';

export interface Decrypted {
  check: Check;
  /** The JWS to verify: the token itself when it is not a JWE, the plaintext when it decrypted. */
  jws?: string;
}

/** Keys whose `kid` matches the header first, then the rest: a key without a `kid` may still be the one. */
function candidates(keys: DecryptionKey[], kid: unknown): DecryptionKey[] {
  return [...keys.filter((k) => k.kid === kid), ...keys.filter((k) => k.kid !== kid)];
}

function describeHeader(header: Record<string, unknown>): string {
  return ['alg', 'enc', 'kid', 'cty']
    .filter((name) => header[name] !== undefined)
    .map((name) => `${name} ${String(header[name])}`)
    .join(', ');
}

/** What the platform would still frown at in a JWE that decrypted. */
function advisories(header: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  if (header.alg !== PLATFORM_ALG) {
    findings.push({
      level: 'warn',
      expected: `alg ${PLATFORM_ALG} (the platform documents RSA_OAEP_256)`,
      found: `alg ${String(header.alg)}`,
      fix: `encrypt with ${PLATFORM_ALG}`,
    });
  }
  if (header.cty !== 'JWT') {
    findings.push({
      level: 'warn',
      expected: 'cty "JWT" (a nested JWT: signed, then encrypted)',
      found: `cty ${header.cty === undefined ? 'absent' : String(header.cty)}`,
      fix: 'set cty "JWT" in the JWE header: Java verifiers (Nimbus) only unwrap a nested JWT so marked',
    });
  }
  return findings;
}

async function tryKeys(token: string, keys: DecryptionKey[], kid: unknown): Promise<Uint8Array | Error> {
  let last: Error = new Error('no key');
  for (const { key } of candidates(keys, kid)) {
    try {
      return (await compactDecrypt(token, key)).plaintext;
    } catch (error) {
      last = error as Error;
      // Anything but "this key does not open it" (e.g. an unsupported alg) would fail for every key alike.
      if (!(error instanceof errors.JWEDecryptionFailed) && !(error instanceof TypeError)) return last;
    }
  }
  return last;
}

/** Decrypts a compact JWE with the platform's private keys; a plain JWS passes through untouched. */
export async function decryptToken(token: string, keys: DecryptionKey[]): Promise<Decrypted> {
  const segments = token.split('.').length;
  if (segments !== 5) {
    const what = segments === 3 ? 'a JWS (3 segments), not encrypted' : `not a JWE (${segments} segment(s))`;
    return { check: skip('decrypt', what), jws: token };
  }
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
  } catch (error) {
    return {
      check: fail('decrypt', {
        expected: 'a compact JWE with a JSON protected header',
        found: `an unreadable header: ${(error as Error).message}`,
        fix: 'encrypt with a JOSE library (compact serialization)',
      }),
    };
  }
  const described = describeHeader(header);
  if (keys.length === 0) {
    return {
      check: fail('decrypt', {
        expected: "the platform's private key to decrypt with",
        found: `a JWE (${described}) and no decryption key`,
        fix: 'pass --decrypt-key FILE (CLI) or decrypt_key (API) with the private half of the key the token is encrypted to',
      }),
    };
  }
  const result = await tryKeys(token, keys, header.kid);
  if (result instanceof Error) {
    const kids = keys.map((k) => k.kid ?? '(no kid)').join(', ');
    return {
      check: fail('decrypt', {
        expected: `a JWE one of the ${keys.length} given private key(s) decrypts (kid: ${kids})`,
        found: `${described}: ${result.message}`,
        fix: "encrypt to the platform's current public key, or pass the private key it pairs with",
      }),
    };
  }
  return {
    check: combine('decrypt', advisories(header), `decrypted: ${described}`),
    jws: new TextDecoder().decode(result),
  };
}
