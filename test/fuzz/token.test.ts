import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient } from '../helpers/idp.js';
import {
  authorizationArb,
  bodyArb,
  extraHeadersArb,
  goodOrNasty,
  headersOf,
  nasty,
  paramsArb,
  sometimes,
  usually,
} from './arbitraries.js';
import { clientIds, fuzzIdpOptions, goodBasics, registeredRedirectUris } from './clients.js';
import { FRESH, freshRefreshToken, VERIFIER, withLiveCredentials } from './grants.js';
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
let refreshToken: string;
beforeAll(async () => {
  ({ idp, client, watch } = await startFuzzTarget(fuzzIdpOptions));
  refreshToken = await freshRefreshToken(idp);
});
afterAll(() => stopFuzzTarget({ idp, client, watch }));

/** Token request parameters: live codes (with and without PKCE) and refresh tokens, or hostile values. */
const tokenParams = paramsArb(
  {
    grant_type: goodOrNasty(
      'authorization_code',
      'authorization_code',
      'refresh_token',
      'client_credentials',
      'password',
      'implicit',
      'urn:ietf:params:oauth:grant-type:device_code',
      'urn:ietf:params:oauth:grant-type:jwt-bearer',
      'urn:openid:params:grant-type:ciba',
    ),
    code: goodOrNasty(FRESH.code, FRESH.pkceCode, '4/0AfakeCode'),
    redirect_uri: goodOrNasty(
      defaultClient.redirect_uri,
      ...registeredRedirectUris,
      'https://evil.example/cb',
    ),
    code_verifier: goodOrNasty(VERIFIER, 'x'.repeat(43), 'short', 'x'.repeat(129)),
    refresh_token: goodOrNasty(FRESH.refreshToken, '1//0fake'),
    client_id: goodOrNasty(...clientIds),
    client_secret: goodOrNasty(defaultClient.client_secret, 'fuzz-implicit-secret', 'wrong'),
    client_assertion_type: goodOrNasty('urn:ietf:params:oauth:client-assertion-type:jwt-bearer'),
    client_assertion: goodOrNasty('eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.'),
    scope: goodOrNasty('openid', 'openid email profile', 'offline_access'),
    resource: nasty,
    audience: nasty,
    username: nasty,
    password: nasty,
  },
  // Valid requests the mutants start from: a code (Basic or post auth), a code with PKCE, a refresh token.
  { grant_type: 'authorization_code', code: FRESH.code, redirect_uri: defaultClient.redirect_uri },
  {
    grant_type: 'authorization_code',
    code: FRESH.pkceCode,
    redirect_uri: defaultClient.redirect_uri,
    code_verifier: VERIFIER,
  },
  {
    grant_type: 'authorization_code',
    code: FRESH.code,
    redirect_uri: defaultClient.redirect_uri,
    client_id: defaultClient.client_id,
    client_secret: defaultClient.client_secret,
  },
  { grant_type: 'refresh_token', refresh_token: FRESH.refreshToken },
);

const caseArb = tokenParams
  .chain((entries) =>
    fc.tuple(
      bodyArb(fc.constant(entries)),
      // Client authentication: Basic (right, wrong, broken), none, or both Basic and form credentials.
      entries.some(([name]) => name === 'client_secret')
        ? sometimes(authorizationArb(goodBasics), 5)
        : fc.oneof(
            { weight: 3, arbitrary: fc.constant(goodBasics[0]) },
            { weight: 2, arbitrary: usually(authorizationArb(goodBasics), 3) },
          ),
      extraHeadersArb,
    ),
  )
  .map(
    ([body, authorization, extra]): FuzzRequest =>
      fuzzRequest({
        method: 'POST',
        path: '/token',
        headers: headersOf(body, authorization, extra),
        body: body.body,
      }),
  );

afterAll(printStats);

describe('fuzz: token endpoint (/token)', () => {
  it(
    'never a 5xx; every error a JSON { error, error_description }',
    async () => {
      await fc.assert(
        fc.asyncProperty(caseArb, async (generated) => {
          const sent = await withLiveCredentials(idp, generated, { refreshToken });
          await sendAndCheck(client, sent, { surface: 'json' });
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
