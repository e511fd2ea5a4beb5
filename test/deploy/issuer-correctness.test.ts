import type { LookupAddress, LookupOptions } from 'node:dns';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as client from 'openid-client';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ORIGINS } from '../../src/server/per-origin.js';
import type { RunningIdp } from '../../src/server/start.js';
import { CookieClient } from '../helpers/browser-like.js';
import { tempDir } from '../helpers/cli.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { fetchVia, type RunningProxy, startProxy } from '../helpers/proxy.js';
import { discoverRp, finishCodeFlow, startCodeFlow } from '../helpers/rp.js';

/** `localhost` is loopback, whatever the machine's resolver says: only ever 127.0.0.1 (the IdP binds it). */
function loopbackLookup(
  hostname: string,
  options: LookupOptions,
  callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
): void {
  if (hostname !== 'localhost') callback(new Error(`this test resolves only localhost, not ${hostname}`), '');
  else if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
}
const loopback = new Agent({ connect: { lookup: loopbackLookup } });
const localhostFetch = ((url: string | URL | Request, init?: RequestInit) =>
  undiciFetch(
    url as never,
    { ...(init as object), dispatcher: loopback } as never,
  )) as unknown as typeof fetch;

/** One way to reach the IdP: the issuer an RP should then see, and how its requests get there. */
interface Way {
  issuer: string;
  fetch: typeof fetch;
}

const discoverAt = (way: Way, clientId = defaultClient.client_id, secret = defaultClient.client_secret) =>
  discoverRp(way.issuer, clientId, secret, 'client_secret_basic', way.fetch);

/** Every URL-valued field of a discovery document. */
function urlsOf(metadata: client.ServerMetadata): string[] {
  return Object.entries(metadata)
    .filter(([name, value]) => typeof value === 'string' && /(_endpoint|_uri)$/.test(name))
    .map(([, value]) => value as string);
}

/**
 * The Code Flow a person goes through: authorize, the login page (persona picker), the redirect back, then the
 * code redeemed by openid-client (which checks the `iss` parameter and the ID token's `iss` and signature).
 */
async function codeFlowAt(way: Way, config: client.Configuration) {
  const started = await startCodeFlow(config, defaultClient.redirect_uri);
  const browser = new CookieClient(way.fetch);
  const origin = new URL(way.issuer).origin;
  const toLogin = await browser.follow(started.url, origin);
  const page = await toLogin.response.text();
  const action = /action="([^"]+\/login)"/.exec(page)?.[1] as string;
  const login = await browser.follow(new URL(action, way.issuer), origin, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ persona: 'persona-1' }),
  });
  const { tokens } = await finishCodeFlow(config, login.exit as URL, started);
  return { page, visited: [...toLogin.visited, ...login.visited], exit: login.exit as URL, tokens };
}

async function expectIssuerEverywhere(way: Way) {
  const config = await discoverAt(way);
  const metadata = config.serverMetadata();
  expect(metadata.issuer).toBe(way.issuer);
  expect(urlsOf(metadata).length).toBeGreaterThanOrEqual(6);
  for (const url of urlsOf(metadata)) expect(url.startsWith(`${way.issuer}/`), url).toBe(true);

  const { page, visited, exit, tokens } = await codeFlowAt(way, config);
  expect(visited.some((url) => url.pathname.includes('/interaction/'))).toBe(true);
  for (const url of visited) expect(url.href.startsWith(`${way.issuer}/`), url.href).toBe(true);
  expect(page).toContain(`src="${new URL(way.issuer).pathname.replace(/\/$/, '')}/avatars/`);
  expect(exit.href.startsWith(`${defaultClient.redirect_uri}?`)).toBe(true);
  expect(exit.searchParams.get('iss')).toBe(way.issuer);
  const claims = tokens.claims();
  expect(claims?.iss).toBe(way.issuer);
  expect(claims?.picture).toMatch(new RegExp(`^${way.issuer}/avatars/`));
  const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims?.sub as string);
  expect(userinfo.picture).toBe(claims?.picture);
}

