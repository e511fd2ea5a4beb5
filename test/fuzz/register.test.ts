import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePlatformKeyPair } from '../../src/keys/platform-key-pair.js';
import type { RunningIdp } from '../../src/server/start.js';
import { register } from '../helpers/platform.js';
import {
  authorizationArb,
  bodyArb,
  contentTypes,
  DEAD_URL,
  extraHeadersArb,
  headersOf,
  jsonValueArb,
  keepLoopback,
  mutatedArb,
  nasty,
  percentEncode,
  sometimes,
} from './arbitraries.js';
import { fuzzIdpOptions } from './clients.js';
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
let registered: { client_id: string; registration_access_token: string };
/** A real RSA public key, for metadata that registers one to encrypt ID tokens to. */
const { publicJwk: encryptionKey } = await generatePlatformKeyPair('fuzz-enc');
beforeAll(async () => {
  ({ idp, client, watch } = await startFuzzTarget(fuzzIdpOptions));
  registered = (await register(idp.url, { redirect_uris: ['https://rp.example/cb'] })) as unknown as {
    client_id: string;
    registration_access_token: string;
  };
});
afterAll(() => stopFuzzTarget({ idp, client, watch }));

/** A good value for a metadata field, or a hostile JSON value of any type. */
const field = (...good: unknown[]) =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...good) }, { weight: 2, arbitrary: jsonValueArb });

/**
 * URLs the IdP may fetch (`jwks_uri`, `sector_identifier_uri`, `request_uris`): only a dead loopback port, or
 * something that is no URL at all, so a fuzz case never sends the IdP off this machine.
 */
const fetchable = fc.oneof(
  fc.constantFrom(DEAD_URL, 'http://127.0.0.1:9/jwks.json', 'file:///etc/passwd', 'ftp://127.0.0.1/x', ''),
  fc.integer(),
  fc.constant(null),
);

const redirectUri = fc.oneof(
  fc.constantFrom(
    'https://rp.example/cb',
    'http://localhost:3000/callback',
    'com.example.app:/callback',
    'javascript:alert(1)',
    'https://rp.example/cb#frag',
    'http://127.0.0.1:4000/cb?x=1',
    '/relative',
    'https://evil.example@rp.example/cb',
  ),
  nasty,
);

