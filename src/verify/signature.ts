import { compactVerify, createLocalJWKSet, decodeProtectedHeader, errors, type JWK } from 'jose';
import { type Check, fail, pass, skip, warn } from './checks.js';
import { excerpt, fetchText, jsonObject } from './http.js';
import { publicJwksFromJson } from './public-keys.js';

/** The only signature algorithm the platform verifies (consumer-auth.md §2.2, §3). */
export const PLATFORM_SIGNING_ALG = 'RS256';

/** Where the signing keys come from: keys already read (a `--jwks` file), or a JWKS URL to fetch. */
export type KeySource = { keys: JWK[]; where: string } | { url: string };

/** How the key was found: by `kid`, as a key without `kid` (a pasted PEM), or despite the header's `kid`. */
type Match = 'kid' | 'unnamed' | 'other-kid';
type Verified = { ok: true; match: Match } | { ok: false; error: Error };

async function loadKeys(source: KeySource): Promise<{ keys: JWK[]; where: string } | Check> {
  if ('keys' in source) return source;
  const expected = `a JWKS at ${source.url}`;
  const fix = 'serve the signing public keys as a JWKS ({"keys": [...]}) at jwks_uri, or pass --jwks';
  const response = await fetchText(source.url, { headers: { accept: 'application/json' } });
  if (!response.ok) return fail('signature', { expected, found: response.error, fix });
  const body = jsonObject(response.text);
  if (response.status !== 200 || !body) {
    return fail('signature', {
      expected,
      found: `HTTP ${response.status}: ${excerpt(response.text)}`,
      fix,
    });
  }
  try {
    return { keys: publicJwksFromJson(body), where: source.url };
  } catch (error) {
    return fail('signature', { expected, found: (error as Error).message, fix });
  }
}

type GetKey = Parameters<typeof compactVerify>[1];

/** Verifies with the key `getKey` picks; when it finds several (no `kid` to choose by), each is tried. */
async function verifyWithSet(jws: string, getKey: GetKey, match: Match): Promise<Verified> {
  try {
    await compactVerify(jws, getKey);
    return { ok: true, match };
  } catch (error) {
    if (!(error instanceof errors.JWKSMultipleMatchingKeys)) return { ok: false, error: error as Error };
    for await (const key of error as unknown as AsyncIterable<CryptoKey>) {
      try {
        await compactVerify(jws, key);
        return { ok: true, match };
      } catch {}
    }
    return { ok: false, error: new errors.JWSSignatureVerificationFailed() };
  }
}

/** Tries `keys` whatever the header's `kid`. */
function ignoringKid(jws: string, keys: JWK[], match: Match): Promise<Verified> {
  const set = createLocalJWKSet({ keys });
  return verifyWithSet(jws, (header, token) => set({ ...header, kid: undefined }, token), match);
}

/**
 * Picks the key by `kid`, as a JWKS verifier does. If no key has that `kid`, then as the platform does with the one
 * key pasted into its connector: keys without a `kid` (a PEM) are tried, then every key.
 */
async function verifyWith(jws: string, keys: JWK[]): Promise<Verified> {
  const verified = await verifyWithSet(jws, createLocalJWKSet({ keys }), 'kid');
  if (verified.ok || !(verified.error instanceof errors.JWKSNoMatchingKey)) return verified;
  const unnamed = keys.filter((key) => key.kid === undefined);
  if (unnamed.length > 0) {
    const retried = await ignoringKid(jws, unnamed, 'unnamed');
    if (retried.ok) return retried;
  }
  const named = keys.filter((key) => key.kid !== undefined);
  const retried = named.length > 0 ? await ignoringKid(jws, named, 'other-kid') : verified;
  return retried.ok ? retried : verified;
}

function refusal(error: Error, header: Record<string, unknown>, keys: JWK[], where: string): Check {
  const kids = keys.map((k) => k.kid ?? '(no kid)').join(', ');
  const signedWith = `alg ${String(header.alg)}, kid ${header.kid === undefined ? 'absent' : String(header.kid)}`;
  if (error instanceof errors.JWKSNoMatchingKey) {
    return fail('signature', {
      expected: `a key in ${where} for ${signedWith}`,
      found: `no such key, and no key there verifies the signature; the keys there: ${kids}`,
      fix: 'sign with a key the platform holds (publish it in the JWKS, paste it into the connector), and put its kid in the header',
    });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return fail('signature', {
      expected: `a signature that verifies with the key from ${where} (${signedWith})`,
      found: 'the signature does not verify: the token was signed by another key, or altered',
      fix: 'sign with the private key whose public half the platform holds',
    });
  }
  return fail('signature', {
    expected: `an ${PLATFORM_SIGNING_ALG} signature that verifies with a key from ${where}`,
    found: `${signedWith}: ${error.message}`,
    fix: `sign with ${PLATFORM_SIGNING_ALG} and an RSA key of at least 2048 bits`,
  });
}

/** Verifies the JWS signature against the issuer's keys, as the platform does with the key in its connector. */
export async function verifySignature(jws: string, source: KeySource | undefined): Promise<Check> {
  const segments = jws.split('.').length;
  const expected = `a compact JWS (header.payload.signature) signed ${PLATFORM_SIGNING_ALG}`;
  if (jws.trimStart().startsWith('{')) {
    return fail('signature', {
      expected,
      found: `JSON claims, not a JWS: encrypted without being signed (${excerpt(jws, 60)})`,
      fix: 'sign the ID token first, then encrypt the JWS (a nested JWT, cty "JWT")',
    });
  }
  if (segments !== 3) {
    return fail('signature', {
      expected,
      found: `${segments} segment(s): ${excerpt(jws, 60)}`,
      fix: 'hand over the ID token itself: three base64url segments joined by dots',
    });
  }
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(jws) as Record<string, unknown>;
  } catch (error) {
    return fail('signature', {
      expected,
      found: `an unreadable header: ${(error as Error).message}`,
      fix: 'sign with a JOSE library',
    });
  }
  if (header.alg === 'none') {
    return fail('signature', {
      expected,
      found: 'alg none: the token is not signed',
      fix: `sign the token with ${PLATFORM_SIGNING_ALG}`,
    });
  }
  if (!source) return skip('signature', 'not run: no signing keys (discovery failed)');
  const loaded = await loadKeys(source);
  if ('status' in loaded) return loaded;
  const verified = await verifyWith(jws, loaded.keys);
  if (!verified.ok) return refusal(verified.error, header, loaded.keys, loaded.where);
  const kid = header.kid === undefined ? 'no kid' : `kid ${String(header.kid)}`;
  if (header.alg !== PLATFORM_SIGNING_ALG) {
    return fail('signature', {
      expected,
      found: `a valid ${String(header.alg)} signature (${kid}): the platform verifies ${PLATFORM_SIGNING_ALG} only`,
      fix: `sign with ${PLATFORM_SIGNING_ALG} (RSA, 2048 bits or more)`,
    });
  }
  if (verified.match === 'other-kid') {
    return warn('signature', {
      expected: `the header's kid naming the signing key in ${loaded.where}`,
      found: `${kid} names no key there, though the signature verifies with one of them (kids: ${loaded.keys.map((k) => k.kid).join(', ')})`,
      fix: "put the signing key's kid in the header: the platform's pasted key ignores kid, but JWKS verifiers (Google's libraries) pick the key by it",
    });
  }
  const unnamed = verified.match === 'unnamed' ? ' (a key without kid, as pasted into the connector)' : '';
  return pass(
    'signature',
    `${PLATFORM_SIGNING_ALG}, ${kid}, verified with a key from ${loaded.where}${unnamed}`,
  );
}
