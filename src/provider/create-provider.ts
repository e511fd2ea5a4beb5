import Provider, { errors } from 'oidc-provider';
import type { OAuthErrorState } from '../google/middleware.js';
import type { IdTokenIssuer } from '../tokens/issuer.js';
import { encryptionTarget, NoEncryptionKey, registeredEncryption } from './client-encryption.js';
import { type ProviderSettings, providerConfiguration } from './configuration.js';
import { useGoogleTokenIds } from './google-token-ids.js';
import { useMockIdpIdTokens } from './id-tokens.js';

/** A client whose encryption key is unusable gets the OAuth error oidc-provider itself would give. */
function asOAuthError(error: unknown): never {
  if (error instanceof NoEncryptionKey) throw new errors.InvalidClientMetadata(error.message);
  throw error;
}

/** The oidc-provider instance for one issuer, with mock-idp's ID tokens and Google's token shapes. */
export function createProvider(idTokens: IdTokenIssuer, settings: ProviderSettings): Provider {
  const provider = new Provider(idTokens.issuer, providerConfiguration(settings));
  useGoogleTokenIds(provider);
  useMockIdpIdTokens(provider, async (claims, client) => {
    const algorithms = registeredEncryption(client);
    const encryptTo = algorithms ? await encryptionTarget(client, algorithms).catch(asOAuthError) : undefined;
    return idTokens.issue(claims, { clientId: client.clientId, encryptTo });
  });
  // Keep the internal detail of token endpoint errors, for Google's error texts (google/middleware).
  provider.on('grant.error', (ctx, error) => {
    (ctx.state as OAuthErrorState).oauthError = error as OAuthErrorState['oauthError'];
  });
  provider.on('server_error', (_ctx, error) => console.error('mock-idp: oidc-provider error', error));
  return provider;
}
