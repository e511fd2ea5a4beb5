import { generateSigningKey, type SigningKey, saveSigningKeys, toSigningKey } from './signing-keys.js';

type KeySetListener = (next: SigningKey[]) => Promise<void>;

/** Who must know of a rotation before it takes effect, by key array (the Redis store's shared key set). */
const listeners = new WeakMap<SigningKey[], KeySetListener>();

/**
 * Has `listener` told of every rotation of `keys`, with the new set, before it is used: a listener that throws
 * stops the rotation (nothing changes).
 */
export function onKeySetChange(keys: SigningKey[], listener: KeySetListener): void {
  listeners.set(keys, listener);
}

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
  const next = [fresh, ...keys.slice(0, 1)];
  await listeners.get(keys)?.(next);
  keys.splice(0, keys.length, ...next);
  await saveSigningKeys(keyFile, keys);
  return { kid: fresh.kid, published: keys.map((key) => key.kid) };
}
