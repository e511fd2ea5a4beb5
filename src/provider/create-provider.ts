import Provider from 'oidc-provider';
import type { OAuthErrorState } from '../google/middleware.js';
import { mintIdToken } from '../tokens/id-token.js';
import { type ProviderSettings, providerConfiguration } from './configuration.js';
import { useGoogleTokenIds } from './google-token-ids.js';
import { useMockIdpIdTokens } from './id-tokens.js';

/** The oidc-provider instance for one issuer, with mock-idp's ID tokens and Google's token shapes. */
export function createProvider(issuer: string, settings: ProviderSettings): Provider {
  const provider = new Provider(issuer, providerConfiguration(settings));
  useGoogleTokenIds(provider);
  const [key] = settings.keys;
  if (!key) throw new Error('no signing key');
  useMockIdpIdTokens(provider, (claims, client) =>
    mintIdToken(claims, {
      issuer,
      clientId: client.clientId,
      key,
      now: settings.clock.now(),
      lifetimeSeconds: settings.lifetimes.id_token,
    }),
  );
  // Keep the internal detail of token endpoint errors, for Google's error texts (google/middleware).
  provider.on('grant.error', (ctx, error) => {
    (ctx.state as OAuthErrorState).oauthError = error as OAuthErrorState['oauthError'];
  });
  provider.on('server_error', (_ctx, error) => console.error('mock-idp: oidc-provider error', error));
  return provider;
}
