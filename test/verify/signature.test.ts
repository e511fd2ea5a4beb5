import { createPublicKey, X509Certificate } from 'node:crypto';
import { exportSPKI, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { PublicKeyError, publicJwksFrom } from '../../src/verify/public-keys.js';
import { runChecks } from '../../src/verify/run.js';
import { startTestIdp } from '../helpers/idp.js';
import {
  brandClaims,
  check,
  type FakeIdp,
  type ForeignKey,
  foreignKey,
  idTokenFrom,
  json,
  signWith,
  startFakeIdp,
  statuses,
} from './support.js';

let idp: RunningIdp;
let fake: FakeIdp;
let brandKey: ForeignKey;
beforeAll(async () => {
  idp = await startTestIdp();
  brandKey = await foreignKey();
  fake = await startFakeIdp(brandKey, async () => ({}));
});
afterAll(() => Promise.all([idp?.stop(), fake?.stop()]));

const BRAND_ISS = 'https://brand-staging.example';
const ourKid = () => idp.context.keys[0]!.kid;
const brandJwks = () => ({ keys: [brandKey.publicJwk], where: 'brand.jwks.json' });

describe('verify: signature against our IdP', () => {
  it('passes our token, naming the key and where it came from', async () => {
    const report = await runChecks({ jwt: await idTokenFrom(idp, 'persona-1'), issuer: idp.url });
    expect(check(report, 'signature')).toEqual({
      id: 'signature',
      status: 'pass',
      found: `RS256, kid ${ourKid()}, verified with a key from ${idp.url}/oauth2/v3/certs`,
    });
  });

  it('fails a token signed by another key under our kid (fault-bad-signature), and still checks the claims', async () => {
    const report = await runChecks({ jwt: await idTokenFrom(idp, 'fault-bad-signature'), issuer: idp.url });
    expect(check(report, 'signature')).toMatchObject({
      status: 'fail',
      found: 'the signature does not verify: the token was signed by another key, or altered',
      fix: 'sign with the private key whose public half the platform holds',
    });
    expect(statuses(report)).toMatchObject({ iss: 'pass', exp: 'pass', sub: 'pass' });
    expect(report.ok).toBe(false);
  });

  it('warns about a kid in no JWKS when our key still verifies it (fault-unknown-kid): the pasted key ignores kid', async () => {
    const jwt = await idTokenFrom(idp, 'fault-unknown-kid');
    const report = await runChecks({ jwt, issuer: idp.url });
    expect(check(report, 'signature')).toMatchObject({
      status: 'warn',
      expected: `the header's kid naming the signing key in ${idp.url}/oauth2/v3/certs`,
      found: expect.stringMatching(
        new RegExp(
          `^kid [0-9a-f]{40} names no key there, though the signature verifies with one of them \\(kids: ${ourKid()}\\)$`,
        ),
      ),
      fix: expect.stringMatching(/JWKS verifiers/),
    });
    expect(report.ok).toBe(true);
    expect((await runChecks({ jwt, issuer: idp.url, strict: true })).ok).toBe(false);
  });

  it('passes a kid-less key (a PEM) whatever the header kid says', async () => {
    const { kid: _, ...pem } = idp.context.keys[0]!.publicJwk;
    const jwt = await idTokenFrom(idp, 'fault-unknown-kid');
    const report = await runChecks({ jwt, issuer: idp.url, jwks: { keys: [pem], where: 'public.pem' } });
    expect(check(report, 'signature')).toMatchObject({
      status: 'pass',
      found: expect.stringMatching(
        /verified with a key from public\.pem \(a key without kid, as pasted into the connector\)$/,
      ),
    });
  });

  it('fails an unsigned token (fault-unsigned)', async () => {
    const report = await runChecks({ jwt: await idTokenFrom(idp, 'fault-unsigned'), issuer: idp.url });
    expect(check(report, 'signature')).toMatchObject({
      status: 'fail',
      found: 'alg none: the token is not signed',
    });
  });

  it('fails something that is no JWT (fault-malformed); no claim check runs', async () => {
    const report = await runChecks({ jwt: await idTokenFrom(idp, 'fault-malformed'), issuer: idp.url });
    expect(check(report, 'signature')).toMatchObject({
      status: 'fail',
      found: expect.stringMatching(/^1 segment\(s\): mock-idp-malformed-token-/),
    });
    expect(check(report, 'iss')).toMatchObject({
      status: 'skip',
      found: expect.stringMatching(/^not run: the claims cannot be read/),
    });
  });

  it('fails a token from a foreign key that claims to be from our IdP', async () => {
    const jwt = await signWith(brandKey, brandClaims(idp.issuer, 'mock-client'));
    const report = await runChecks({ jwt, issuer: idp.url, clientId: 'mock-client' });
    expect(check(report, 'signature')).toMatchObject({
      status: 'fail',
      expected: `a key in ${idp.url}/oauth2/v3/certs for alg RS256, kid brand-key-1`,
      found: `no such key, and no key there verifies the signature; the keys there: ${ourKid()}`,
    });
    expect(statuses(report)).toMatchObject({ iss: 'pass', aud: 'pass', exp: 'pass' });
    expect(report.ok).toBe(false);
  });

  it('fails a token from a foreign key that borrows our kid', async () => {
    const jwt = await signWith(brandKey, brandClaims(idp.issuer, 'mock-client'), { kid: ourKid() });
    const report = await runChecks({ jwt, issuer: idp.url });
    expect(check(report, 'signature').found).toMatch(/does not verify/);
  });
});

describe('verify: signature against another IdP', () => {
  it('uses the JWKS its discovery names', async () => {
    const report = await runChecks({
      jwt: await signWith(brandKey, brandClaims(fake.url, 'c')),
      issuer: fake.url,
    });
    expect(check(report, 'signature')).toMatchObject({
      status: 'pass',
      found: `RS256, kid brand-key-1, verified with a key from ${fake.url}/jwks`,
    });
  });

  it('--jwks URL overrides discovery', async () => {
    const jwt = await signWith(brandKey, brandClaims(BRAND_ISS, 'c'));
    const report = await runChecks({ jwt, issuer: BRAND_ISS, jwks: { url: `${fake.url}/jwks` } });
    expect(statuses(report)).toMatchObject({ discovery: 'skip', signature: 'pass', iss: 'pass' });
  });

  it('fails when the JWKS cannot be had', async () => {
    const jwt = await signWith(brandKey, brandClaims(BRAND_ISS, 'c'));
    const report = await runChecks({ jwt, issuer: BRAND_ISS, jwks: { url: `${fake.url}/missing` } });
    expect(check(report, 'signature')).toMatchObject({
      status: 'fail',
      expected: `a JWKS at ${fake.url}/missing`,
      found: expect.stringMatching(/^HTTP 404/),
    });
  });

  it('tries every key when the header names none', async () => {
    const other = await foreignKey('brand-key-2');
    const { kid: _, ...header } = { kid: undefined };
    const jwt = await new SignJWT(brandClaims(BRAND_ISS, 'c'))
      .setProtectedHeader({ alg: 'RS256', ...header })
      .sign(brandKey.privateKey);
    const report = await runChecks({
      jwt,
      issuer: BRAND_ISS,
      jwks: { keys: [other.publicJwk, brandKey.publicJwk], where: 'two keys' },
    });
    expect(check(report, 'signature')).toMatchObject({
      status: 'pass',
      found: 'RS256, no kid, verified with a key from two keys',
    });
  });

  it('fails a valid ES256 signature: the platform verifies RS256 only', async () => {
    const ec = await foreignKey('ec-1', 'ES256');
    const jwt = await signWith(ec, brandClaims(BRAND_ISS, 'c'), {}, 'ES256');
    const report = await runChecks({
      jwt,
      issuer: BRAND_ISS,
      jwks: { keys: [ec.publicJwk], where: 'ec.jwks.json' },
    });
    expect(check(report, 'signature')).toMatchObject({
      status: 'fail',
      found: 'a valid ES256 signature (kid ec-1): the platform verifies RS256 only',
    });
  });

  it('fails an HS256 token', async () => {
    const jwt = await new SignJWT(brandClaims(BRAND_ISS, 'c'))
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new Uint8Array(32));
    const report = await runChecks({ jwt, issuer: BRAND_ISS, jwks: brandJwks() });
    expect(check(report, 'signature')).toMatchObject({
      status: 'fail',
      found: expect.stringMatching(/^alg HS256/),
    });
  });

  it("fails when discovery's JWKS answers 503", async () => {
    fake.routes.set('/jwks', (_, __, response) => json(response, 503, { error: 'unavailable' }));
    const report = await runChecks({
      jwt: await signWith(brandKey, brandClaims(fake.url, 'c')),
      issuer: fake.url,
    });
    expect(check(report, 'signature').found).toMatch(/^HTTP 503/);
  });
});

