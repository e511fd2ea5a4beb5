import * as client from 'openid-client';
import { authorize } from '../helpers/rp.js';

/**
 * Every request in these tests gives up after this long: a hung IdP fails the test instead of stalling it.
 */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface JsonResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are asserted on field by field.
  body: any;
  headers: Headers;
}

async function jsonOf(response: Response): Promise<JsonResponse> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body, headers: response.headers };
}

/** A JSON request to the IdP, bounded in time. */
export async function call(
  base: string,
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<JsonResponse> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return jsonOf(response);
}

/** The `/admin` API of one IdP. */
export function adminOf(base: string) {
  return {
    personas: () => call(base, 'GET', '/admin/personas'),
    faults: () => call(base, 'GET', '/admin/faults'),
    putFaults: (rule: unknown) => call(base, 'PUT', '/admin/faults', rule),
    nextFaults: (rule: unknown) => call(base, 'POST', '/admin/faults/next', rule),
    clearFaults: () => call(base, 'DELETE', '/admin/faults'),
    clock: () => call(base, 'GET', '/admin/clock'),
    putClock: (body: unknown) => call(base, 'PUT', '/admin/clock', body),
    resetClock: () => call(base, 'DELETE', '/admin/clock'),
    rotateKeys: () => call(base, 'POST', '/admin/keys/rotate'),
  };
}

/** `POST /api/jwt`: an envelope ID token. */
export async function envelopeToken(
  base: string,
  request: { persona: string; client_id: string; nonce?: string; encrypt?: boolean },
): Promise<string> {
  const { status, body } = await call(base, 'POST', '/api/jwt', request);
  if (status !== 200) throw new Error(`/api/jwt answered ${status}: ${JSON.stringify(body)}`);
  return body.id_token as string;
}

/** Seconds since the epoch, as the tests' own (real) clock says. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * The JSON bodies openid-client got from the token endpoint, so a test can look at the very token it refused.
 */
export function captureTokenResponses(config: client.Configuration): Array<Record<string, unknown>> {
  const seen: Array<Record<string, unknown>> = [];
  config[client.customFetch] = async (url, options) => {
    // openid-client's FetchBody (Uint8Array<ArrayBufferLike>) is a valid fetch body the DOM typings do not
    // name.
    const init = { ...options, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) } as RequestInit;
    const response = await fetch(url, init);
    if (new URL(url).pathname === '/token') seen.push(await response.clone().json());
    return response;
  };
  return seen;
}

/**
 * What a browser-less RP does by hand: the authorization request (headless login), then the code redemption.
 */
export interface RawClient {
  base: string;
  clientId: string;
  secret: string;
  redirectUri: string;
}

export interface AuthorizationOutcome {
  status: number;
  location: URL | undefined;
  /** The query (and fragment) parameters the IdP sent back to the redirect URI. */
  params: Record<string, string>;
  verifier: string;
}

/** Sends an authorization request for a persona (login_hint) with PKCE S256 and returns where it ended. */
export async function authorizeFor(
  rp: RawClient,
  loginHint: string,
  extra: Record<string, string> = {},
): Promise<AuthorizationOutcome> {
  const verifier = client.randomPKCECodeVerifier();
  const url = new URL(`${rp.base}/o/oauth2/v2/auth`);
  const params = {
    client_id: rp.clientId,
    redirect_uri: rp.redirectUri,
    response_type: 'code',
    scope: 'openid email profile',
    state: 'fault-state',
    nonce: 'fault-nonce',
    login_hint: loginHint,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...extra,
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const { status, location } = await authorize(url);
  return {
    status,
    location,
    params: Object.fromEntries([
      ...(location?.searchParams ?? []),
      ...new URLSearchParams(location?.hash.slice(1)),
    ]),
    verifier,
  };
}

/** Redeems a code at the token endpoint with client_secret_basic. */
export async function redeemCode(rp: RawClient, code: string, verifier: string): Promise<JsonResponse> {
  const response = await fetch(`${rp.base}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${rp.clientId}:${rp.secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: rp.redirectUri,
      code_verifier: verifier,
    }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return jsonOf(response);
}

/** A whole Code Flow by hand, for a persona; returns the token endpoint's answer (no validation at all). */
export async function rawCodeFlow(rp: RawClient, loginHint: string): Promise<JsonResponse> {
  const { params, verifier } = await authorizeFor(rp, loginHint);
  if (!params.code) throw new Error(`no code: ${JSON.stringify(params)}`);
  return redeemCode(rp, params.code, verifier);
}

/** What a promise rejected with (fails the test if it resolved). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
