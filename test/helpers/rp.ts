import * as client from 'openid-client';

export type AuthMethod = 'client_secret_basic' | 'client_secret_post';

function clientAuth(method: AuthMethod, secret: string): client.ClientAuth {
  return method === 'client_secret_post' ? client.ClientSecretPost(secret) : client.ClientSecretBasic(secret);
}

/**
 * openid-client configured against the IdP by discovery, with every signature check turned on; `fetcher` sends
 * its requests (e.g. through a proxy in the test), the global fetch by default.
 */
export async function discoverRp(
  issuer: string,
  clientId: string,
  secret: string,
  method: AuthMethod = 'client_secret_basic',
  fetcher?: typeof fetch,
): Promise<client.Configuration> {
  const custom = fetcher && { [client.customFetch]: fetcher as client.CustomFetch };
  const config = await client.discovery(new URL(issuer), clientId, undefined, clientAuth(method, secret), {
    execute: [client.allowInsecureRequests],
    ...custom,
  });
  Object.assign(config, custom);
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

/** A Code Flow begun: the authorization URL (PKCE S256, state, nonce) and what its redemption checks. */
export interface StartedCodeFlow {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

export async function startCodeFlow(
  config: client.Configuration,
  redirectUri: string,
  extra: Record<string, string> = {},
): Promise<StartedCodeFlow> {
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
    ...extra,
  });
  return { url, verifier, state, nonce };
}

/** Redeems the code the IdP redirected back with (`callback`), checking state, nonce, `iss` and the ID token. */
export async function finishCodeFlow(
  config: client.Configuration,
  callback: URL,
  started: StartedCodeFlow,
): Promise<CodeFlowResult> {
  const { verifier, state, nonce } = started;
  const tokens = await client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
  });
  return { tokens, state, nonce };
}

/** A complete headless Code Flow with PKCE S256: authorize with login_hint, then redeem the code. */
export async function codeFlow(
  config: client.Configuration,
  redirectUri: string,
  loginHint: string,
  extra: Record<string, string> = {},
): Promise<CodeFlowResult> {
  const started = await startCodeFlow(config, redirectUri, { login_hint: loginHint, ...extra });
  const { location } = await authorize(started.url);
  if (!location) throw new Error('the IdP did not redirect');
  return finishCodeFlow(config, location, started);
}
