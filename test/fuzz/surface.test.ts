import { once } from 'node:events';
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import {
  bodyArb,
  encodedParamsArb,
  extraHeadersArb,
  goodOrNasty,
  headersOf,
  nasty,
  paramsArb,
  percentEncode,
  sometimes,
} from './arbitraries.js';
import { clientIds, fuzzIdpOptions, redirectAllowed, registeredRedirectUris } from './clients.js';
import {
  expectNormalFlow,
  type FuzzTarget,
  fuzzParameters,
  fuzzRequest,
  fuzzTimeout,
  printStats,
  type RawClient,
  sendAndCheck,
  startFuzzTarget,
  stopFuzzTarget,
} from './harness.js';

let idp: RunningIdp;
let client: RawClient;
let watch: FuzzTarget['watch'];
beforeAll(async () => {
  ({ idp, client, watch } = await startFuzzTarget(fuzzIdpOptions));
});
afterAll(() => stopFuzzTarget({ idp, client, watch }));
afterAll(printStats);

/** Query strings for GET endpoints that take none (or one): hostile parameters must change nothing. */
const anyQuery = encodedParamsArb(paramsArb({ format: nasty, callback: nasty, kid: nasty, ' ': nasty }));

const keysCase = fc
  .tuple(
    fc.constantFrom('/oauth2/v3/certs', '/oauth2/v1/certs', '/.well-known/openid-configuration'),
    fc.constantFrom('GET', 'GET', 'HEAD'),
    anyQuery,
    extraHeadersArb,
  )
  .map(([path, method, query, headers]) =>
    fuzzRequest({ method, path: `${path}${query ? `?${query}` : ''}`, headers }),
  );

/** Browser pages besides the authorization endpoint: logout, the login interaction, avatars, the SDK script. */
const logoutParams = paramsArb(
  {
    client_id: goodOrNasty(...clientIds),
    id_token_hint: goodOrNasty('eyJhbGciOiJSUzI1NiJ9.e30.c2ln', 'a.b.c'),
    post_logout_redirect_uri: goodOrNasty(...registeredRedirectUris, 'https://evil.example/bye'),
    state: nasty,
    ui_locales: nasty,
    logout_hint: nasty,
    xsrf: nasty,
    logout: goodOrNasty('yes', 'no'),
  },
  { client_id: 'mock-client' },
  { client_id: 'fuzz-implicit', post_logout_redirect_uri: 'https://evil.example/bye', state: 's' },
);

const pageCase = fc
  .oneof(
    fc
      .tuple(fc.constantFrom('GET', 'POST'), encodedParamsArb(logoutParams), bodyArb(logoutParams))
      .map(([method, query, body]) => ({
        method,
        // The confirmation form posts to /logout/confirm; /logout itself is GET only.
        path: method === 'GET' ? `/logout${query ? `?${query}` : ''}` : '/logout/confirm',
        body: method === 'POST' ? body : undefined,
      })),
    fc
      .tuple(
        fc.constantFrom('', '/login', '/abort'),
        nasty.map((uid) => percentEncode(uid) || 'x'),
        bodyArb(paramsArb({ persona: goodOrNasty('persona-1', 'nobody') }, { persona: 'persona-1' })),
      )
      .map(([action, uid, body]) => ({
        method: action ? 'POST' : 'GET',
        path: `/interaction/${uid}${action}`,
        body: action ? body : undefined,
      })),
    fc
      .oneof(fc.constantFrom('persona-1.svg', 'persona-1', 'nobody.svg', '.svg'), nasty.map(percentEncode))
      .map((file) => ({ method: 'GET', path: `/avatars/${file || 'x'}`, body: undefined })),
    anyQuery.map((query) => ({
      method: 'GET',
      path: `/sdk/auth.js${query ? `?${query}` : ''}`,
      body: undefined,
    })),
  )
  .chain((page) =>
    fc.tuple(
      fc.constant(page),
      extraHeadersArb,
      sometimes(fc.constantFrom('_session=x', '_interaction=abc'), 4),
    ),
  )
  .map(([page, extra, cookie]) =>
    fuzzRequest({
      method: page.method,
      path: page.path,
      headers: headersOf(page.body, undefined, cookie ? { ...extra, cookie } : extra),
      body: page.body?.body,
    }),
  );

