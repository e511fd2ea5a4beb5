import { importJWK, type JWK } from 'jose';
import { generatePlatformKeyPair, type PlatformKeyPair } from '../../src/keys/platform-key-pair.js';

/** The chat platform's side: an RSA key pair to receive encrypted ID tokens. */
export async function platformKeys(kid = 'lpsso2026'): Promise<PlatformKeyPair> {
  return generatePlatformKeyPair(kid);
}

/** The platform's private key as a CryptoKey for `alg`, to decrypt with jose or openid-client. */
export async function decryptionKey(pair: PlatformKeyPair, alg: string): Promise<CryptoKey> {
  return (await importJWK({ ...pair.privateJwk, alg } as JWK, alg)) as CryptoKey;
}

/** Registers a client at /register and returns its id and secret. */
export async function register(idpUrl: string, metadata: Record<string, unknown>) {
  const response = await fetch(`${idpUrl}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(metadata),
  });
  const body = await response.json();
  if (response.status !== 201) throw new Error(`registration failed: ${JSON.stringify(body)}`);
  return body as { client_id: string; client_secret: string };
}

/** POSTs JSON and returns the status and parsed body. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}