const metadata = mutatedArb(
  {
    redirect_uris: fc.oneof(
      { weight: 4, arbitrary: fc.array(redirectUri, { minLength: 1, maxLength: 3 }) },
      { weight: 1, arbitrary: jsonValueArb },
    ),
    post_logout_redirect_uris: fc.oneof(fc.array(redirectUri, { maxLength: 2 }), jsonValueArb),
    token_endpoint_auth_method: field(
      'client_secret_basic',
      'client_secret_post',
      'none',
      'private_key_jwt',
      'client_secret_jwt',
      'tls_client_auth',
    ),
    grant_types: field(['authorization_code'], ['implicit'], ['refresh_token'], ['client_credentials'], []),
    response_types: field(['code'], ['id_token'], ['id_token token'], ['token'], ['code token'], []),
    client_name: field('fuzz', 'x'.repeat(2000)),
    client_id: field('mock-client', 'chosen-id'),
    client_secret: field('chosen-secret'),
    scope: field('openid', 'openid email profile offline_access'),
    application_type: field('web', 'native', 'service'),
    subject_type: field('public', 'pairwise'),
    jwks: field({ keys: [] }, { keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB' }] }, { keys: 'x' }),
    jwks_uri: fetchable,
    sector_identifier_uri: fetchable,
    request_uris: fc.oneof(fc.array(fetchable, { maxLength: 2 }), fetchable),
    id_token_signed_response_alg: field('RS256', 'none', 'HS256', 'ES256'),
    id_token_encrypted_response_alg: field('RSA-OAEP', 'RSA-OAEP-256', 'dir', 'A128KW'),
    id_token_encrypted_response_enc: field('A256GCM', 'A128CBC-HS256', 'bogus'),
    userinfo_signed_response_alg: field('RS256', 'none'),
    default_max_age: field(0, -1, 1e308, '60'),
    require_auth_time: field(true, 'yes'),
    contacts: field(['a@example.org'], 'a@example.org'),
    logo_uri: field('https://rp.example/logo.png', 'javascript:alert(1)'),
    lp_sdes: field(true, false, 'false'),
    legacy_token_response: field(true, 1),
    require_pkce: field(true, false, 'true'),
    mock_faults: field(['expired'], ['slow:10'], ['nope'], ['expired', 'not_yet_valid'], 'expired'),
    ['__proto__']: field({ polluted: true }),
    constructor: field({ prototype: { polluted: true } }),
  },
  jsonValueArb,
  [
    { redirect_uris: ['https://rp.example/cb'] },
    {
      redirect_uris: ['https://rp.example/cb', 'http://localhost:3000/callback'],
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['authorization_code', 'implicit', 'refresh_token'],
      response_types: ['code', 'id_token', 'code id_token'],
      post_logout_redirect_uris: ['https://rp.example/bye'],
      client_name: 'fuzz',
      lp_sdes: false,
      mock_faults: ['wrong_nonce'],
    },
    {
      redirect_uris: ['com.example.app:/callback'],
      application_type: 'native',
      token_endpoint_auth_method: 'none',
    },
    { redirect_uris: ['https://pkce.example/cb'], require_pkce: true, legacy_token_response: true },
    {
      redirect_uris: ['https://rp.example/cb'],
      jwks: { keys: [encryptionKey] },
      id_token_encrypted_response_alg: 'RSA-OAEP-256',
      id_token_encrypted_response_enc: 'A256GCM',
    },
  ],
);

/** Metadata the IdP fetches (`jwks_uri`, `sector_identifier_uri`, `request_uris`), kept on loopback. */
const FETCHED = new Set(['jwks_uri', 'sector_identifier_uri', 'request_uris']);

const metadataBody = metadata.map((fields) => ({
  body: Buffer.from(
    JSON.stringify(Object.fromEntries(fields.map(([k, v]) => [k, FETCHED.has(k) ? keepLoopback(v) : v]))),
  ),
  contentType: 'application/json' as string | undefined,
}));

const registerCase = fc
  .tuple(
    fc.oneof(
      { weight: 5, arbitrary: metadataBody },
      // Form, random JSON, bombs, binary, huge: the generic bodies (with a few metadata names as parameters).
      { weight: 3, arbitrary: bodyArb(fc.constant([['redirect_uris', 'https://rp.example/cb']])) },
    ),
    sometimes(fc.constantFrom(...contentTypes), 6),
    sometimes(authorizationArb(), 6),
    extraHeadersArb,
  )
  .map(
    ([body, contentType, authorization, extra]): FuzzRequest =>
      fuzzRequest({
        method: 'POST',
        path: '/register',
        headers: headersOf({ ...body, contentType: contentType ?? body.contentType }, authorization, extra),
        body: body.body,
      }),
  );

/** RFC 7592 reads of a registration: the right or a wrong client id, the right or a wrong token. */
const readCase = fc
  .tuple(
    fc.oneof(
      fc.constant('REGISTERED'),
      nasty.map((id) => percentEncode(id) || 'x'),
    ),
    fc.oneof(fc.constant('TOKEN'), authorizationArb()),
    fc.constantFrom('GET', 'HEAD'),
    extraHeadersArb,
  )
  .map(([id, authorization, method, extra]) => ({ id, authorization, method, extra }));

afterAll(printStats);

describe('fuzz: dynamic client registration (/register)', () => {
  it(
    'never a 5xx; every error a JSON { error, error_description }',
    async () => {
      await fc.assert(
        fc.asyncProperty(registerCase, async (sent) => {
          await sendAndCheck(client, sent, { surface: 'json' });
        }),
        fuzzParameters(),
      );
      expect(watch.errors).toEqual([]);
    },
    fuzzTimeout(),
  );

  it(
    'reading a registration (GET /register/:client_id): never a 5xx, errors in JSON',
    async () => {
      await fc.assert(
        fc.asyncProperty(readCase, async ({ id, authorization, method, extra }) => {
          const sent = fuzzRequest({
            method,
            path: `/register/${id === 'REGISTERED' ? registered.client_id : id}`,
            headers: {
              ...extra,
              authorization:
                authorization === 'TOKEN' ? `Bearer ${registered.registration_access_token}` : authorization,
            },
          });
          await sendAndCheck(client, sent, { surface: 'json', label: 'GET /register/:client_id' });
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
