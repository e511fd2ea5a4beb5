import { googleScopes } from './scopes.js';

/** Google's `claims_supported`, as its discovery document lists them. */
export const googleClaims = [
  'aud',
  'email',
  'email_verified',
  'exp',
  'family_name',
  'given_name',
  'iat',
  'iss',
  'name',
  'picture',
  'sub',
] as const;

/** Google's `response_types_supported` spelling for the response types oidc-provider names differently. */
const googleResponseType: Record<string, string> = {
  'id_token token': 'token id_token',
  'code id_token token': 'code token id_token',
};

type Document = Record<string, unknown>;

export interface DiscoveryExtras {
  /** Claims we issue beyond Google's list (e.g. `locale`, `hd`, `lp_sdes`). */
  extraClaims: readonly string[];
}

/**
 * Reshapes oidc-provider's discovery document into Google's: Google's fields, in Google's order, with Google's
 * values, then the few additions a served feature needs. Endpoint URLs and the issuer are taken from
 * oidc-provider's document, so they follow the issuer (and the proxy settings) it computed for this request.
 */
export function toGoogleDiscovery(provider: Document, extras: DiscoveryExtras): Document {
  const responseTypes = (provider.response_types_supported as string[]).map(
    (t) => googleResponseType[t] ?? t,
  );
  const google: Document = {
    issuer: provider.issuer,
    authorization_endpoint: provider.authorization_endpoint,
    device_authorization_endpoint: provider.device_authorization_endpoint,
    token_endpoint: provider.token_endpoint,
    userinfo_endpoint: provider.userinfo_endpoint,
    revocation_endpoint: provider.revocation_endpoint,
    jwks_uri: provider.jwks_uri,
    response_types_supported: responseTypes,
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: [...googleScopes],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    claims_supported: [...new Set([...googleClaims, ...extras.extraClaims])].sort(),
    code_challenge_methods_supported: ['plain', 'S256'],
    grant_types_supported: (provider.grant_types_supported as string[]).filter((g) => g !== 'implicit'),
    // Additions Google's document does not have, each needed by a feature mock-idp serves:
    response_modes_supported: provider.response_modes_supported,
    authorization_response_iss_parameter_supported: provider.authorization_response_iss_parameter_supported,
    registration_endpoint: provider.registration_endpoint,
    id_token_encryption_alg_values_supported: provider.id_token_encryption_alg_values_supported,
    id_token_encryption_enc_values_supported: provider.id_token_encryption_enc_values_supported,
    end_session_endpoint: provider.end_session_endpoint,
  };
  return Object.fromEntries(Object.entries(google).filter(([, value]) => value !== undefined));
}
