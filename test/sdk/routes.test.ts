import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSetup } from '../../src/config/setup.js';
import { scenarioPersonas } from '../../src/personas/from-scenario.js';
import { PersonaRegistry } from '../../src/personas/registry.js';
import { renderAuthScript } from '../../src/sdk/auth-script.js';
import { sdkCors } from '../../src/sdk/cors.js';
import { sdkRoutes } from '../../src/sdk/routes.js';
import { requireAdminToken } from '../../src/server/admin-token.js';
import { errorBoundary } from '../../src/server/error-boundary.js';
import { askIdentities, loadInFakePage } from './fake-page.js';

const ISSUER = 'https://idp.example.test';
const ADMIN_TOKEN = 'admin-secret';

let server: Server;
let base: string;
let registry: PersonaRegistry;

/** The pieces as app.ts would mount them: error boundary, CORS, the SDK router, and an `/api` stand-in. */
function app(): Koa {
  const koa = new Koa();
  koa.use(errorBoundary);
  koa.use(sdkCors);
  const api = new Router({ prefix: '/api' });
  api.use(requireAdminToken(ADMIN_TOKEN));
  api.post('/code', (ctx) => {
    ctx.body = { code: 'c', expires_in: 60 };
  });
  api.get('/public-key', (ctx) => {
    ctx.body = { key: 'k' };
  });
  for (const router of [sdkRoutes(ISSUER, registry), api]) {
    koa.use(router.routes()).use(router.allowedMethods());
  }
  return koa;
}

beforeAll(async () => {
  registry = new PersonaRegistry(42, scenarioPersonas((await loadSetup()).scenario));
  server = createServer(app().callback());
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((done) => server.close(done)));

describe('GET /sdk/auth.js', () => {
  it('serves the script as JavaScript, not cached without revalidation', async () => {
    const response = await fetch(`${base}/sdk/auth.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await response.text()).toBe(renderAuthScript(ISSUER, registry));
  });

  it('answers a revalidation with 304 while nothing changed', async () => {
    const first = await fetch(`${base}/sdk/auth.js`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    // node:http, not fetch: fetch adds `Cache-Control: no-cache` to a conditional request, which forbids a 304
    const status = await new Promise<number | undefined>((resolve, reject) => {
      get(`${base}/sdk/auth.js`, { headers: { 'if-none-match': etag as string } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      }).on('error', reject);
    });
    expect(status).toBe(304);
  });

  it('answers HEAD', async () => {
    const response = await fetch(`${base}/sdk/auth.js`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
  });

  it('renders personas added later (an unknown email given to the IdP) into a fresh script', async () => {
    const before = await fetch(`${base}/sdk/auth.js`);
    const added = await registry.resolveHint('late.comer@example.test');
    expect(added).toBeDefined();
    const after = await fetch(`${base}/sdk/auth.js`);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    const loaded = loadInFakePage(await after.text(), {
      src: `${base}/sdk/auth.js`,
      data: { persona: 'late.comer@example.test' },
    });
    expect(askIdentities(loaded)).toEqual([{ iss: ISSUER, acr: 'loa1', sub: added?.sub }]);
  });
});

describe('sdkCors on the endpoints the script calls', () => {
  const preflight = (path: string, extra: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
        ...extra,
      },
    });

  it('answers the preflight itself, before the admin-token check', async () => {
    const response = await preflight('/api/code');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBe('POST');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);
    expect(response.headers.get('access-control-allow-private-network')).toBeNull();
  });

  it('answers Private Network Access preflights', async () => {
    const response = await preflight('/api/jwt', { 'access-control-request-private-network': 'true' });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-private-network')).toBe('true');
  });

  it('lets the page read answers, errors included', async () => {
    const post = (authorization?: string) =>
      fetch(`${base}/api/code`, {
        method: 'POST',
        headers: {
          origin: 'http://localhost:3000',
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
        },
        body: '{}',
      });
    const refused = await post();
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    expect(await refused.json()).toMatchObject({ error: 'unauthorized' });
    const ok = await post(`Bearer ${ADMIN_TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('leaves every other path alone', async () => {
    const response = await fetch(`${base}/api/public-key`, {
      headers: { origin: 'http://localhost:3000', authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
