import type { JWK } from 'jose';
import type { Client } from 'oidc-provider';
import type { EncryptionAlg, EncryptionEnc, EncryptionTarget } from '../tokens/encrypt.js';

/** oidc-provider's per-client store of the client's public keys (from `jwks`, or fetched from `jwks_uri`). */
interface ClientKeyStore {
  refresh(): Promise<void>;
  selectForEncrypt(options: { alg: string; use: 'enc' }): JWK[];
}

/** The client's encryption key could not be found or fetched. */
export class NoEncryptionKey extends Error {}

/** The algorithms a client registered for encrypted ID tokens, or undefined when it wants them signed only. */
export function registeredEncryption(client: Client): { alg: EncryptionAlg; enc: EncryptionEnc } | undefined {
  const alg = client.idTokenEncryptedResponseAlg as EncryptionAlg | undefined;
  if (!alg) return undefined;
  return { alg, enc: (client.idTokenEncryptedResponseEnc ?? 'A128CBC-HS256') as EncryptionEnc };
}

/**
 * The key to encrypt a client's ID tokens to, chosen from its `jwks` or `jwks_uri` by oidc-provider's own
 * client key store (which fetches and caches `jwks_uri`).
 */
export async function encryptionTarget(
  client: Client,
  algorithms: { alg: EncryptionAlg; enc: EncryptionEnc },
): Promise<EncryptionTarget> {
  const store = (client as unknown as { asymmetricKeyStore: ClientKeyStore }).asymmetricKeyStore;
  try {
    await store.refresh();
  } catch (error) {
    throw new NoEncryptionKey(
      `cannot fetch the jwks_uri of client ${client.clientId}: ${(error as Error).message}`,
    );
  }
  const [key] = store.selectForEncrypt({ alg: algorithms.alg, use: 'enc' });
  if (!key) {
    throw new NoEncryptionKey(
      `client ${client.clientId} has no RSA key usable with ${algorithms.alg} in its jwks`,
    );
  }
  return { key, ...algorithms };
}
