import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultNames } from '../../src/faults/catalogue.js';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient } from '../helpers/idp.js';
import {
  authorizationArb,
  contentTypes,
  DEAD_URL,
  extraHeadersArb,
  jsonValueArb,
  keepLoopback,
  mutatedArb,
  nasty,
  nestingBomb,
  percentEncode,
  sometimes,
} from './arbitraries.js';
import { basicAuth, fuzzIdpOptions, redirectAllowed } from './clients.js';
import { freshCode } from './grants.js';
import {
  expectNormalFlow,
  type FuzzRequest,
  type FuzzTarget,
  fuzzParameters,
  fuzzRequest,
  fuzzTimeout,
  printStats,
  problemsOf,
  type RawClient,
  sendAndCheck,
  startFuzzTarget,
  stopFuzzTarget,
} from './harness.js';

/**
 * `/admin/*` is fuzzed on an IdP of its own (it changes the IdP: faults, clock, keys, personas, clients, reset),
 * started with an admin token so the guard is fuzzed too.
 *
 * Faults: each case sends one admin request, then probes the protocol endpoints (a token redemption, the JWKS, a
 * headless authorization) with whatever that request installed, and then resets the runtime state (faults and
 * clock) so no rule outlives its case. The probes must not answer 5xx, except where an installed fault's purpose
 * is exactly that answer: `token_endpoint_500` (500 at /token) and `jwks_unavailable` (503 at the JWKS).
 * `server_error` is an authorization fault: an `error=server_error` redirect, never an HTTP 5xx.
 */
const ADMIN_TOKEN = 'fuzz-admin-token';

let idp: RunningIdp;
let client: RawClient;
let watch: FuzzTarget['watch'];
beforeAll(async () => {
  ({ idp, client, watch } = await startFuzzTarget({ ...fuzzIdpOptions, adminToken: ADMIN_TOKEN }));
});
afterAll(() => stopFuzzTarget({ idp, client, watch }));
afterAll(printStats);

const field = (...good: unknown[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...good) },
    { weight: 1, arbitrary: nasty },
    { weight: 1, arbitrary: jsonValueArb },
  );

/** Fault names: every real one (`slow` kept short so a probe never waits long), and hostile ones. */
const faultName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...faultNames.filter((f) => !f.includes('<'))) },
  { weight: 2, arbitrary: fc.constantFrom('missing_claim:sub', 'missing_claim:email', 'missing_claim:') },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 20 }).map((ms) => `slow:${ms}`) },
  { weight: 1, arbitrary: fc.constantFrom('slow:60001', 'slow:-1', 'slow:1e3', 'slow:') },
  { weight: 1, arbitrary: nasty },
);

const faultRule = mutatedArb<unknown>(
  {
    faults: field(['expired'], ['token_endpoint_500'], [], 'expired').chain((v) =>
      Array.isArray(v) && v.length > 0 ? fc.array(faultName, { minLength: 1, maxLength: 3 }) : fc.constant(v),
    ),
    for: field({ client_id: defaultClient.client_id }, { persona: 'persona-1' }, { persona: 'nobody' }, {}),
    times: field(1, 2, 0, -1, 1.5, 1e9, '1'),
  },
  jsonValueArb,
  [
    { faults: ['expired'] },
    { faults: ['token_endpoint_500'], times: 1 },
    { faults: ['jwks_unavailable'] },
    { faults: ['server_error'], for: { persona: 'persona-1' } },
    { faults: ['invalid_grant_on_token', 'slow:5'], for: { client_id: defaultClient.client_id } },
  ],
);

const clockBody = mutatedArb<unknown>(
  {
    offset_s: field(700, -700, 0, 1e9, -1e9, 2 ** 53, 1e300, -1e300, 1.5),
    frozen_at: field(1_767_225_600, 0, -1, 1e12, 2 ** 53, 1e300, 1.5),
  },
  jsonValueArb,
  [{ offset_s: 700 }, { frozen_at: 1_767_225_600 }],
);

const personaBody = mutatedArb<unknown>(
  {
    id: field('fuzz-a', 'fuzz-b', 'persona-1', 'x'.repeat(65), 'bad id'),
    sub: field('123456789012345678901', '1', 'abc'),
    email: field('fuzz@example.org', 'persona-1@example.com', 'not-an-email'),
    email_verified: field(true, false),
    name: field('Fuzz Person', ''),
    given_name: field('Fuzz'),
    family_name: field('Person'),
    locale: field('en', 'e'),
    hd: field('example.org'),
    phone_number: field('+14155550100', '555'),
    preferred_username: field('fuzz'),
    gender: field('male', 'female', 'other', 'none'),
    profile: field(
      { ctype: 'vip', balance: -1, currency: 'USD' },
      { currency: 'usd' },
      { imei: '1' },
      { nope: 1 },
    ),
    faults: field(['expired'], ['nope'], ['expired', 'not_yet_valid']),
  },
  jsonValueArb,
  [
    { id: 'fuzz-a' },
    { id: 'fuzz-b', email: 'fuzz.b@example.org', profile: { ctype: 'gold' }, faults: ['expired'] },
  ],
);

