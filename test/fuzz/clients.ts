import type { StartOptions } from '../../src/server/start.js';
import { defaultClient } from '../helpers/idp.js';

/**
 * The clients the fuzzed IdPs carry beside `mock-client`, so cases reach every kind of client: implicit and
 * hybrid response types, a public client (PKCE required), one with `require_pkce`, the platform's legacy mode.
 */
export const fuzzClients = [
  {
    client_id: 'fuzz-implicit',
    client_secret: 'fuzz-implicit-secret',
    redirect_uris: ['https://rp.example/cb'],
    grant_types: ['authorization_code', 'refresh_token', 'implicit'],
    response_types: ['code', 'id_token', 'id_token token', 'code id_token', 'code id_token token', 'none'],
    token_endpoint_auth_method: 'client_secret_post',
  },
  {
    client_id: 'fuzz-public',
    redirect_uris: ['http://127.0.0.1:4000/cb'],
    token_endpoint_auth_method: 'none',
  },
  {
    client_id: 'fuzz-pkce',
    client_secret: 'fuzz-pkce-secret',
    redirect_uris: ['https://pkce.example/cb'],
    require_pkce: true,
  },
  {
    client_id: 'fuzz-legacy',
    client_secret: 'fuzz-legacy-secret',
    redirect_uris: ['https://legacy.example/cb'],
    grant_types: ['implicit'],
    response_types: ['id_token'],
    legacy_token_response: true,
  },
] as const;

export const fuzzIdpOptions: StartOptions = { clients: [...fuzzClients] as unknown as unknown[] };

export const clientIds = [defaultClient.client_id, ...fuzzClients.map((c) => c.client_id)];

/** Every redirect URI any fuzzed client registered: the only places the IdP may send a browser. */
export const registeredRedirectUris = [
  'http://localhost:3000/callback',
  'http://127.0.0.1:3000/callback',
  'http://localhost:8080/callback',
  'http://127.0.0.1:8080/callback',
  ...fuzzClients.flatMap((c) => c.redirect_uris),
];

/** Client credentials as a Basic header, form-encoded as RFC 6749 §2.3.1 says. */
export function basicAuth(clientId: string, secret: string): string {
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

export const goodBasics = [
  basicAuth(defaultClient.client_id, defaultClient.client_secret),
  basicAuth('fuzz-implicit', 'fuzz-implicit-secret'),
  basicAuth('fuzz-pkce', 'fuzz-pkce-secret'),
  basicAuth(defaultClient.client_id, 'wrong-secret'),
];

/** Whether the IdP may send a browser to `location`: its own pages, or a registered redirect URI exactly. */
export function redirectAllowed(idpUrl: string): (location: URL) => boolean {
  const own = new URL(idpUrl).origin;
  return (location) =>
    location.origin === own || registeredRedirectUris.includes(`${location.origin}${location.pathname}`);
}
