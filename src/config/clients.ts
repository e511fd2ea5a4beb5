import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { exportJWK, importSPKI, type JWK } from 'jose';
import { ConfigError } from './errors.js';
import type { ClientConfig, Scenario } from './schema.js';

/** Client metadata as oidc-provider takes it: `encryption_key` resolved into `jwks`, defaults applied. */
export type ProviderClient = Omit<ClientConfig, 'encryption_key'>;

function spkiOf(pem: string): string {
  if (!pem.includes('BEGIN CERTIFICATE')) return pem;
  return new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** Public RSA JWKs from the text of a PEM (SPKI or certificate), JWK or JWKS file. */
export async function publicJwksFrom(text: string): Promise<JWK[]> {
  if (text.includes('-----BEGIN'))
    return [await exportJWK(await importSPKI(spkiOf(text), 'RSA-OAEP-256', { extractable: true }))];
  const parsed = JSON.parse(text) as JWK | { keys: JWK[] };
  const keys = 'keys' in parsed ? parsed.keys : [parsed];
  return keys.map(({ kty, n, e, kid, use, alg }) => ({ kty, n, e, kid, use, alg }));
}

/** The `encryption_key` file a client names, resolved beside the file that defines the client. */
function encryptionKeyFile(client: ClientConfig, where: string): string | undefined {
  return client.encryption_key && resolve(dirname(where), client.encryption_key.file);
}

/** Every key file the clients of a config or scenario file name. */
export function encryptionKeyFiles(clients: ClientConfig[], where: string): string[] {
  return clients.flatMap((client) => encryptionKeyFile(client, where) ?? []);
}

async function readEncryptionKey(client: ClientConfig, where: string, index: number): Promise<JWK[]> {
  const source = client.encryption_key;
  const file = encryptionKeyFile(client, where);
  if (!source || !file) return [];
  try {
    const keys = await publicJwksFrom(await readFile(file, 'utf8'));
    return keys.map((key) => ({ ...key, use: 'enc', ...(source.kid ? { kid: source.kid } : {}) }));
  } catch (error) {
    throw new ConfigError([
      `${where}: clients[${index}].encryption_key.file: cannot use ${file} as an RSA public key (PEM, JWK or JWKS): ${(error as Error).message}`,
    ]);
  }
}

/**
 * Turns the clients of a config or scenario file into oidc-provider client metadata: an `encryption_key` file
 * becomes `jwks`, and a client with a key but no algorithms gets the scenario's encryption defaults.
 */
export async function providerClients(
  clients: ClientConfig[],
  where: string,
  encryption: Scenario['encryption'],
): Promise<ProviderClient[]> {
  return Promise.all(
    clients.map(async (client, index) => {
      const { encryption_key, ...metadata } = client;
      const fromFile = await readEncryptionKey(client, where, index);
      const jwks =
        fromFile.length > 0 ? { keys: [...(metadata.jwks?.keys ?? []), ...fromFile] } : metadata.jwks;
      const hasKey = jwks !== undefined || metadata.jwks_uri !== undefined;
      const encrypted = hasKey && metadata.id_token_encrypted_response_alg === undefined;
      return {
        ...metadata,
        ...(jwks ? { jwks } : {}),
        ...(encrypted
          ? {
              id_token_encrypted_response_alg: encryption.alg,
              id_token_encrypted_response_enc: encryption.enc,
            }
          : {}),
      };
    }),
  );
}
