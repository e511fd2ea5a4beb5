import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import type { CheckId } from '../../src/verify/checks.js';
import { runChecks } from '../../src/verify/run.js';
import { startTestIdp } from '../helpers/idp.js';
import { check, type ForeignKey, foreignKey, idTokenFrom, signWith } from './support.js';

let idp: RunningIdp;
let key: ForeignKey;
beforeAll(async () => {
  idp = await startTestIdp();
  key = await foreignKey();
});
afterAll(() => idp?.stop());

const ISS = 'https://brand-staging.example';
const NOW = 1_800_000_000;
const base = {
  iss: ISS,
  aud: 'platform-client',
  azp: 'platform-client',
  sub: 'customer-42',
  iat: NOW - 10,
  exp: NOW + 3590,
};

/** Checks a foreign token with these claims at a fixed now, keys given (no network). */
async function checked(claims: JWTPayload, options: Record<string, unknown> = {}) {
  const jwt = await signWith(key, claims, { typ: 'JWT' });
  return runChecks({
    jwt,
    issuer: ISS,
    clientId: 'platform-client',
    jwks: { keys: [key.publicJwk], where: 'brand.jwks.json' },
    now: NOW,
    ...options,
  });
}

async function only(id: CheckId, claims: JWTPayload, options: Record<string, unknown> = {}) {
  return check(await checked(claims, options), id);
}

describe('verify: iss', () => {
  it('passes the exact issuer', async () => {
    expect(await only('iss', base)).toEqual({ id: 'iss', status: 'pass', found: `"${ISS}"` });
  });

  it.each([
    [`${ISS}/`, /differ only in a trailing slash/],
    ['brand-staging.example', /differ only in the scheme/],
    [
      'https://someone-else.example',
      /iss exactly "https:\/\/brand-staging\.example", or pass --expected-iss/,
    ],
  ])('fails %s', async (iss, fix) => {
    expect(await only('iss', { ...base, iss })).toMatchObject({
      status: 'fail',
      expected: `"${ISS}"`,
      found: `"${iss}"`,
      fix: expect.stringMatching(fix),
    });
  });

  it('fails a missing iss', async () => {
    const { iss: _, ...claims } = base;
    expect(await only('iss', claims)).toMatchObject({ status: 'fail', found: 'absent' });
  });

  it('--expected-iss sets what iss must be', async () => {
    const google = { ...base, iss: 'https://accounts.google.com' };
    expect((await only('iss', google, { expectedIss: 'https://accounts.google.com' })).status).toBe('pass');
  });

  it('fails fault-wrong-issuer from our IdP', async () => {
    const report = await runChecks({ jwt: await idTokenFrom(idp, 'fault-wrong-issuer'), issuer: idp.url });
    expect(check(report, 'iss')).toMatchObject({
      status: 'fail',
      found: '"https://wrong-issuer.mock-idp.invalid"',
    });
  });
});

describe('verify: aud', () => {
  it('is skipped without a client id, showing aud', async () => {
    expect(await only('aud', base, { clientId: undefined })).toEqual({
      id: 'aud',
      status: 'skip',
      found: 'no client id given; aud is "platform-client"',
    });
  });

  it('passes a string or an array containing the client id', async () => {
    expect((await only('aud', base)).status).toBe('pass');
    expect((await only('aud', { ...base, aud: ['other', 'platform-client'] })).status).toBe('pass');
  });

  it.each([['someone-else'], [undefined], [['a', 'b']]])('fails aud %j', async (aud) => {
    expect(await only('aud', { ...base, aud })).toMatchObject({
      status: 'fail',
      expected: '"platform-client" (or an array containing it)',
    });
  });

  it('fails fault-wrong-audience from our IdP', async () => {
    const report = await runChecks({
      jwt: await idTokenFrom(idp, 'fault-wrong-audience'),
      issuer: idp.url,
      clientId: 'mock-client',
    });
    expect(check(report, 'aud').status).toBe('fail');
    expect(report.ok).toBe(false);
  });
});

describe('verify: azp', () => {
  it('passes the client id; skipped without a client id or without azp', async () => {
    expect((await only('azp', base)).status).toBe('pass');
    expect((await only('azp', base, { clientId: undefined })).status).toBe('skip');
    const { azp: _, ...claims } = base;
    expect(await only('azp', claims)).toMatchObject({
      status: 'skip',
      found: 'no azp claim (google_shape reports it)',
    });
  });

  it('warns on another client (the platform does not read azp); --strict fails', async () => {
    expect(await only('azp', { ...base, azp: 'other' })).toMatchObject({
      status: 'warn',
      expected: '"platform-client"',
      found: '"other"',
    });
    expect((await checked({ ...base, azp: 'other' })).ok).toBe(true);
    const strict = await checked({ ...base, azp: 'other' }, { strict: true });
    expect(check(strict, 'azp').status).toBe('fail');
    expect(strict.ok).toBe(false);
  });

  it('warns on fault-wrong-azp from our IdP', async () => {
    const report = await runChecks({
      jwt: await idTokenFrom(idp, 'fault-wrong-azp'),
      issuer: idp.url,
      clientId: 'mock-client',
    });
    expect(check(report, 'azp').status).toBe('warn');
  });
});