const forwarding = (idp: RunningIdp, headers: Record<string, string>) => startProxy(idp.listenUrl, headers);
const discovery = async (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/.well-known/openid-configuration`, { headers });

describe('--trust-proxy: the issuer and every URL follow how the IdP is reached', () => {
  let idp: RunningIdp;
  const proxies: RunningProxy[] = [];
  const proxied = async (publicOrigin: string, headers: Record<string, string>): Promise<Way> => {
    const proxy = await forwarding(idp, headers);
    proxies.push(proxy);
    return { issuer: publicOrigin, fetch: fetchVia(publicOrigin, proxy) };
  };
  beforeAll(async () => {
    idp = await startTestIdp({ trustProxy: true });
  });
  afterAll(async () => {
    await Promise.all(proxies.map((proxy) => proxy.stop()));
    await idp.stop();
  });

  it('reached as 127.0.0.1', async () => {
    expect(idp.trustProxy).toBe(true);
    await expectIssuerEverywhere({ issuer: idp.listenUrl, fetch });
  });

  it('reached as localhost', async () => {
    const port = new URL(idp.listenUrl).port;
    await expectIssuerEverywhere({ issuer: `http://localhost:${port}`, fetch: localhostFetch });
  });

  it('through a proxy sending X-Forwarded-Proto and X-Forwarded-Host', async () => {
    const way = await proxied('https://idp.example.test', {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'idp.example.test',
    });
    await expectIssuerEverywhere(way);
  });

  it('through a proxy sending RFC 7239 Forwarded (the first element counts)', async () => {
    const way = await proxied('https://idp.example.test:8443', {
      forwarded:
        'for=192.0.2.60;proto=https;host="idp.example.test:8443", for=10.0.0.2;proto=http;host=idp:9400',
    });
    await expectIssuerEverywhere(way);
  });

  it('X-Forwarded-Port sets the port', async () => {
    const response = await discovery(idp.listenUrl, {
      'x-forwarded-host': 'idp.example.test',
      'x-forwarded-port': '8080',
    });
    const doc = await response.json();
    expect(doc.issuer).toBe('http://idp.example.test:8080');
    expect(doc.token_endpoint).toBe('http://idp.example.test:8080/token');
  });

  it('is one IdP at every origin: a client registered at one is used at another, with the same keys', async () => {
    const direct: Way = { issuer: idp.listenUrl, fetch };
    const registered = await client.dynamicClientRegistration(
      new URL(direct.issuer),
      { redirect_uris: [defaultClient.redirect_uri], token_endpoint_auth_method: 'client_secret_basic' },
      undefined,
      { execute: [client.allowInsecureRequests] },
    );
    const { client_id, client_secret } = registered.clientMetadata();
    const way = await proxied('https://shared.example.test', {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'shared.example.test',
    });
    const config = await discoverAt(way, client_id, client_secret as string);
    const { tokens } = await codeFlowAt(way, config);
    expect(tokens.claims()?.aud).toBe(client_id);
    const kids = async (at: Way) =>
      (await (await at.fetch(`${at.issuer}/oauth2/v3/certs`)).json()).keys.map(
        (key: { kid: string }) => key.kid,
      );
    expect(await kids(way)).toEqual(await kids(direct));
  });

  it('a malformed forwarded header is a 400 naming it', async () => {
    for (const [headers, named] of [
      [{ 'x-forwarded-host': 'idp.example.test/path' }, 'X-Forwarded-Host'],
      [{ 'x-forwarded-host': 'user@idp.example.test' }, 'X-Forwarded-Host'],
      [{ 'x-forwarded-proto': 'gopher' }, 'X-Forwarded-Proto'],
      [{ 'x-forwarded-port': '99999' }, 'X-Forwarded-Port'],
      [{ forwarded: 'proto=https;host="idp example"' }, 'Forwarded'],
    ] as const) {
      const response = await discovery(idp.listenUrl, headers);
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.error).toBe('invalid_request');
      expect(body.error_description.startsWith(`${named}: `), body.error_description).toBe(true);
    }
  });
});

