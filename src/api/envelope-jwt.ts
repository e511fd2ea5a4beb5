import type { Context } from 'koa';
import type { Client } from 'oidc-provider';
import { personaClaims } from '../personas/claims.js';
import { encryptionTarget, NoEncryptionKey, registeredEncryption } from '../provider/client-encryption.js';
import { lpSdesFor } from '../provider/client-options.js';
import { badRequest } from '../server/http-error.js';
import { readJsonObject } from '../server/read-body.js';
import type { EncryptionTarget } from '../tokens/encrypt.js';
import { type ApiContext, clientFor, optionalString, personaFor, requiredString } from './context.js';

function ttlOf(body: Record<string, unknown>): number | undefined {
  const { ttl } = body;
  if (ttl === undefined) return undefined;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > 86_400) {
    throw badRequest('invalid_request', '"ttl" must be a whole number of seconds from 1 to 86400');
  }
  return ttl;
}

function hasKeys(client: Client): boolean {
  const metadata = client.metadata();
  return metadata.jwks !== undefined || metadata.jwks_uri !== undefined;
}

/** The recipient: the client's registered encryption, unless `encrypt` forces it on (scenario defaults) or off. */
async function recipient(
  api: ApiContext,
  client: Client,
  encrypt: unknown,
): Promise<EncryptionTarget | undefined> {
  if (encrypt !== undefined && typeof encrypt !== 'boolean') {
    throw badRequest('invalid_request', '"encrypt" must be true or false');
  }
  if (encrypt === false) return undefined;
  const algorithms =
    registeredEncryption(client) ?? (encrypt && hasKeys(client) ? api.encryption : undefined);
  if (!algorithms) {
    if (!encrypt) return undefined;
    throw badRequest(
      'no_encryption_key',
      `client ${client.clientId} has no encryption key: register one (jwks or jwks_uri) or send "encrypt": false`,
    );
  }
  try {
    return await encryptionTarget(client, algorithms);
  } catch (error) {
    if (error instanceof NoEncryptionKey) throw badRequest('no_encryption_key', error.message);
    throw error;
  }
}

/**
 * `POST /api/jwt`: an envelope ID token for a persona, as the brand's backend hands it over in the Implicit Flow
 * (embedded window JS method, mobile app): the same token the token endpoint would give that persona for that
 * client, encrypted when the client has an encryption key.
 */
export async function envelopeJwt(api: ApiContext, ctx: Context): Promise<void> {
  const body = await readJsonObject(ctx);
  const persona = personaFor(api, requiredString(body, 'persona'));
  const client = await clientFor(api, requiredString(body, 'client_id'));
  const ttl = ttlOf(body);
  const nonce = optionalString(body, 'nonce');
  const encryptTo = await recipient(api, client, body.encrypt);
  const claims = personaClaims(persona, api.baseUrl, 'id_token', {
    now: api.idTokens.clock.now(),
    lpSdes: lpSdesFor(client, api.lpSdes),
  });
  const id_token = await api.idTokens.issue(
    { ...claims, nonce },
    { clientId: client.clientId, ttl, encryptTo },
  );
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { id_token, expires_in: ttl ?? api.idTokens.lifetimeSeconds };
}
