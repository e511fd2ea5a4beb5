import { createPrivateKey } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import type { PlatformKeyPair } from '../../src/keys/platform-key-pair.js';
import type { RunningIdp } from '../../src/server/start.js';
import type { Check, CheckId, VerifyReport } from '../../src/verify/checks.js';
import { postJson } from '../helpers/platform.js';

/** One check of a report. */
export function check(report: VerifyReport, id: CheckId): Check {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} check in ${JSON.stringify(report)}`);
  return found;
}

/** `{ id: status }` for every check, to assert on a whole report at once. */
export function statuses(report: VerifyReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
}

/** An envelope ID token from our IdP (`POST /api/jwt`). */
export async function idTokenFrom(
  idp: RunningIdp,
  persona: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const { status, body } = await postJson(`${idp.url}/api/jwt`, {
    persona,
    client_id: 'mock-client',
    ...extra,
  });
  if (status !== 200) throw new Error(`/api/jwt: ${JSON.stringify(body)}`);
  return body.id_token;
}

/** An authorization code from our IdP (`POST /api/code`). */
export async function codeFrom(idp: RunningIdp, body: Record<string, unknown>): Promise<string> {
  const response = await postJson(`${idp.url}/api/code`, { persona: 'persona-1', ...body });
  if (response.status !== 200) throw new Error(`/api/code: ${JSON.stringify(response.body)}`);
  return response.body.code;
}

/** An RS256 key of some other IdP: not in our JWKS. */
export interface ForeignKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
  kid: string;
}

export async function foreignKey(kid = 'brand-key-1', alg = 'RS256'): Promise<ForeignKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }, kid };
}

export const now = () => Math.floor(Date.now() / 1000);

/** Claims as a careful non-Google IdP would issue them to `clientId`. */
export function brandClaims(issuer: string, clientId: string, extra: JWTPayload = {}): JWTPayload {
  return { iss: issuer, aud: clientId, sub: 'customer-42', iat: now(), exp: now() + 600, ...extra };
}

/** Signs claims with a foreign key; the header is `{ alg, kid }` plus `header`. */
export function signWith(
  key: ForeignKey,
  claims: JWTPayload,
  header: Record<string, unknown> = {},
  alg = 'RS256',
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, kid: key.kid, ...header }).sign(key.privateKey);
}

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

/** Another IdP on 127.0.0.1: routes by path, each overridable by a test. */
export interface FakeIdp {
  url: string;
  routes: Map<string, Handler>;
  /** The last token request's headers and body. */
  lastTokenRequest?: { headers: IncomingMessage['headers']; body: URLSearchParams };
  stop(): Promise<void>;
}

export const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

/**
 * A brand's staging IdP: discovery, a JWKS with `key`, and a token endpoint that answers `tokenResponse()` for
 * client `brand-client` / `brand-secret` (Basic or body) and code `good-code`.
 */
export async function startFakeIdp(
  key: ForeignKey,
  tokenResponse: (idp: FakeIdp) => Promise<Record<string, unknown>>,
): Promise<FakeIdp> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const idp: FakeIdp = {
    url,
    routes: new Map(),
    stop: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
  idp.routes.set('/.well-known/openid-configuration', (_, __, response) =>
    json(response, 200, {
      issuer: url,
      token_endpoint: `${url}/token`,
      jwks_uri: `${url}/jwks`,
      id_token_signing_alg_values_supported: ['RS256'],
    }),
  );
  idp.routes.set('/jwks', (_, __, response) => json(response, 200, { keys: [key.publicJwk] }));
  idp.routes.set('/token', (request, body, response) => {
    const form = new URLSearchParams(body);
    idp.lastTokenRequest = { headers: request.headers, body: form };
    const basic = `Basic ${Buffer.from('brand-client:brand-secret').toString('base64')}`;
    const posted = form.get('client_id') === 'brand-client' && form.get('client_secret') === 'brand-secret';
    if (request.headers.authorization !== basic && !posted) {
      return json(response, 401, { error: 'invalid_client' });
    }
    if (form.get('code') !== 'good-code') return json(response, 400, { error: 'invalid_grant' });
    tokenResponse(idp).then((answer) => json(response, 200, answer));
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const route = idp.routes.get(new URL(request.url ?? '/', url).pathname);
      if (route) route(request, body, response);
      else json(response, 404, { error: 'not_found' });
    });
  });
  return idp;
}

/** The platform's private key in the forms `--decrypt-key` takes. */
export function privateKeyForms(pair: PlatformKeyPair) {
  return {
    pkcs8: pair.privateKeyPem,
    pkcs1: createPrivateKey(pair.privateKeyPem).export({ type: 'pkcs1', format: 'pem' }).toString(),
    jwk: JSON.stringify(pair.privateJwk),
    jwks: JSON.stringify({ keys: [pair.publicJwk, pair.privateJwk] }),
  };
}

/** A URL on 127.0.0.1 where nothing listens (a port just released). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return `http://127.0.0.1:${port}`;
}