describe('--trust-proxy: a bounded number of origins', () => {
  let idp: RunningIdp;
  beforeAll(async () => {
    idp = await startTestIdp({ trustProxy: true });
  });
  afterAll(() => idp.stop());

  it(`answers at ${MAX_ORIGINS} origins; a further one is a 400 naming the header`, async () => {
    const at = (n: number) => discovery(idp.listenUrl, { 'x-forwarded-host': `idp-${n}.example.test` });
    for (let n = 1; n <= MAX_ORIGINS; n += 1) {
      const doc = await (await at(n)).json();
      expect(doc.issuer).toBe(`http://idp-${n}.example.test`);
    }
    const refused = await at(MAX_ORIGINS + 1);
    expect(refused.status).toBe(400);
    const body = await refused.json();
    expect(body.error).toBe('invalid_request');
    expect(body.error_description).toMatch(/^X-Forwarded-Host: http:\/\/idp-17\.example\.test /);
    expect((await at(1)).status).toBe(200);
  });
});

describe('without --trust-proxy, and with --issuer', () => {
  const claimsToBe = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'idp.example.test' };

  it('without --trust-proxy, forwarded headers are ignored: the issuer is the bound address', async () => {
    const idp = await startTestIdp();
    const proxy = await forwarding(idp, { ...claimsToBe, forwarded: 'proto=https;host=idp.example.test' });
    try {
      expect(idp.trustProxy).toBe(false);
      const way: Way = { issuer: idp.issuer, fetch: fetchVia(idp.issuer, proxy) };
      const config = await discoverAt(way);
      for (const url of urlsOf(config.serverMetadata()))
        expect(url.startsWith(`${idp.listenUrl}/`)).toBe(true);
      const { exit, tokens } = await codeFlowAt(way, config);
      expect(exit.searchParams.get('iss')).toBe(idp.listenUrl);
      expect(tokens.claims()?.iss).toBe(idp.listenUrl);
    } finally {
      await proxy.stop();
      await idp.stop();
    }
  });

  it('without --trust-proxy, reached as localhost: every URL is on the bound address, as the issuer', async () => {
    const idp = await startTestIdp();
    try {
      const port = new URL(idp.listenUrl).port;
      const discovery = await localhostFetch(`http://localhost:${port}/.well-known/openid-configuration`);
      const metadata = (await discovery.json()) as client.ServerMetadata;
      expect(metadata.issuer).toBe(idp.listenUrl);
      for (const url of urlsOf(metadata)) expect(url.startsWith(`${idp.listenUrl}/`), url).toBe(true);
    } finally {
      await idp.stop();
    }
  });

  it('--issuer wins over forwarded headers, with or without --trust-proxy', async () => {
    const idp = await startTestIdp({ issuer: 'https://public.example.test', trustProxy: true });
    const proxy = await forwarding(idp, claimsToBe);
    try {
      expect(idp.trustProxy).toBe(false);
      const way: Way = {
        issuer: 'https://public.example.test',
        fetch: fetchVia('https://public.example.test', proxy),
      };
      await expectIssuerEverywhere(way);
    } finally {
      await proxy.stop();
      await idp.stop();
    }
  });

  it('--trust-proxy with --impersonate-google: Google issuer, endpoints at the forwarded origin', async () => {
    const idp = await startTestIdp({ impersonateGoogle: true, trustProxy: true });
    try {
      const doc = await (await discovery(idp.listenUrl, claimsToBe)).json();
      expect(doc.issuer).toBe('https://accounts.google.com');
      expect(doc.authorization_endpoint).toBe('https://idp.example.test/o/oauth2/v2/auth');
    } finally {
      await idp.stop();
    }
  });
});

describe('--trust-proxy with --tenants', () => {
  it("each tenant's issuer is at the forwarded origin, under its prefix", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'tenants'));
    const scenarios = fileURLToPath(new URL('../../scenarios/', import.meta.url));
    copyFileSync(join(scenarios, 'default.yaml'), join(dir, 'tenants', 'acme.yaml'));
    const idp = await startTestIdp({
      tenants: join(dir, 'tenants'),
      keysFile: join(dir, 'keys.json'),
      trustProxy: true,
    });
    const proxy = await forwarding(idp, {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'brands.example.test',
    });
    try {
      const way: Way = {
        issuer: 'https://brands.example.test/acme',
        fetch: fetchVia('https://brands.example.test', proxy),
      };
      await expectIssuerEverywhere(way);
      expect(await (await way.fetch('https://brands.example.test/')).json()).toEqual({
        issuers: [{ tenant: 'acme', issuer: way.issuer }],
      });
    } finally {
      await proxy.stop();
      await idp.stop();
    }
  });
});