const clientBody = mutatedArb<unknown>(
  {
    client_id: field('fuzz-added', 'mock-client', ''),
    client_secret: field('s', ''),
    client_name: field('Fuzz'),
    redirect_uris: field(['https://added.example/cb'], ['/relative'], ['javascript:alert(1)'], []),
    post_logout_redirect_uris: field(['https://added.example/bye']),
    token_endpoint_auth_method: field('client_secret_basic', 'client_secret_post', 'none', 'private_key_jwt'),
    grant_types: field(['authorization_code'], ['implicit'], ['client_credentials']),
    response_types: field(['code'], ['id_token'], ['token']),
    lp_sdes: field(true, false),
    jwks: field({ keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB' }] }, { keys: [] }),
    jwks_uri: field(DEAD_URL),
    // Read from disk relative to the working directory: a missing file, and one that is no key.
    encryption_key: field({ file: 'missing.pem' }, { file: 'package.json', kid: 'k' }, { file: '' }),
    id_token_encrypted_response_alg: field('RSA-OAEP-256', 'dir'),
    id_token_encrypted_response_enc: field('A256GCM'),
    legacy_token_response: field(true),
    require_pkce: field(true, 'yes'),
    mock_faults: field(['expired'], ['nope']),
  },
  jsonValueArb,
  [
    { client_id: 'fuzz-added', redirect_uris: ['https://added.example/cb'] },
    {
      client_id: 'fuzz-added-2',
      client_secret: 's',
      redirect_uris: ['https://added.example/cb'],
      token_endpoint_auth_method: 'client_secret_post',
      require_pkce: true,
      mock_faults: ['wrong_audience'],
    },
    {
      client_id: 'fuzz-added-3',
      redirect_uris: ['https://added.example/cb'],
      encryption_key: { file: 'missing.pem' },
    },
  ],
);

/** A JSON body from entries (fetched URLs kept on loopback), or now and then a hostile body of another kind. */
function jsonBody(
  entries: fc.Arbitrary<Array<[string, unknown]>>,
): fc.Arbitrary<{ body: Buffer; type?: string }> {
  return fc.oneof(
    {
      weight: 8,
      arbitrary: entries.map((fields) => ({
        body: Buffer.from(
          JSON.stringify(
            Object.fromEntries(fields.map(([k, v]) => [k, k === 'jwks_uri' ? keepLoopback(v) : v])),
          ),
        ),
        type: 'application/json' as string | undefined,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { body: Buffer.from(nestingBomb(30_000, 'mixed')), type: 'application/json' },
        { body: Buffer.alloc(200 * 1024, 'a'), type: 'application/json' },
        { body: Buffer.from('{"faults":'), type: 'application/json' },
        { body: Buffer.from('faults=expired'), type: 'application/x-www-form-urlencoded' },
        { body: Buffer.from([0xff, 0xfe, 0x00]), type: 'application/json' },
        { body: Buffer.alloc(0), type: undefined },
      ),
    },
  );
}

const noBody = fc.constant(undefined);

/** Every admin operation with its method and path, weighted (key rotation makes an RSA key: rarer). */
const operation: fc.Arbitrary<{ method: string; path: string; body?: { body: Buffer; type?: string } }> =
  fc.oneof(
    ...(
      [
        [2, 'GET', '/admin', noBody],
        [1, 'GET', '/admin/openapi.json', noBody],
        [2, 'GET', '/admin/health', noBody],
        [1, 'GET', '/admin/personas', noBody],
        [4, 'POST', '/admin/personas', jsonBody(personaBody)],
        [1, 'GET', '/admin/clients', noBody],
        [4, 'POST', '/admin/clients', jsonBody(clientBody)],
        [1, 'GET', '/admin/requests', noBody],
        [1, 'GET', '/admin/tokens', noBody],
        [1, 'POST', '/admin/reset', noBody],
        [1, 'GET', '/admin/faults', noBody],
        [8, 'PUT', '/admin/faults', jsonBody(faultRule)],
        [4, 'POST', '/admin/faults/next', jsonBody(faultRule)],
        [1, 'DELETE', '/admin/faults', noBody],
        [1, 'GET', '/admin/clock', noBody],
        [4, 'PUT', '/admin/clock', jsonBody(clockBody)],
        [1, 'DELETE', '/admin/clock', noBody],
      ] as const
    ).map(([weight, method, path, body]) => ({
      weight,
      arbitrary: (body as fc.Arbitrary<{ body: Buffer; type?: string } | undefined>).map((b) => ({
        method,
        path,
        body: b,
      })),
    })),
    {
      weight: 3,
      arbitrary: fc
        .oneof(
          fc.constantFrom('fuzz-added', 'fuzz-added-2', 'mock-client', 'fuzz-pkce', 'nobody'),
          nasty.map((id) => percentEncode(id) || 'x'),
        )
        .map((id) => ({ method: 'DELETE', path: `/admin/clients/${id}` })),
    },
    // A new signing key is an RSA key generation: about one case in a hundred.
    { weight: 1, arbitrary: fc.constant({ method: 'POST', path: '/admin/keys/rotate' }) },
  );

const caseArb = fc
  .tuple(
    operation,
    fc.oneof(
      { weight: 8, arbitrary: fc.constant(`Bearer ${ADMIN_TOKEN}`) },
      { weight: 1, arbitrary: authorizationArb([], [`${ADMIN_TOKEN}x`, ADMIN_TOKEN.slice(1)]) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    ),
    sometimes(fc.constantFrom(...contentTypes), 10),
    extraHeadersArb,
  )
  .map(([op, authorization, contentType, extra]): FuzzRequest => {
    const headers: Record<string, string | string[]> = { ...extra };
    if (authorization !== undefined) headers.authorization = authorization;
    const type = contentType ?? op.body?.type;
    if (op.body && type) headers['content-type'] = type;
    return fuzzRequest({ method: op.method, path: op.path, headers, body: op.body?.body });
  });

/** The faults in force now, by name. */
function activeFaults(): Set<string> {
  return new Set(idp.context.faults.rules().flatMap((rule) => rule.faults.map((f) => f.split(':')[0]!)));
}

/** A real redemption, the JWKS and a headless authorization, with whatever the admin request changed. */
async function probe(): Promise<void> {
  const active = activeFaults();
  let code: string | undefined;
  try {
    code = await freshCode(idp);
  } catch {
    // A persona or client the case removed (reset) cannot be: persona-1 and mock-client are static. Other
    // failures (e.g. a clock set to 1e300) make no code, and the redemption probe is skipped.
  }
  if (code) {
    const token = await client.send({
      method: 'POST',
      path: '/token',
      headers: {
        authorization: basicAuth(defaultClient.client_id, defaultClient.client_secret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: Buffer.from(
        new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: defaultClient.redirect_uri,
        }).toString(),
      ),
    });
    if (!(token.status === 500 && active.has('token_endpoint_500'))) {
      const sent = { method: 'POST', path: '/token' };
      expect(problemsOf(sent, token, { surface: 'json' }), `probe /token with faults ${[...active]}`).toEqual(
        [],
      );
    }
  }
  const jwks = await client.send({ method: 'GET', path: '/oauth2/v3/certs' });
  if (!(jwks.status === 503 && active.has('jwks_unavailable'))) {
    expect(jwks.status, `probe JWKS with faults ${[...active]}: ${jwks.text}`).toBe(200);
  }
  const query = new URLSearchParams({
    client_id: defaultClient.client_id,
    redirect_uri: defaultClient.redirect_uri,
    response_type: 'code',
    scope: 'openid',
    login_hint: 'persona-1',
  });
  await sendAndCheck(
    client,
    { method: 'GET', path: `/o/oauth2/v2/auth?${query}` },
    { surface: 'browser', redirectAllowed: redirectAllowed(idp.url), label: 'probe: authorize' },
  );
}

describe('fuzz: admin API (/admin/*), on an IdP of its own', () => {
  it(
    'never a 5xx; errors in JSON; whatever it installs, the protocol endpoints answer no unintended 5xx',
    async () => {
      await fc.assert(
        fc
          .asyncProperty(caseArb, async (sent) => {
            await sendAndCheck(client, sent, {
              surface: sent.path === '/admin' && sent.method === 'GET' ? 'browser' : 'json',
              label: `${sent.method} ${sent.path.startsWith('/admin/clients/') ? '/admin/clients/:id' : sent.path}`,
            });
            await probe();
          })
          .afterEach(() => {
            // Reset after each case: no fault rule or clock setting outlives the case that made it.
            idp.context.faults.clear();
            idp.context.clock.reset();
          }),
        fuzzParameters(),
      );
      expect(watch.errors).toEqual([]);
    },
    fuzzTimeout(60),
  );

  it('stays up, and a normal Code Flow succeeds afterwards', async () => {
    await expectNormalFlow(idp);
  });
});
