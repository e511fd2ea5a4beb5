/**
 * A reusable OpenID Connect Authorization Code flow driver (PKCE S256, client_secret_basic) built on global
 * `fetch`. It knows nothing about mock-idp beyond what the caller passes: endpoints come from discovery and
 * the way to log in without a browser comes from `authorizationParams` (mock-idp: `{ login_hint: 'persona-1'
 * }`), so the same driver can run against another IdP.
 */
import { createHash, randomBytes } from 'node:crypto';

const REQUEST_TIMEOUT_MS = 10_000;

/** Fetches `${issuer}/.well-known/openid-configuration` and returns the parsed document. */
export async function fetchDiscovery(issuer, { timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, {
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`discovery answered ${response.status}`);
  }
  return response.json();
}

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

/** A short, one-line excerpt of a response body for error messages: an HTML page's <title>, else the text. */
export function excerpt(body) {
  const title = /<title>([^<]*)<\/title>/i.exec(body);
  const text = title ? `HTML page "${title[1].trim()}"` : body;
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

async function expectJson(response, step) {
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${step} answered ${response.status}: ${excerpt(text)}`);
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${step} answered 200 with a body that is not JSON: ${excerpt(text)}`);
  }
}

/**
 * Returns `runFlow()`, which does authorize → token → userinfo once and resolves with
 * `{ code, tokens, userinfo }`, or rejects with an Error naming the step that failed.
 *
 * options: `discovery` (endpoints), `clientId`, `clientSecret`, `redirectUri`, `scope` (default
 * `openid email profile`), `authorizationParams` (extra query parameters, or a function of the flow number
 * returning them).
 */
export function createFlowDriver({
  discovery,
  clientId,
  clientSecret,
  redirectUri,
  scope = 'openid email profile',
  authorizationParams = {},
  timeoutMs = REQUEST_TIMEOUT_MS,
}) {
  const credentials = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
  const basic = `Basic ${Buffer.from(credentials).toString('base64')}`;
  let flows = 0;

  async function authorize(flow) {
    const { verifier, challenge } = pkcePair();
    const state = randomBytes(16).toString('base64url');
    const nonce = randomBytes(16).toString('base64url');
    const extra = typeof authorizationParams === 'function' ? authorizationParams(flow) : authorizationParams;
    const url = new URL(discovery.authorization_endpoint);
    for (const [name, value] of Object.entries({
      client_id: clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope,
      state,
      nonce,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    })) {
      url.searchParams.set(name, value);
    }
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    const location = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || !location) {
      throw new Error(`authorize answered ${response.status} without a redirect: ${excerpt(body)}`);
    }
    const callback = new URL(location, url);
    if (`${callback.origin}${callback.pathname}` !== redirectUri) {
      throw new Error(`authorize redirected elsewhere: ${location}`);
    }
    const error = callback.searchParams.get('error');
    if (error) {
      throw new Error(`authorize answered error=${error}: ${callback.searchParams.get('error_description')}`);
    }
    if (callback.searchParams.get('state') !== state) throw new Error(`authorize returned the wrong state`);
    const code = callback.searchParams.get('code');
    if (!code) throw new Error(`authorize redirect has no code: ${location}`);
    return { code, verifier };
  }

  async function token({ code, verifier }) {
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const tokens = await expectJson(response, 'token');
    if (typeof tokens.access_token !== 'string') throw new Error('token response has no access_token');
    if (typeof tokens.id_token !== 'string') throw new Error('token response has no id_token');
    return tokens;
  }

  async function userinfo(accessToken) {
    const response = await fetch(discovery.userinfo_endpoint, {
      headers: { authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const claims = await expectJson(response, 'userinfo');
    if (typeof claims.sub !== 'string') throw new Error('userinfo response has no sub');
    return claims;
  }

  /** Runs one step; an error that does not say which step it came from (a timeout, a reset) is prefixed with it. */
  async function step(name, run) {
    try {
      return await run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message.startsWith(`${name} `)) throw error;
      throw new Error(`${name}: ${message}`, { cause: error });
    }
  }

  return async function runFlow() {
    const flow = flows++;
    const grant = await step('authorize', () => authorize(flow));
    const tokens = await step('token', () => token(grant));
    const claims = await step('userinfo', () => userinfo(tokens.access_token));
    return { code: grant.code, tokens, userinfo: claims };
  };
}
