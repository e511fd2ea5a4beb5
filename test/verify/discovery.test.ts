import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { runChecks } from '../../src/verify/run.js';
import { startTestIdp } from '../helpers/idp.js';
import {
  check,
  deadUrl,
  type FakeIdp,
  foreignKey,
  idTokenFrom,
  json,
  startFakeIdp,
  statuses,
} from './support.js';

let idp: RunningIdp;
let google: RunningIdp;
let fake: FakeIdp;
beforeAll(async () => {
  // One after the other: the first start creates the shared key file.
  idp = await startTestIdp();
  google = await startTestIdp({ impersonateGoogle: true });
  fake = await startFakeIdp(await foreignKey(), async () => ({}));
});
afterAll(() => Promise.all([idp?.stop(), google?.stop(), fake?.stop()]));

describe('verify: discovery', () => {
  it('passes against our IdP and names the token endpoint and JWKS it found', async () => {
    const report = await runChecks({ jwt: await idTokenFrom(idp, 'persona-1'), issuer: idp.url });
    expect(check(report, 'discovery')).toEqual({
      id: 'discovery',
      status: 'pass',
      found: `${idp.url}/.well-known/openid-configuration: token_endpoint ${idp.url}/token, jwks_uri ${idp.url}/oauth2/v3/certs`,
    });
  });

  it('fails when nothing answers at the issuer, and the checks that need it do not run', async () => {
    const report = await runChecks({
      jwt: await idTokenFrom(idp, 'persona-1'),
      issuer: `${idp.url}/nowhere`,
    });
    const discovery = check(report, 'discovery');
    expect(discovery.status).toBe('fail');
    expect(discovery.found).toMatch(/^HTTP 404/);
    expect(discovery.fix).toMatch(/nowhere\/\.well-known\/openid-configuration/);
    expect(check(report, 'signature')).toMatchObject({
      status: 'skip',
      found: expect.stringMatching(/discovery failed/),
    });
    expect(report.ok).toBe(false);
  });

  it('fails on a connection refused, with the reason', async () => {
    const report = await runChecks({ jwt: 'a.b.c', issuer: await deadUrl() });
    expect(check(report, 'discovery')).toMatchObject({
      status: 'fail',
      found: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it('fails when jwks_uri or token_endpoint is missing', async () => {
    fake.routes.set('/.well-known/openid-configuration', (_, __, response) =>
      json(response, 200, { issuer: fake.url }),
    );
    const report = await runChecks({
      code: 'good-code',
      clientId: 'brand-client',
      clientSecret: 'brand-secret',
      issuer: fake.url,
    });
    const discovery = check(report, 'discovery');
    expect(discovery.status).toBe('fail');
    expect(discovery.expected).toMatch(/token_endpoint: an absolute URL.*jwks_uri: an absolute URL/);
    expect(check(report, 'code_exchange')).toMatchObject({ status: 'skip' });
  });

  it('fails on a document that is not JSON', async () => {
    fake.routes.set('/.well-known/openid-configuration', (_, __, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>login</html>');
    });
    const report = await runChecks({ jwt: 'a.b.c', issuer: fake.url });
    expect(check(report, 'discovery')).toMatchObject({
      status: 'fail',
      found: 'HTTP 200: <html>login</html>',
    });
  });

  it('warns when its issuer is not the expected iss: a Google impersonation checked without --expected-iss', async () => {
    const jwt = await idTokenFrom(google, 'persona-1');
    const report = await runChecks({ jwt, issuer: google.url });
    expect(check(report, 'discovery')).toMatchObject({
      status: 'warn',
      expected: `issuer "${google.url}" (the iss the tokens must carry)`,
      found: 'issuer "https://accounts.google.com"',
    });
    expect(check(report, 'iss').status).toBe('fail');
  });

  it('passes a Google impersonation with --expected-iss https://accounts.google.com', async () => {
    const jwt = await idTokenFrom(google, 'persona-1');
    const report = await runChecks({
      jwt,
      issuer: google.url,
      expectedIss: 'https://accounts.google.com',
      clientId: 'mock-client',
    });
    expect(report.ok).toBe(true);
    expect(Object.values(statuses(report))).not.toContain('warn');
  });

  it('is skipped when the signing keys are given and there is no code to exchange', async () => {
    const report = await runChecks({
      jwt: await idTokenFrom(idp, 'persona-1'),
      issuer: 'https://not-fetched.invalid',
      expectedIss: idp.issuer,
      jwks: { keys: [idp.context.keys[0]!.publicJwk], where: 'a file' },
    });
    expect(check(report, 'discovery')).toMatchObject({ status: 'skip' });
    expect(check(report, 'signature').status).toBe('pass');
  });
});