describe('verify: exp', () => {
  it('passes a future exp', async () => {
    expect(await only('exp', base)).toEqual({
      id: 'exp',
      status: 'pass',
      found: `${NOW + 3590} (2027-01-15T08:59:50.000Z, in 3590 s)`,
    });
  });

  it('fails an exp beyond the leeway, warns within it', async () => {
    expect(await only('exp', { ...base, exp: NOW - 61 })).toMatchObject({
      status: 'fail',
      expected: `exp after now (${NOW}), with 60 s leeway`,
      found: expect.stringMatching(/^expired: .*61 s ago/),
    });
    expect(await only('exp', { ...base, exp: NOW - 60 })).toMatchObject({
      status: 'warn',
      found: expect.stringMatching(/within the leeway/),
    });
  });

  it('--leeway changes the allowance', async () => {
    expect((await only('exp', { ...base, exp: NOW - 100 }, { leeway: 120 })).status).toBe('warn');
    expect((await only('exp', { ...base, exp: NOW - 1 }, { leeway: 0 })).status).toBe('fail');
  });

  it.each([
    [undefined, 'absent', /add exp/],
    ['1800003600', '"1800003600"', /number, not a string/],
    [(NOW + 3600) * 1000, `${(NOW + 3600) * 1000}: milliseconds`, /divide by 1000/],
  ])('fails exp %j', async (exp, found, fix) => {
    expect(await only('exp', { ...base, exp: exp as number })).toMatchObject({
      status: 'fail',
      found,
      fix: expect.stringMatching(fix),
    });
  });

  it('fails fault-expired from our IdP', async () => {
    const report = await runChecks({ jwt: await idTokenFrom(idp, 'fault-expired'), issuer: idp.url });
    expect(check(report, 'exp')).toMatchObject({ status: 'fail', found: expect.stringMatching(/^expired/) });
  });
});

describe('verify: iat', () => {
  it('passes a past iat, and one in the future within the leeway', async () => {
    expect(await only('iat', base)).toEqual({
      id: 'iat',
      status: 'pass',
      found: `${NOW - 10} (2027-01-15T07:59:50.000Z, 10 s ago)`,
    });
    expect((await only('iat', { ...base, iat: NOW + 60 })).status).toBe('pass');
  });

  it.each([
    [{ iat: NOW + 61 }, /^issued in the future/],
    [{ iat: undefined }, /^absent$/],
    [{ iat: NOW * 1000 }, /milliseconds/],
    [{ iat: NOW, exp: NOW - 5 }, /^iat \d+ after exp/],
    [{ nbf: NOW + 600 }, /^not valid yet: nbf/],
  ])('fails %j', async (claims, found) => {
    expect(await only('iat', { ...base, ...claims })).toMatchObject({
      status: 'fail',
      found: expect.stringMatching(found),
    });
  });

  it('fails fault-not-yet-valid from our IdP', async () => {
    const report = await runChecks({ jwt: await idTokenFrom(idp, 'fault-not-yet-valid'), issuer: idp.url });
    expect(check(report, 'iat').status).toBe('fail');
  });
});

describe('verify: nonce', () => {
  it('is skipped without --nonce', async () => {
    expect(await only('nonce', { ...base, nonce: 'n' })).toEqual({
      id: 'nonce',
      status: 'skip',
      found: 'no nonce given; nonce is "n"',
    });
  });

  it('passes the nonce sent; fails another or none', async () => {
    expect((await only('nonce', { ...base, nonce: 'n-1' }, { nonce: 'n-1' })).status).toBe('pass');
    expect(await only('nonce', { ...base, nonce: 'n-2' }, { nonce: 'n-1' })).toMatchObject({
      status: 'fail',
      expected: '"n-1"',
      found: '"n-2"',
    });
    expect(await only('nonce', base, { nonce: 'n-1' })).toMatchObject({ status: 'fail', found: 'absent' });
  });

  it('fails fault-wrong-nonce from our IdP, passes the nonce it was asked for', async () => {
    const wrong = await runChecks({
      jwt: await idTokenFrom(idp, 'fault-wrong-nonce', { nonce: 'abc' }),
      issuer: idp.url,
      nonce: 'abc',
    });
    expect(check(wrong, 'nonce').status).toBe('fail');
    const right = await runChecks({
      jwt: await idTokenFrom(idp, 'persona-1', { nonce: 'abc' }),
      issuer: idp.url,
      nonce: 'abc',
    });
    expect(check(right, 'nonce').status).toBe('pass');
  });
});

describe('verify: sub', () => {
  it('passes any non-empty string', async () => {
    expect(await only('sub', base)).toEqual({ id: 'sub', status: 'pass', found: '"customer-42"' });
  });

  it.each([
    [undefined, 'absent'],
    ['', '""'],
    [42, '42'],
  ])('fails sub %j', async (sub, found) => {
    expect(await only('sub', { ...base, sub: sub as string })).toMatchObject({ status: 'fail', found });
  });

  it('fails fault-missing-claim-sub from our IdP', async () => {
    const report = await runChecks({
      jwt: await idTokenFrom(idp, 'fault-missing-claim-sub'),
      issuer: idp.url,
    });
    expect(check(report, 'sub').status).toBe('fail');
  });
});

describe('verify: a token that passes what the platform requires', () => {
  it('is ok although it is not Google-shaped: warnings do not fail unless --strict', async () => {
    const report = await checked({ ...base, azp: undefined });
    expect(report.ok).toBe(true);
    expect(check(report, 'google_shape').status).toBe('warn');
    expect((await checked({ ...base, azp: undefined }, { strict: true })).ok).toBe(false);
  });
});
