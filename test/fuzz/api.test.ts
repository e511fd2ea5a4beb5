import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueEnvelopeJwt } from '../../src/api/envelope-jwt.js';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient } from '../helpers/idp.js';
import {
  authorizationArb,
  bodyArb,
  contentTypes,
  DEAD_URL,
  encodedParamsArb,
  extraHeadersArb,
  goodOrNasty,
  headersOf,
  jsonValueArb,
  keepLoopback,
  mutatedArb,
  nasty,
  paramsArb,
  sometimes,
} from './arbitraries.js';
import { clientIds, fuzzIdpOptions, registeredRedirectUris } from './clients.js';
import { CHALLENGE, FRESH, VERIFIER, withLiveCredentials } from './grants.js';
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
let idToken: string;
beforeAll(async () => {
  ({ idp, client, watch } = await startFuzzTarget(fuzzIdpOptions));
  idToken = (await issueEnvelopeJwt(idp.context, { persona: 'persona-1', clientId: defaultClient.client_id }))
    .id_token;
});
afterAll(() => stopFuzzTarget({ idp, client, watch }));

/** A field of a JSON body: a good string, a hostile string, or a hostile JSON value of another type. */
const field = (...good: unknown[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...good) },
    { weight: 2, arbitrary: nasty },
    { weight: 1, arbitrary: jsonValueArb },
  );

const personas = [
  'persona-1',
  'persona-2',
  'fault-expired',
  'new.person@example.org',
  '123456789012345678901',
];

/** JSON bodies: mutants of valid requests (see `mutatedArb`), as entries. */
const object = (
  alternatives: Record<string, fc.Arbitrary<unknown>>,
  ...bases: Array<Record<string, unknown>>
): fc.Arbitrary<Array<[string, unknown]>> => mutatedArb(alternatives, jsonValueArb, bases);

