import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import {
  authorizationArb,
  bodyArb,
  encodedParamsArb,
  extraHeadersArb,
  goodOrNasty,
  headersOf,
  nasty,
  paramsArb,
  usually,
} from './arbitraries.js';
import { clientIds, fuzzIdpOptions, goodBasics } from './clients.js';
import { FRESH, freshRefreshToken, freshTokens, withLiveCredentials } from './grants.js';
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
/** Live access tokens, taken in turn; the revocation cases revoke some of them, which is part of the game. */
const accessTokens: string[] = [];
let next = 0;
const accessToken = async () => accessTokens[next++ % accessTokens.length] as string;

beforeAll(async () => {
  ({ idp, client, watch } = await startFuzzTarget(fuzzIdpOptions));
  refreshToken = await freshRefreshToken(idp);
  for (let i = 0; i < 20; i += 1) accessTokens.push((await freshTokens(idp)).access_token);
});
afterAll(() => stopFuzzTarget({ idp, client, watch }));

const userinfoParams = paramsArb(
  {
    access_token: goodOrNasty(FRESH.accessToken, 'ya29.fake'),
    schema: goodOrNasty('openid'),
    claims: nasty,
  },
  {},
  { access_token: FRESH.accessToken },
);

const userinfoCase = fc
  .tuple(
    fc.constantFrom('GET', 'GET', 'POST', 'HEAD'),
    encodedParamsArb(userinfoParams),
    bodyArb(userinfoParams),
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(`Bearer ${FRESH.accessToken}`) },
      { weight: 2, arbitrary: usually(authorizationArb([], [FRESH.accessToken, 'ya29.fake']), 4) },
    ),
    extraHeadersArb,
  )
  .map(([method, query, body, authorization, extra]): FuzzRequest => {
    const withBody = method === 'POST';
    return fuzzRequest({
      method,
      path: `/v1/userinfo${query ? `?${query}` : ''}`,
      headers: headersOf(withBody ? body : undefined, authorization, extra),
      body: withBody ? body.body : undefined,
    });
  });

const revokeParams = paramsArb(
  {
    token: goodOrNasty(FRESH.accessToken, FRESH.refreshToken, 'ya29.fake', '1//0fake'),
    token_type_hint: goodOrNasty('access_token', 'refresh_token', 'id_token', 'urn:x'),
    client_id: goodOrNasty(...clientIds),
    client_secret: goodOrNasty('mock-secret', 'wrong'),
  },
  { token: FRESH.accessToken },
  { token: FRESH.refreshToken, token_type_hint: 'refresh_token' },
  { token: FRESH.accessToken, client_id: 'mock-client', client_secret: 'mock-secret' },
);

const revokeCase = fc
  .tuple(
    bodyArb(revokeParams),
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(goodBasics[0]) },
      { weight: 2, arbitrary: usually(authorizationArb(goodBasics), 3) },
    ),
    extraHeadersArb,
  )
  .map(
    ([body, authorization, extra]): FuzzRequest =>
      fuzzRequest({
        method: 'POST',
        path: '/revoke',
        headers: headersOf(body, authorization, extra),
        body: body.body,
      }),
  );

afterAll(printStats);

describe('fuzz: userinfo (/v1/userinfo)', () => {
  it(
    'never a 5xx; every error a JSON { error, error_description }',
    async () => {
      await fc.assert(
        fc.asyncProperty(userinfoCase, async (generated) => {
          const sent = await withLiveCredentials(idp, generated, { accessToken });
          await sendAndCheck(client, sent, { surface: 'json' });
        }),
        fuzzParameters(),
      );
      expect(watch.errors).toEqual([]);
    },
    fuzzTimeout(),
  );
});

describe('fuzz: revocation (/revoke)', () => {
  it(
    'never a 5xx; every error a JSON { error, error_description }',
    async () => {
      await fc.assert(
        fc.asyncProperty(revokeCase, async (generated) => {
          const sent = await withLiveCredentials(idp, generated, { accessToken, refreshToken });
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
