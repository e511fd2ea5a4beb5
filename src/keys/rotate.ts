import { generateSigningKey, type SigningKey, saveSigningKeys, toSigningKey } from './signing-keys.js';

/**
 * Publishes and uses a new signing key. The previous key stays in the JWKS for this one rotation (so tokens it
 * signed still verify), older ones go; an RP with a cached JWKS sees an unknown `kid` and must refetch. `keys` is
 * changed in place, so everything holding it (JWKS routes, the ID token issuer) follows at once.
 */
export async function rotateSigningKeys(
  keys: SigningKey[],
  keyFile: string,
): Promise<{ kid: string; published: string[] }> {
  const fresh = await toSigningKey(await generateSigningKey());
  keys.splice(0, keys.length, fresh, ...keys.slice(0, 1));
  await saveSigningKeys(keyFile, keys);
  return { kid: fresh.kid, published: keys.map((key) => key.kid) };
}
