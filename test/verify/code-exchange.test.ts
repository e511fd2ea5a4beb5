import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s256Of } from '../../src/provider/pkce-plain.js';
import type { RunningIdp } from '../../src/server/start.js';
import { runChecks } from '../../src/verify/run.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { register } from '../helpers/platform.js';
import {
  brandClaims,
  check,
  codeFrom,
  type FakeIdp,
  type ForeignKey,
  foreignKey,
  signWith,
  startFakeIdp,
  statuses,
} from './support.js';

let idp: RunningIdp;
let fake: FakeIdp;
let brandKey: ForeignKey;
/** A client registered as the platform's: redirect URI https://liveperson.net, Basic or body credentials. */
let basicClient: { client_id: string; client_secret: string };
let postClient: { client_id: string; client_secret: string };
let fakeAnswer: () => Promise<Record<string, unknown>>;

beforeAll(async () => {
  idp = await startTestIdp();
  brandKey = await foreignKey();
  fake = await startFakeIdp(brandKey, () => fakeAnswer());
  basicClient = await register(idp.url, { redirect_uris: ['https://liveperson.net'] });
  postClient = await register(idp.url, {
    redirect_uris: ['https://liveperson.net'],
    token_endpoint_auth_method: 'client_secret_post',
  });
});
afterAll(() => Promise.all([idp?.stop(), fake?.stop()]));

const asPlatform = (client: { client_id: string; client_secret: string }, code: string) => ({
  code,
  issuer: idp.url,
  clientId: client.client_id,
  clientSecret: client.client_secret,
});

describe('verify: code_exchange against our IdP', () => {
  it('redeems a code as the platform does (Basic, redirect_uri https://liveperson.net) and checks the ID token', async () => {
    const code = await codeFrom(idp, { client_id: basicClient.client_id, nonce: 'n-7' });
    const report = await runChecks({ ...asPlatform(basicClient, code), nonce: 'n-7' });
    expect(statuses(report)).toEqual({
      discovery: 'pass',
      code_exchange: 'pass',
      decrypt: 'skip',
      signature: 'pass',
      iss: 'pass',
      aud: 'pass',
      azp: 'pass',
      exp: 'pass',
      iat: 'pass',
      nonce: 'pass',
      sub: 'pass',
      google_shape: 'pass',
      lp_sdes: 'pass',
    });
    expect(check(report, 'code_exchange').found).toMatch(
      /^HTTP 200 from .*\/token \(client_secret_basic\): /,
    );
    // at_hash is checked against the access token of the same response.
    expect(check(report, 'google_shape').found).toMatch(/at_hash/);
    expect(report.ok).toBe(true);
  });

  it('client_secret_post puts the credentials in the body', async () => {
    const code = await codeFrom(idp, { client_id: postClient.client_id });
    const report = await runChecks({ ...asPlatform(postClient, code), authMethod: 'client_secret_post' });
    expect(check(report, 'code_exchange').status).toBe('pass');
  });

  it('fails a code issued for another redirect URI, and says the platform sends https://liveperson.net', async () => {
    const code = await codeFrom(idp, { client_id: defaultClient.client_id });
    const report = await runChecks({
      code,
      issuer: idp.url,
      clientId: defaultClient.client_id,
      clientSecret: defaultClient.client_secret,
    });
    expect(check(report, 'code_exchange')).toMatchObject({
      status: 'fail',
      expected: 'HTTP 200 with a JSON object carrying id_token',
      found: expect.stringMatching(/^HTTP 400 from .*\/token: .*invalid_grant/),
      fix: expect.stringMatching(/https:\/\/liveperson\.net.*--redirect-uri/),
    });
    expect(check(report, 'signature')).toEqual({
      id: 'signature',
      status: 'skip',
      found: 'not run: no ID token',
    });
    expect(report.ok).toBe(false);
  });

  it('passes that code with --redirect-uri', async () => {
    const code = await codeFrom(idp, { client_id: defaultClient.client_id });
    const report = await runChecks({
      code,
      issuer: idp.url,
      clientId: defaultClient.client_id,
      clientSecret: defaultClient.client_secret,
      redirectUri: defaultClient.redirect_uri,
    });
    expect(report.ok).toBe(true);
  });

  it('fails a code used twice', async () => {
    const code = await codeFrom(idp, { client_id: basicClient.client_id });
    expect((await runChecks(asPlatform(basicClient, code))).ok).toBe(true);
    const again = await runChecks(asPlatform(basicClient, code));
    expect(check(again, 'code_exchange')).toMatchObject({
      status: 'fail',
      fix: expect.stringMatching(/fresh code/),
    });
  });

  it('fails a wrong secret, and suggests the other auth method', async () => {
    const code = await codeFrom(idp, { client_id: basicClient.client_id });
    const report = await runChecks({ ...asPlatform(basicClient, code), clientSecret: 'wrong' });
    expect(check(report, 'code_exchange')).toMatchObject({
      status: 'fail',
      found: expect.stringMatching(/invalid_client/),
      fix: expect.stringMatching(/--client-secret.*--auth-method client_secret_post/),
    });
  });

  it('sends --code-verifier for a PKCE code, and fails without it', async () => {
    const verifier = 'v'.repeat(43);
    const challenge = {
      client_id: basicClient.client_id,
      code_challenge: s256Of(verifier),
      code_challenge_method: 'S256',
    };
    const withVerifier = await runChecks({
      ...asPlatform(basicClient, await codeFrom(idp, challenge)),
      codeVerifier: verifier,
    });
    expect(check(withVerifier, 'code_exchange').status).toBe('pass');
    const without = await runChecks(asPlatform(basicClient, await codeFrom(idp, challenge)));
    expect(check(without, 'code_exchange').status).toBe('fail');
  });

  it('is skipped for an ID token', async () => {
    const report = await runChecks({ jwt: 'a.b.c', issuer: idp.url });
    expect(check(report, 'code_exchange')).toEqual({
      id: 'code_exchange',
      status: 'skip',
      found: 'an ID token was given, not a code',
    });
  });
});