/** Any method on any of the IdP's paths (and unknown ones), with any body. */
const paths = [
  '/o/oauth2/v2/auth',
  '/token',
  '/v1/userinfo',
  '/revoke',
  '/register',
  '/register/mock-client',
  '/oauth2/v3/certs',
  '/oauth2/v1/certs',
  '/.well-known/openid-configuration',
  '/logout',
  '/interaction/x',
  '/avatars/persona-1.svg',
  '/sdk/auth.js',
  '/api/jwt',
  '/api/code',
  '/api/verify',
  '/api/public-key',
  '/admin',
  '/admin/health',
  '/admin/faults',
  '/nope',
  '/o/oauth2/v2/auth/x',
  '/%2e%2e/%2e%2e/etc/passwd',
  '//evil.example/',
];
const anyMethodCase = fc
  .tuple(
    fc.constantFrom(...paths),
    fc.constantFrom(
      'GET',
      'POST',
      'PUT',
      'DELETE',
      'PATCH',
      'OPTIONS',
      'HEAD',
      'TRACE',
      'PROPFIND',
      'M-SEARCH',
    ),
    sometimes(bodyArb(fc.constant([['a', 'b']])), 2),
    extraHeadersArb,
  )
  .map(([path, method, body, extra]) =>
    fuzzRequest({ method, path, headers: headersOf(body, undefined, extra), body: body?.body }),
  );

describe('fuzz: signing keys and discovery', () => {
  it(
    'JWKS, PEM certificates and discovery answer whatever the query and headers: never a 5xx',
    async () => {
      await fc.assert(
        fc.asyncProperty(keysCase, async (sent) => {
          const answer = await sendAndCheck(client, sent, {
            surface: 'json',
            label: sent.path.split('?')[0],
          });
          if (sent.method === 'GET' && ![304, 431].includes(answer.status)) expect(answer.status).toBe(200);
        }),
        fuzzParameters(),
      );
      expect(watch.errors).toEqual([]);
    },
    fuzzTimeout(),
  );
});

describe('fuzz: browser pages (logout, login interaction, avatars, SDK script)', () => {
  it(
    'never a 5xx or a stack trace; redirects only to registered URIs or the IdP',
    async () => {
      const allowed = redirectAllowed(idp.url);
      await fc.assert(
        fc.asyncProperty(pageCase, async (sent) => {
          const label = sent.path.replace(/^(\/interaction|\/avatars)\/.*$/, '$1/:x').split('?')[0];
          await sendAndCheck(client, sent, { surface: 'browser', redirectAllowed: allowed, label });
        }),
        fuzzParameters(),
      );
      expect(watch.errors).toEqual([]);
    },
    fuzzTimeout(),
  );
});

describe('fuzz: any method on any path', () => {
  it(
    'never a 5xx or a stack trace; a method a path does not serve gets a JSON (or page) 404/405',
    async () => {
      const allowed = redirectAllowed(idp.url);
      await fc.assert(
        fc.asyncProperty(anyMethodCase, async (sent) => {
          await sendAndCheck(client, sent, {
            surface: 'browser',
            redirectAllowed: allowed,
            label: `any method ${sent.method}`,
          });
        }),
        fuzzParameters(),
      );
      expect(watch.errors).toEqual([]);
    },
    fuzzTimeout(),
  );

  it('a request head over 16 KB gets a JSON 431, and the IdP stays up', async () => {
    const answer = await client.send({ method: 'GET', path: `/oauth2/v3/certs?x=${'a'.repeat(20_000)}` });
    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(answer.text)).toEqual({
      error: 'invalid_request',
      error_description: 'the request line and headers exceed 16 KB',
    });
    expect((await client.send({ method: 'GET', path: '/oauth2/v3/certs' })).status).toBe(200);
  });

  it('a request that is not HTTP gets a JSON 400 and a closed connection', async () => {
    const { port } = new URL(idp.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.end('NOT HTTP AT ALL\r\n\r\n');
    let raw = '';
    socket.setEncoding('utf8').on('data', (chunk) => (raw += chunk));
    await once(socket, 'close');
    const [head, body] = raw.split('\r\n\r\n');
    expect(head?.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(head).toContain('Connection: close');
    expect(JSON.parse(body ?? '')).toEqual({
      error: 'invalid_request',
      error_description: 'the request is not well-formed HTTP/1.1',
    });
  });

  it('stays up, and a normal Code Flow succeeds afterwards', async () => {
    await expectNormalFlow(idp);
  });
});