const bodies: Record<string, fc.Arbitrary<Array<[string, unknown]>>> = {
  '/api/jwt': object(
    {
      persona: field(...personas),
      client_id: field(...clientIds),
      nonce: field('n-1'),
      ttl: field(1, 600, 86_400, 0, 86_401, 1.5, -1, '600'),
      encrypt: field(true, false, 'true'),
    },
    { persona: 'persona-1', client_id: defaultClient.client_id },
    { persona: 'persona-2', client_id: 'fuzz-implicit', nonce: 'n', ttl: 600, encrypt: false },
  ),
  '/api/code': object(
    {
      persona: field(...personas),
      client_id: field(...clientIds),
      redirect_uri: field(...registeredRedirectUris, 'https://evil.example/cb'),
      scope: field('openid', 'openid email profile', 'email', 'openid offline_access'),
      nonce: field('n-1'),
      code_challenge: field(CHALLENGE, VERIFIER, 'short'),
      code_challenge_method: field('S256', 'plain', 'S512'),
    },
    { persona: 'persona-1', client_id: defaultClient.client_id },
    {
      persona: 'persona-3',
      client_id: defaultClient.client_id,
      redirect_uri: defaultClient.redirect_uri,
      scope: 'openid email',
      nonce: 'n',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    },
  ),
  '/api/verify': object(
    {
      code: field(FRESH.code, FRESH.pkceCode, '4/0Afake'),
      jwt: field('FRESHxIDxTOKEN', 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.'),
      // Fetched by the IdP (discovery, then its jwks_uri): this IdP, or a dead loopback port, never elsewhere.
      issuer: fc.constantFrom('SELF', DEAD_URL, 'not a url', 'ftp://127.0.0.1/', '', 42),
      expected_iss: field('https://accounts.google.com', 'SELF'),
      client_id: field(...clientIds),
      client_secret: field(defaultClient.client_secret, 'wrong'),
      redirect_uri: field(defaultClient.redirect_uri, 'https://liveperson.net'),
      auth_method: field('client_secret_basic', 'client_secret_post', 'none', 'private_key_jwt'),
      code_verifier: field(VERIFIER, 'short'),
      nonce: field('fuzz-nonce'),
      decrypt_key: field(
        { keys: [] },
        { kty: 'RSA' },
        '-----BEGIN PRIVATE KEY-----\nxx\n-----END PRIVATE KEY-----',
      ),
      strict: field(true, false),
    },
    {
      code: FRESH.code,
      client_id: defaultClient.client_id,
      client_secret: defaultClient.client_secret,
      redirect_uri: defaultClient.redirect_uri,
    },
    {
      code: FRESH.pkceCode,
      client_id: defaultClient.client_id,
      client_secret: defaultClient.client_secret,
      redirect_uri: defaultClient.redirect_uri,
      code_verifier: VERIFIER,
      auth_method: 'client_secret_post',
      nonce: 'fuzz-nonce',
      strict: true,
    },
    { jwt: 'FRESHxIDxTOKEN', client_id: defaultClient.client_id },
  ),
};

/** A value as form text: objects (also prototype-less ones, which String() refuses) as JSON. */
function asText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** The request for one /api operation: its JSON body (or any other body), under the right or a wrong type. */
function apiCase(path: string, entries: fc.Arbitrary<Array<[string, unknown]>>): fc.Arbitrary<FuzzRequest> {
  const json = entries.map((fields) => ({
    // `issuer` is fetched by /api/verify: kept on loopback whatever a mutation put there.
    body: Buffer.from(
      JSON.stringify(Object.fromEntries(fields.map(([k, v]) => [k, k === 'issuer' ? keepLoopback(v) : v]))),
    ),
    contentType: 'application/json' as string | undefined,
  }));
  const generic = bodyArb(
    entries.map((fields) =>
      fields.map(([k, v]): [string, string] => [k, asText(k === 'issuer' ? keepLoopback(v) : v)]),
    ),
  );
  return fc
    .tuple(
      fc.oneof({ weight: 5, arbitrary: json }, { weight: 1, arbitrary: generic }),
      sometimes(fc.constantFrom(...contentTypes), 8),
      sometimes(authorizationArb(), 6),
      extraHeadersArb,
    )
    .map(([sent, contentType, authorization, extra]) =>
      fuzzRequest({
        method: 'POST',
        path,
        headers: headersOf({ ...sent, contentType: contentType ?? sent.contentType }, authorization, extra),
        body: sent.body,
      }),
    );
}

const publicKeyCase = fc
  .tuple(
    encodedParamsArb(paramsArb({ format: goodOrNasty('jwks', 'pem', 'spki-line', 'JWKS', 'der') })),
    fc.constantFrom('GET', 'HEAD'),
    extraHeadersArb,
  )
  .map(([query, method, extra]) =>
    fuzzRequest({ method, path: `/api/public-key${query ? `?${query}` : ''}`, headers: extra }),
  );

/** Puts this IdP's URL and a live ID token where a case asks for them. */
async function live(sent: FuzzRequest): Promise<FuzzRequest> {
  const withCodes = await withLiveCredentials(idp, sent);
  if (!withCodes.body) return withCodes;
  const text = withCodes.body
    .toString('latin1')
    .replaceAll('"SELF"', JSON.stringify(idp.url))
    .replaceAll('FRESHxIDxTOKEN', idToken);
  return { ...withCodes, body: Buffer.from(text, 'latin1') };
}

afterAll(printStats);

describe('fuzz: test conveniences (/api/*)', () => {
  for (const [path, body] of Object.entries(bodies)) {
    it(
      `POST ${path}: never a 5xx; every error a JSON { error, error_description }`,
      async () => {
        await fc.assert(
          fc.asyncProperty(apiCase(path, body), async (generated) => {
            await sendAndCheck(client, await live(generated), { surface: 'json' });
          }),
          fuzzParameters(),
        );
        expect(watch.errors).toEqual([]);
      },
      fuzzTimeout(path === '/api/verify' ? 60 : 30),
    );
  }

  it(
    'GET /api/public-key: never a 5xx; every error a JSON { error, error_description }',
    async () => {
      await fc.assert(
        fc.asyncProperty(publicKeyCase, async (sent) => {
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
