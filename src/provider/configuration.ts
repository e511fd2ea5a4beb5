import type { AccountClaims, Client, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { Clock } from '../clock.js';
import type { ProviderClient } from '../config/clients.js';
import type { Lifetimes } from '../config/schema.js';
import type { FaultBook } from '../faults/book.js';
import { FaultError, parseFaults } from '../faults/parse.js';
import { googlePaths } from '../google/paths.js';
import { googleUserinfoClaims } from '../google/responses.js';
import type { SigningKey } from '../keys/signing-keys.js';
import { idTokenOnlyClaims, personaClaims } from '../personas/claims.js';
import type { PersonaRegistry } from '../personas/registry.js';
import type { Store } from '../store/store.js';
import { encryptionAlgs, encryptionEncs } from '../tokens/encrypt.js';
import { autoConsent } from './auto-consent.js';
import { lpSdesFor } from './client-options.js';
import { renderErrorPage } from './error-page.js';
import { loginHintParam } from './headless-login.js';
import { logoutPage, signedOutPage } from './logout-pages.js';
import { access_type, issueRefreshToken } from './refresh-tokens.js';

export interface ProviderSettings {
  keys: SigningKey[];
  personas: PersonaRegistry;
  clients: ProviderClient[];
  /** The public base URL personas' avatar URLs are built on. */
  baseUrl: string;
  lifetimes: Lifetimes;
  /** The scenario's default for `lp_sdes` in ID tokens; a client's `lp_sdes` metadata wins. */
  lpSdes: boolean;
  clock: Clock;
  faults: FaultBook;
  /** Where oidc-provider keeps its models. */
  store: Store;
  /** Whether RP-initiated logout asks the person first (scenario `logout_confirmation`). */
  logoutConfirmation: boolean;
}

/** Which claims each scope releases. `openid` carries the platform's claims, which only the ID token shows. */
const claimsByScope = {
  openid: ['sub', 'hd', ...idTokenOnlyClaims],
  email: ['email', 'email_verified'],
  profile: googleUserinfoClaims.filter((c) => !['sub', 'email', 'email_verified', 'hd'].includes(c)),
};

/** Claims issued beyond Google's discovery list. */
export const extraClaims = ['hd', 'locale', ...idTokenOnlyClaims];

/**
 * Client metadata mock-idp adds to RFC 7591's, accepted in scenario files and at `/register`: `lp_sdes` (whether
 * ID tokens carry it), `legacy_token_response` (the platform's legacy popup mode, see legacy-token-response),
 * `require_pkce` (authorization requests without `code_challenge` are refused, see `pkceRequired`) and
 * `mock_faults` (faults for every token and flow of the client, see faults/catalogue).
 */
const extraClientMetadata: Configuration['extraClientMetadata'] = {
  properties: ['lp_sdes', 'legacy_token_response', 'require_pkce', 'mock_faults'],
  validator(_ctx, key, value, metadata) {
    // oidc-provider parses a pairwise client's redirect URIs (`new URL`) before it validates them: a bad one was a
    // 500 at /register. Only public subject identifiers are served, so any other subject_type is refused first.
    if (metadata.subject_type !== undefined && metadata.subject_type !== 'public') {
      throw new errors.InvalidClientMetadata(
        'subject_type must be "public": pairwise subjects are not served',
      );
    }
    if (value === undefined) return;
    if (key === 'mock_faults') {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
        throw new errors.InvalidClientMetadata('mock_faults must be an array of fault names');
      }
      try {
        parseFaults(value);
      } catch (error) {
        if (error instanceof FaultError) throw new errors.InvalidClientMetadata(error.message);
        throw error;
      }
    } else if (typeof value !== 'boolean') {
      throw new errors.InvalidClientMetadata(`${key} must be true or false`);
    }
  },
};

/**
 * PKCE is required of public clients (`token_endpoint_auth_method: none`, oidc-provider's default) and of clients
 * registered with `require_pkce: true`; like Google, not of other confidential clients.
 */
/** Whether a client must use PKCE: public clients, and clients registered with `require_pkce: true`. */
export function clientRequiresPkce(client: Client): boolean {
  return client.clientAuthMethod === 'none' || (client as { require_pkce?: boolean }).require_pkce === true;
}

function pkceRequired(_ctx: KoaContextWithOIDC, client: Client): boolean {
  return clientRequiresPkce(client);
}

function findAccount(settings: ProviderSettings) {
  return (ctx: KoaContextWithOIDC, sub: string) => {
    const persona = settings.personas.bySub(sub);
    if (!persona) return undefined;
    return {
      accountId: sub,
      claims: (use: string) =>
        personaClaims(persona, settings.baseUrl, use === 'id_token' ? 'id_token' : 'userinfo', {
          now: settings.clock.now(),
          lpSdes: lpSdesFor(ctx.oidc.client, settings.lpSdes),
        }) as AccountClaims,
    };
  };
}

/**
 * oidc-provider's configuration: Google's paths, scopes and lifetimes; Code Flow with PKCE, the implicit and
 * hybrid response types, refresh tokens, revocation, userinfo and open dynamic registration. Features Google
 * does not offer are off.
 */
export function providerConfiguration(settings: ProviderSettings): Configuration {
  const { lifetimes } = settings;
  const basePath = new URL(settings.baseUrl).pathname.replace(/\/$/, '');
  return {
    adapter: settings.store.Adapter,
    clients: settings.clients,
    jwks: { keys: settings.keys.map((key) => key.privateJwk) } as Configuration['jwks'],
    findAccount: findAccount(settings),
    claims: claimsByScope,
    conformIdTokenClaims: false,
    scopes: ['openid', 'email', 'profile'],
    responseTypes: ['code', 'id_token', 'id_token token', 'code id_token', 'code id_token token', 'none'],
    pkce: { required: pkceRequired },
    allowOmittingSingleRegisteredRedirectUri: false,
    extraClientMetadata,
    enabledJWA: {
      idTokenSigningAlgValues: ['RS256'],
      idTokenEncryptionAlgValues: [...encryptionAlgs],
      idTokenEncryptionEncValues: [...encryptionEncs],
    },
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    },
    features: {
      devInteractions: { enabled: false },
      encryption: { enabled: true },
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      resourceIndicators: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: logoutPage(settings.logoutConfirmation),
        postLogoutSuccessSource: signedOutPage,
      },
      registration: { enabled: true, initialAccessToken: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
    },
    routes: {
      authorization: googlePaths.authorization,
      token: googlePaths.token,
      userinfo: googlePaths.userinfo,
      revocation: googlePaths.revocation,
      jwks: googlePaths.jwks,
      registration: googlePaths.registration,
      end_session: googlePaths.endSession,
    },
    interactions: { url: (_ctx, interaction) => `${basePath}/interaction/${interaction.uid}` },
    extraParams: {
      login_hint: loginHintParam(settings.personas, settings.faults),
      access_type,
      include_granted_scopes: null,
      hd: null,
      authuser: null,
    },
    loadExistingGrant: autoConsent,
    issueRefreshToken,
    expiresWithSession: () => false,
    ttl: {
      AccessToken: lifetimes.access_token,
      AuthorizationCode: lifetimes.code,
      IdToken: lifetimes.id_token,
      RefreshToken: lifetimes.refresh_token,
      Grant: lifetimes.refresh_token,
      Session: 14 * 24 * 3600,
      Interaction: 3600,
    },
    renderError: renderErrorPage,
  };
}
