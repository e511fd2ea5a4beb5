import type { AdapterPayload } from 'oidc-provider';
import { PLATFORM_KEY_ALG } from '../keys/platform-key-pair.js';
import type { IdpContext } from '../server/context.js';
import { HttpError } from '../server/http-error.js';
import type { DemoKeys } from './keys.js';

/** The demo platform's client whose ID tokens are signed only. */
export const DEMO_CLIENT_ID = 'mock-idp-demo';
/** The demo platform's client whose ID tokens are also encrypted to the demo platform key. */
export const DEMO_ENCRYPTED_CLIENT_ID = 'mock-idp-demo-encrypted';
/**
 * The demo clients' secret. Fixed, so that every instance sharing a store (Redis) registers the same clients; it
 * guards nothing: the demo clients only ever redirect to this server's `/demo/callback`.
 */
export const DEMO_CLIENT_SECRET = 'mock-idp-demo-secret';

/** The content encryption the encrypted demo client asks for: the platform's documented choice. */
const DEMO_ENC = 'A256GCM';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Where the demo's popup window comes back to. */
export function demoCallbackUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/$/, '')}/demo/callback`;
}

/**
 * How the demo clients can be registered for a callback URL. oidc-provider refuses the implicit grant for a web
 * client with an `http:` redirect URI; a loopback `http:` one is allowed for a native client (RFC 8252), which is
 * what a demo on 127.0.0.1 is. On any other `http:` URL the popup Implicit Flow cannot be offered.
 */
export function demoClientShape(callbackUrl: string): {
  applicationType: 'web' | 'native';
  implicit: boolean;
} {
  const { protocol, hostname } = new URL(callbackUrl);
  if (protocol === 'https:') return { applicationType: 'web', implicit: true };
  if (LOOPBACK_HOSTS.has(hostname)) return { applicationType: 'native', implicit: true };
  return { applicationType: 'web', implicit: false };
}

/** The metadata of one demo client. */
export function demoClientMetadata(
  clientId: string,
  callbackUrl: string,
  keys: DemoKeys | undefined,
): Record<string, unknown> {
  const shape = demoClientShape(callbackUrl);
  return {
    client_id: clientId,
    client_secret: DEMO_CLIENT_SECRET,
    client_name: keys ? 'Chat platform demo (encrypted ID tokens)' : 'Chat platform demo',
    application_type: shape.applicationType,
    redirect_uris: [callbackUrl],
    response_types: shape.implicit ? ['code', 'id_token'] : ['code'],
    grant_types: shape.implicit ? ['authorization_code', 'implicit'] : ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...(keys
      ? {
          jwks: { keys: [keys.publicJwk] },
          id_token_encrypted_response_alg: PLATFORM_KEY_ALG,
          id_token_encrypted_response_enc: DEMO_ENC,
        }
      : {}),
  };
}

/** The fields that must match for a registered demo client to be reused as it is. */
function fingerprint(metadata: Record<string, unknown>): string {
  const keys = (metadata.jwks as { keys?: Array<{ kid?: unknown; n?: unknown }> } | undefined)?.keys ?? [];
  return JSON.stringify([
    metadata.client_secret,
    metadata.application_type,
    metadata.redirect_uris,
    metadata.response_types,
    metadata.grant_types,
    keys.map((key) => [key.kid, key.n]),
    metadata.id_token_encrypted_response_alg,
    metadata.id_token_encrypted_response_enc,
  ]);
}

/**
 * Registers a demo client unless it is registered already as wanted (a reset removes it; another instance on the
 * same store may have registered it for another URL). Written like an added client (`admin/clients.ts`), directly
 * into the store and checked by oidc-provider; no HTTP, no admin token.
 */
export async function ensureDemoClient(idp: IdpContext, wanted: Record<string, unknown>): Promise<void> {
  const clientId = wanted.client_id as string;
  const existing = await idp.provider.Client.find(clientId).catch(() => undefined);
  if (existing && fingerprint(existing.metadata() as Record<string, unknown>) === fingerprint(wanted)) return;
  if (existing && idp.setup.clients.some((client) => client.client_id === clientId)) {
    throw new HttpError(
      500,
      'server_error',
      `the config or scenario defines a client "${clientId}": that id is the demo's own, rename the client`,
    );
  }
  const adapter = new idp.store.Adapter('Client');
  await adapter.upsert(clientId, { ...wanted, client_id_issued_at: idp.clock.now() } as AdapterPayload, 0);
  try {
    await idp.provider.Client.find(clientId);
  } catch (error) {
    await adapter.destroy(clientId);
    const description =
      (error as { error_description?: string }).error_description ?? (error as Error).message;
    throw new HttpError(
      500,
      'server_error',
      `the demo client ${clientId} cannot be registered: ${description}`,
    );
  }
}
