import { createHash } from 'node:crypto';
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
  sometimes,
} from './arbitraries.js';
import { clientIds, fuzzIdpOptions, redirectAllowed, registeredRedirectUris } from './clients.js';
import {
  expectNormalFlow,
  type FuzzRequest,
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

const challenge = createHash('sha256').update('v'.repeat(43)).digest('base64url');

/** Authorization request parameters: Google's and OIDC's, each good, hostile or absent, plus strays. */
const authorizeParams = paramsArb(
  {
    client_id: goodOrNasty(...clientIds),
    redirect_uri: goodOrNasty(
      ...registeredRedirectUris,
      'https://evil.example/cb',
      'http://localhost:3000/callback/',
      'http://localhost:3000/callback?x=1',
      'http://LOCALHOST:3000/callback',
    ),
    response_type: goodOrNasty(
      'code',
      'id_token',
      'id_token token',
      'code id_token',
      'code id_token token',
      'none',
      'token',
      'code token',
    ),
    scope: goodOrNasty(
      'openid',
      'openid email profile',
      'email',
      'openid offline_access',
      'openid https://www.googleapis.com/auth/userinfo.email',
    ),
    state: nasty,
    nonce: nasty,
    login_hint: goodOrNasty(
      'persona-1',
      'persona-2',
      'fault-expired',
      'fault-access-denied',
      'new.person@example.org',
    ),
    prompt: goodOrNasty('none', 'login', 'consent', 'select_account', 'none login'),
    code_challenge: goodOrNasty(challenge, 'x'.repeat(43), 'short'),
    code_challenge_method: goodOrNasty('S256', 'plain', 'S512'),
    response_mode: goodOrNasty('query', 'fragment', 'form_post', 'jwt', 'lp_legacy_token', 'web_message'),
    access_type: goodOrNasty('offline', 'online'),
    include_granted_scopes: goodOrNasty('true', 'false'),
    max_age: goodOrNasty('0', '60', '-1', '1e10'),
    claims: goodOrNasty('{"id_token":{"email":null}}', '{"userinfo":{"sub":{"value":"1"}}}'),
    request: goodOrNasty('eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.'),
    request_uri: goodOrNasty('urn:ietf:params:oauth:request_uri:x', 'http://127.0.0.1:9/r'),
    id_token_hint: goodOrNasty('eyJhbGciOiJSUzI1NiJ9.e30.c2ln'),
    ui_locales: goodOrNasty('en', 'fr-CA de'),
    acr_values: nasty,
    display: goodOrNasty('page', 'popup', 'touch'),
    hd: nasty,
    authuser: goodOrNasty('0', '1'),
    resource: goodOrNasty('https://api.example/'),
    registration: goodOrNasty('{}'),
  },
  // Valid requests the mutants start from: the Code Flow (with and without PKCE), the implicit flow (form_post),
  // the platform's legacy mode, a public client, and the persona picker (no login_hint).
  {
    client_id: 'mock-client',
    redirect_uri: 'http://localhost:3000/callback',
    response_type: 'code',
    scope: 'openid email profile',
    state: 'st',
    nonce: 'n',
    login_hint: 'persona-1',
  },
  {
    client_id: 'mock-client',
    redirect_uri: 'http://127.0.0.1:8080/callback',
    response_type: 'code',
    scope: 'openid email',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    access_type: 'offline',
    login_hint: 'persona-2',
  },
  {
    client_id: 'fuzz-implicit',
    redirect_uri: 'https://rp.example/cb',
    response_type: 'id_token token',
    response_mode: 'form_post',
    scope: 'openid email',
    nonce: 'n',
    state: 'st',
    login_hint: 'persona-3',
  },
  {
    client_id: 'fuzz-legacy',
    redirect_uri: 'https://legacy.example/cb',
    response_type: 'token',
    scope: 'openid',
    login_hint: 'persona-1',
  },
  {
    client_id: 'fuzz-public',
    redirect_uri: 'http://127.0.0.1:4000/cb',
    response_type: 'code',
    scope: 'openid',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    login_hint: 'persona-1',
  },
  {
    client_id: 'mock-client',
    redirect_uri: 'http://localhost:3000/callback',
    response_type: 'code',
    scope: 'openid',
  },
);

const caseArb = fc
  .tuple(
    // oidc-provider serves the authorization endpoint on GET only (enableHttpPostMethods is off).
    fc.constantFrom('GET', 'GET', 'GET', 'HEAD'),
    encodedParamsArb(authorizeParams),
    sometimes(bodyArb(authorizeParams), 6),
    extraHeadersArb,
  )
  .map(
    ([method, query, body, extra]): FuzzRequest =>
      fuzzRequest({
        method,
        path: `/o/oauth2/v2/auth${query ? `?${query}` : ''}`,
        headers: headersOf(body, undefined, extra),
        body: body?.body,
      }),
  );

afterAll(printStats);

describe('fuzz: authorization endpoint (/o/oauth2/v2/auth)', () => {
  it(
    'never a 5xx or a stack trace; a page or a redirect to a registered redirect_uri only',
    async () => {
      const allowed = redirectAllowed(idp.url);
      await fc.assert(
        fc.asyncProperty(caseArb, async (sent) => {
          await sendAndCheck(client, sent, { surface: 'browser', redirectAllowed: allowed });
        }),
        fuzzParameters(),
      );
      expect(watch.errors).toEqual([]);
    },
    fuzzTimeout(),
  );

  it('stays up, and a normal Code Flow succeeds afterwards', async () => {
    await expectNormalFlow(idp);
  });
});
