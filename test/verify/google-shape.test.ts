import type { JWTPayload } from 'jose';
import tokenHash from 'oidc-token-hash';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { runChecks } from '../../src/verify/run.js';
import { startTestIdp } from '../helpers/idp.js';
import {
  check,
  type FakeIdp,
  type ForeignKey,
  foreignKey,
  idTokenFrom,
  now,
  signWith,
  startFakeIdp,
} from './support.js';

let idp: RunningIdp;
let key: ForeignKey;
let fake: FakeIdp;
let answer: () => Promise<Record<string, unknown>>;
beforeAll(async () => {
  idp = await startTestIdp();
  key = await foreignKey();
  fake = await startFakeIdp(key, () => answer());
});
afterAll(() => Promise.all([idp?.stop(), fake?.stop()]));

const ISS = 'https://brand-staging.example';
const googleLike = (): JWTPayload => ({
  iss: ISS,
  azp: 'c',
  aud: 'c',
  sub: '110248495921238986420',
  email: 'jane@example.com',
  email_verified: true,
  iat: now(),
  exp: now() + 3600,
});

async function shape(claims: JWTPayload, header: Record<string, unknown> = { typ: 'JWT' }, strict = false) {
  const jwt = await signWith(key, claims, header);
  const report = await runChecks({ jwt, issuer: ISS, jwks: { keys: [key.publicJwk], where: 'f' }, strict });
  return { report, google: check(report, 'google_shape') };
}

describe('verify: google_shape', () => {
  it('passes our tokens', async () => {
    const report = await runChecks({ jwt: await idTokenFrom(idp, 'persona-1'), issuer: idp.url });
    expect(check(report, 'google_shape')).toEqual({
      id: 'google_shape',
      status: 'pass',
      found: 'Google-shaped: typ JWT, kid, 21-digit sub, azp',
    });
  });

  it('passes a Google-like foreign token; email_verified false is still a boolean', async () => {
    expect((await shape(googleLike())).google.status).toBe('pass');
    expect((await shape({ ...googleLike(), email_verified: false })).google.status).toBe('pass');
  });

  it.each([
    ['typ', { typ: undefined }, {}, 'header typ "JWT"', 'typ absent'],
    ['kid', { kid: undefined, typ: 'JWT' }, {}, 'a kid in the header', 'kid absent'],
    ['sub', { typ: 'JWT' }, { sub: 'customer-42' }, 'sub a 21-digit numeric string', 'sub "customer-42"'],
    [
      'email_verified',
      { typ: 'JWT' },
      { email_verified: 'true' },
      'email_verified a JSON boolean (with email)',
      'email_verified "true"',
    ],
    [
      'email_verified',
      { typ: 'JWT' },
      { email_verified: undefined },
      'email_verified a JSON boolean (with email)',
      'email_verified absent',
    ],
    ['azp', { typ: 'JWT' }, { azp: undefined }, 'azp (the client id)', 'azp absent'],
    ['aud', { typ: 'JWT' }, { aud: ['c', 'd'] }, 'aud a single string', 'aud ["c","d"]'],
    [
      'times',
      { typ: 'JWT' },
      { iat: now() + 0.5 },
      'iat and exp whole seconds',
      expect.stringMatching(/^iat \d+\.5, exp \d+$/),
    ],
    [
      'lifetime',
      { typ: 'JWT' },
      { exp: now() + 2 * 86_400 },
      expect.stringMatching(/^a lifetime of at most 86400 s/),
      // exp is taken when the table is built, iat a moment later: one second apart, or not.
      expect.stringMatching(/^exp - iat = 17(27\d\d|2800) s$/),
    ],
  ])('warns about %s', async (_, header, claims, expected, found) => {
    const { report, google } = await shape({ ...googleLike(), ...claims }, header);
    expect(google).toMatchObject({ status: 'warn', expected, found, fix: expect.any(String) });
    expect(report.ok).toBe(true);
  });

  it('lists every difference in one check, and fails with --strict', async () => {
    const { google } = await shape({ ...googleLike(), sub: 'u1', azp: undefined }, {});
    expect(google.status).toBe('warn');
    expect(google.found).toBe('typ absent; sub "u1"; azp absent');
    const strict = await shape({ ...googleLike(), sub: 'u1' }, { typ: 'JWT' }, true);
    expect(strict.google.status).toBe('fail');
    expect(strict.report.ok).toBe(false);
  });

  it('checks at_hash against the access token of the code exchange', async () => {
    const brand = {
      code: 'good-code',
      issuer: fake.url,
      clientId: 'brand-client',
      clientSecret: 'brand-secret',
    };
    const claims = { ...googleLike(), iss: fake.url, aud: 'brand-client', azp: 'brand-client' };
    answer = async () => ({
      access_token: 'ya29.token',
      id_token: await signWith(
        key,
        { ...claims, at_hash: tokenHash.generate('ya29.token', 'RS256') },
        { typ: 'JWT' },
      ),
    });
    expect(check(await runChecks(brand), 'google_shape')).toMatchObject({
      status: 'pass',
      found: expect.stringMatching(/at_hash/),
    });
    answer = async () => ({
      access_token: 'ya29.token',
      id_token: await signWith(key, { ...claims, at_hash: 'AAAAAAAAAAAAAAAAAAAAAA' }, { typ: 'JWT' }),
    });
    expect(check(await runChecks(brand), 'google_shape')).toMatchObject({
      status: 'warn',
      expected: `at_hash "${tokenHash.generate('ya29.token', 'RS256')}" (of the access_token in the same response)`,
      found: 'at_hash "AAAAAAAAAAAAAAAAAAAAAA"',
    });
  });

  it('does not ask for at_hash on an envelope JWT (no access token)', async () => {
    const { google } = await shape(googleLike());
    expect(google.found).not.toMatch(/at_hash/);
  });
});