describe('verify: code_exchange against another IdP', () => {
  const brand = () => ({
    code: 'good-code',
    issuer: fake.url,
    clientId: 'brand-client',
    clientSecret: 'brand-secret',
  });

  it('sends exactly what the platform sends', async () => {
    fakeAnswer = async () => ({ id_token: await signWith(brandKey, brandClaims(fake.url, 'brand-client')) });
    await runChecks(brand());
    const request = fake.lastTokenRequest!;
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from('brand-client:brand-secret').toString('base64')}`,
    );
    expect(Object.fromEntries(request.body)).toEqual({
      grant_type: 'authorization_code',
      code: 'good-code',
      redirect_uri: 'https://liveperson.net',
    });
  });

  it('fails an answer without id_token, naming the fields it had', async () => {
    fakeAnswer = async () => ({ access_token: 'at', token_type: 'Bearer' });
    const report = await runChecks(brand());
    expect(check(report, 'code_exchange')).toMatchObject({
      status: 'fail',
      found: 'HTTP 200 without id_token; fields: access_token, token_type',
    });
  });

  it("fails an unknown code with the IdP's error", async () => {
    const report = await runChecks({ ...brand(), code: 'bad-code' });
    expect(check(report, 'code_exchange').found).toMatch(/^HTTP 400 .*"error":"invalid_grant"/);
  });

  it('warns about a missing at_hash when an access token came with the ID token', async () => {
    fakeAnswer = async () => ({
      access_token: 'at-1',
      id_token: await signWith(brandKey, brandClaims(fake.url, 'brand-client'), { typ: 'JWT' }),
    });
    const report = await runChecks(brand());
    expect(check(report, 'google_shape')).toMatchObject({
      status: 'warn',
      found: expect.stringMatching(/at_hash absent/),
    });
    expect(report.ok).toBe(true);
  });
});
