import { type Check, fail, pass } from './checks.js';
import { excerpt, fetchText, jsonObject } from './http.js';

export const authMethods = ['client_secret_basic', 'client_secret_post'] as const;
export type AuthMethod = (typeof authMethods)[number];

/** What the platform has when it redeems a code (consumer-auth.md §2.2). */
export interface CodeExchange {
  tokenEndpoint: string;
  code: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  authMethod: AuthMethod;
  codeVerifier?: string;
}

export interface Exchanged {
  check: Check;
  idToken?: string;
  /** For the `at_hash` comparison. */
  accessToken?: string;
}

/** RFC 6749 §2.3.1: the id and secret are form-encoded before they go into the Basic credentials. */
function basic(clientId: string, clientSecret: string): string {
  const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

/** The request exactly as the platform sends it: form body, Basic (or body) client credentials. */
function tokenRequest(exchange: CodeExchange): RequestInit {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: exchange.code,
    redirect_uri: exchange.redirectUri,
  });
  if (exchange.codeVerifier !== undefined) body.set('code_verifier', exchange.codeVerifier);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (exchange.authMethod === 'client_secret_post') {
    body.set('client_id', exchange.clientId);
    body.set('client_secret', exchange.clientSecret);
  } else {
    headers.authorization = basic(exchange.clientId, exchange.clientSecret);
  }
  return { method: 'POST', headers, body, redirect: 'manual' };
}

/** How to fix the usual token endpoint refusals, by OAuth error code. */
function fixFor(error: unknown, exchange: CodeExchange): string {
  switch (error) {
    case 'invalid_grant':
    case 'invalid_code':
      return `use a fresh code (codes are single-use and short-lived), issued to ${exchange.clientId} for redirect_uri ${exchange.redirectUri} (the platform sends https://liveperson.net unless the page gives another: pass --redirect-uri), with --code-verifier if it was issued with a PKCE challenge`;
    case 'invalid_client':
    case 'unauthorized_client':
      return `check --client-id and --client-secret, and that the client accepts ${exchange.authMethod} (try --auth-method ${exchange.authMethod === 'client_secret_basic' ? 'client_secret_post' : 'client_secret_basic'}); the platform authenticates with Basic credentials`;
    case 'invalid_request':
      return 'see error_description: the request is form-encoded grant_type, code and redirect_uri, as the platform sends it';
    default:
      return 'the token endpoint must answer HTTP 200 with a JSON object carrying id_token';
  }
}

/** Redeems the code at the token endpoint as the platform does, and reads the ID token from the answer. */
export async function exchangeCode(exchange: CodeExchange): Promise<Exchanged> {
  const expected = 'HTTP 200 with a JSON object carrying id_token';
  const response = await fetchText(exchange.tokenEndpoint, tokenRequest(exchange));
  if (!response.ok) {
    return {
      check: fail('code_exchange', {
        expected,
        found: `POST ${exchange.tokenEndpoint}: ${response.error}`,
        fix: 'make the token endpoint reachable from the platform',
      }),
    };
  }
  const body = jsonObject(response.text);
  if (response.status !== 200 || !body) {
    return {
      check: fail('code_exchange', {
        expected,
        found: `HTTP ${response.status} from ${exchange.tokenEndpoint}: ${excerpt(response.text)}`,
        fix: fixFor(body?.error, exchange),
      }),
    };
  }
  if (typeof body.id_token !== 'string' || body.id_token === '') {
    return {
      check: fail('code_exchange', {
        expected,
        found: `HTTP 200 without id_token; fields: ${Object.keys(body).join(', ') || 'none'}`,
        fix: 'return the ID token as id_token (issue the code with scope openid)',
      }),
    };
  }
  const accessToken = typeof body.access_token === 'string' ? body.access_token : undefined;
  return {
    check: pass(
      'code_exchange',
      `HTTP 200 from ${exchange.tokenEndpoint} (${exchange.authMethod}): ${Object.keys(body).join(', ')}`,
    ),
    idToken: body.id_token,
    accessToken,
  };
}