describe('--jwks key files', () => {
  let texts: Record<string, string>;
  beforeAll(async () => {
    const spki = await exportSPKI((await importJWK(brandKey.publicJwk, 'RS256')) as CryptoKey);
    const certificate = idp.context.keys[0]!.certificatePem;
    texts = {
      jwks: JSON.stringify({ keys: [brandKey.publicJwk] }),
      jwk: JSON.stringify(brandKey.publicJwk),
      spkiPem: spki,
      spkiLine: spki.replace(/-----[A-Z ]+-----|\s/g, ''),
      pkcs1Pem: createPublicKey(spki).export({ type: 'pkcs1', format: 'pem' }).toString(),
      certificate,
      googleV1Certs: JSON.stringify({ [ourKid()]: certificate }),
    };
  });

  it.each(['jwks', 'jwk', 'spkiPem', 'spkiLine', 'pkcs1Pem'])(
    'reads a %s and verifies the foreign token',
    async (form) => {
      const jwt = await signWith(brandKey, brandClaims(BRAND_ISS, 'c'));
      const report = await runChecks({
        jwt,
        issuer: BRAND_ISS,
        jwks: { keys: publicJwksFrom(texts[form]!), where: form },
      });
      expect(check(report, 'signature').status).toBe('pass');
    },
  );

  it.each(['certificate', 'googleV1Certs'])('reads our key as a %s and verifies our token', async (form) => {
    const keys = publicJwksFrom(texts[form]!);
    expect(new X509Certificate(texts.certificate!).publicKey.export({ format: 'jwk' }).n).toBe(keys[0]!.n);
    const report = await runChecks({
      jwt: await idTokenFrom(idp, 'persona-1'),
      issuer: idp.url,
      jwks: { keys, where: form },
    });
    expect(check(report, 'signature').status).toBe('pass');
  });

  it.each([['not a key'], ['{"keys": []}'], ['{"kty": "oct", "k": "AAAA"}'], ['[1, 2]']])(
    'refuses %s',
    (text) => {
      expect(() => publicJwksFrom(text)).toThrow(PublicKeyError);
    },
  );
});
