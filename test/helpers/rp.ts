import * as client from 'openid-client';

export type AuthMethod = 'client_secret_basic' | 'client_secret_post';

function clientAuth(method: AuthMethod, secret: string): client.ClientAuth {
  return method === 'client_secret_post' ? client.ClientSecretPost(secret) : client.ClientSecretBasic(secret);
}

/** openid-client configured against the IdP by discovery, with every signature check turned on. */
export async function discoverRp(
  issuer: string,
  clientId: string,
  secret: string,
  method: AuthMethod = 'client_secret_basic',
): Promise<client.Configuration> {
  const config = await client.discovery(new URL(issuer), clientId, undefined, clientAuth(method, secret), {
    execute: [client.allowInsecureRequests],
  });
  client.enableNonRepudiationChecks(config);
  return config;
}

/** Registers a fresh client at /register (RFC 7591) and returns openid-client configured for it. */
export async function registerRp(
  issuer: string,
  redirectUri: string,
  method: AuthMethod = 'client_secret_basic',
): Promise<client.Configuration> {
  const config = await client.dynamicClientRegistration(
    new URL(issuer),
    {
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: method,
      grant_types: ['authorization_code', 'refresh_token'],
    },
    undefined,
    { execute: [client.allowInsecureRequests] },
  );
  const { client_id, client_secret } = config.clientMetadata();
  return discoverRp(issuer, client_id, client_secret as string, method);
}

/** Sends the browser's first request and returns where the IdP redirects it (no redirect is followed). */
export async function authorize(
  url: URL,
  cookie?: string,
): Promise<{ status: number; location: URL | undefined; body: string }> {
  const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const location = response.headers.get('location');
  return {
    status: response.status,
    location: location ? new URL(location, url) : undefined,
    body: await response.text(),
  };
}

export interface CodeFlowResult {
  tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;
  state: string;
  nonce: string;
}

/** A complete headless Code Flow with PKCE S256: authorize with login_hint, then redeem the code. */
export async function codeFlow(
  config: client.Configuration,
  redirectUri: string,
  loginHint: string,
  extra: Record<string, string> = {},
): Promise<CodeFlowResult> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    login_hint: loginHint,
    ...extra,
  });
  const { location } = await authorize(url);
  if (!location) throw new Error('the IdP did not redirect');
  const tokens = await client.authorizationCodeGrant(config, location, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
  });
  return { tokens, state, nonce };
}
