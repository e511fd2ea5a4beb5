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

/** What an envelope ID token is asked for with (`POST /api/jwt`, `idp.idToken()`). */
export interface EnvelopeJwtRequest {
  /** Persona id or email (an unknown email creates one). */
  persona: string;
  clientId: string;
  nonce?: string;
  /** Lifetime in seconds, 1 to 86400. */
  ttl?: number;
  /** Force encryption on (scenario defaults for a client with a key) or off. */
  encrypt?: boolean;
}

/**
 * An envelope ID token for a persona, as the brand's backend hands it over in the Implicit Flow (embedded window
 * JS method, mobile app): the same token the token endpoint would give that persona for that client, encrypted
 * when the client has an encryption key.
 */
export async function issueEnvelopeJwt(
  idp: ApiContext,
  request: EnvelopeJwtRequest,
): Promise<{ id_token: string; expires_in: number }> {
  const persona = await personaFor(idp, request.persona);
  const client = await clientFor(idp, request.clientId);
  const ttl = ttlOf({ ttl: request.ttl });
  const encryptTo = await recipient(idp, client, request.encrypt);
  const claims = personaClaims(persona, idp.baseUrl, 'id_token', {
    now: idp.idTokens.clock.now(),
    lpSdes: lpSdesFor(client, idp.lpSdes),
  });
  const id_token = await idp.idTokens.issue(
    { ...claims, nonce: request.nonce },
    { clientId: client.clientId, ttl, encryptTo },
  );
  return { id_token, expires_in: ttl ?? idp.idTokens.lifetimeSeconds };
}

/** `POST /api/jwt` with `{ "persona", "client_id", "nonce"?, "ttl"?, "encrypt"? }`. */
export async function envelopeJwt(api: ApiContext, ctx: Context): Promise<void> {
  const body = await readJsonObject(ctx);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = await issueEnvelopeJwt(api, {
    persona: requiredString(body, 'persona'),
    clientId: requiredString(body, 'client_id'),
    nonce: optionalString(body, 'nonce'),
    ttl: body.ttl as number | undefined,
    encrypt: body.encrypt as boolean | undefined,
  });
}
