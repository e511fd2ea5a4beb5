import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockIdp, startMockIdp } from '../../src/index.js';
import { defaultClient } from '../helpers/idp.js';
import { codeFlow, discoverRp } from '../helpers/rp.js';

let idp: MockIdp;
beforeAll(async () => {
  idp = await startMockIdp({
    seed: 7,
    personas: [{ id: 'ada', given_name: 'Ada', family_name: 'Lovelace', profile: { ctype: 'vip' } }],
    clients: [
      { client_id: 'suite', client_secret: 'suite-secret', redirect_uris: ['https://suite.example.test/cb'] },
    ],
  });
});
afterAll(() => idp.stop());

describe('startMockIdp', () => {
  it('listens on a free loopback port and exposes issuer, url and personas', () => {
    expect(idp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(idp.issuer).toBe(idp.url);
    expect(idp.personas.find((p) => p.id === 'ada')).toMatchObject({
      name: 'Ada Lovelace',
      profile: { ctype: 'vip' },
    });
  });

  it('code() gives a code redeemable at the token endpoint, as POST /api/code', async () => {
    const { code, expires_in } = await idp.code({ persona: 'ada', clientId: 'suite' });
    expect(expires_in).toBe(600);
    const config = await discoverRp(idp.issuer, 'suite', 'suite-secret');
    const callback = new URL('https://suite.example.test/cb');
    callback.search = new URLSearchParams({ code, iss: idp.issuer }).toString();
    const tokens = await client.authorizationCodeGrant(config, callback);
    expect(tokens.claims()?.given_name).toBe('Ada');
  });

  it('idToken() gives an envelope token, as POST /api/jwt', async () => {
    const { id_token } = await idp.idToken({ persona: 'ada', clientId: 'suite', ttl: 60 });
    const claims = JSON.parse(Buffer.from(id_token.split('.')[1] as string, 'base64url').toString());
    expect(claims).toMatchObject({ aud: 'suite', given_name: 'Ada' });
    expect(claims.exp - claims.iat).toBe(60);
  });

  it('refuses invalid additions with the field named', async () => {
    await expect(startMockIdp({ personas: [{ id: 'x', email: 'not-an-email' }] as never })).rejects.toThrow(
      /startMockIdp options: personas\[0\]\.email/,
    );
  });
});

describe('logs', () => {
  it('records requests with secrets masked, and what was issued', async () => {
    const config = await discoverRp(
      idp.issuer,
      defaultClient.client_id,
      defaultClient.client_secret,
      'client_secret_post',
    );
    const waiting = idp.waitForRequest({ path: '/token' });
    await codeFlow(config, defaultClient.redirect_uri, 'ada');
    const token = await waiting;
    expect(token).toMatchObject({ method: 'POST', status: 200, client_id: 'mock-client', persona: 'ada' });
    expect(token.params.client_secret).toBe('***');
    expect(token.params.code_verifier).toBe('***');
    expect(JSON.stringify(idp.requests)).not.toContain(defaultClient.client_secret);
    const authorize = idp.requests.find((r) => r.path === '/o/oauth2/v2/auth');
    expect(authorize).toMatchObject({ method: 'GET', status: 303, client_id: 'mock-client', persona: 'ada' });
    const issued = idp.issued.filter((r) => r.persona === 'ada' && r.client_id === 'mock-client');
    expect(issued.map((r) => r.kind).sort()).toEqual(['access_token', 'id_token']);
    const idToken = issued.find((r) => r.kind === 'id_token');
    expect(idToken?.header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(idToken?.claims).toMatchObject({ aud: 'mock-client', given_name: 'Ada' });
  });

  it('waitForRequest matches only requests after the call, and rejects after timeoutMs', async () => {
    await fetch(`${idp.url}/.well-known/openid-configuration`);
    await expect(
      idp.waitForRequest({ path: '/.well-known/openid-configuration' }, { timeoutMs: 200 }),
    ).rejects.toThrow(
      /no request matching {"path":"\/.well-known\/openid-configuration"} arrived within 200 ms/,
    );
  });
});

describe('runtime changes and reset', () => {
  it('addPersona, addClient, setFaults and the clock, all undone by reset()', async () => {
    await idp.addPersona({ id: 'grace', email: 'grace@example.test' });
    await idp.addClient({
      client_id: 'added',
      client_secret: 's',
      redirect_uris: ['https://added.example.test/cb'],
    });
    await idp.setFaults(['expired'], { for: { persona: 'grace' } });
    idp.clock.advance(3600);
    const { id_token } = await idp.idToken({ persona: 'grace', clientId: 'added' });
    const claims = JSON.parse(Buffer.from(id_token.split('.')[1] as string, 'base64url').toString());
    expect(claims.exp).toBeLessThan(Date.now() / 1000 + 3600);

    await idp.reset();
    expect(idp.personas.find((p) => p.id === 'grace')).toBeUndefined();
    expect(idp.personas.find((p) => p.id === 'ada')).toBeDefined();
    await expect(idp.idToken({ persona: 'ada', clientId: 'added' })).rejects.toThrow(/no client "added"/);
    expect(idp.requests).toEqual([]);
    expect(idp.issued).toEqual([]);
    expect(idp.clock.state().offset_s).toBe(0);
    const fresh = await idp.idToken({ persona: 'ada', clientId: 'suite' });
    const freshClaims = JSON.parse(
      Buffer.from(fresh.id_token.split('.')[1] as string, 'base64url').toString(),
    );
    expect(freshClaims.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it('faults given at start stay in force after reset()', async () => {
    const faulty = await startMockIdp({ faults: ['wrong_issuer'] });
    await faulty.reset();
    const { id_token } = await faulty.idToken({ persona: 'persona-1', clientId: 'mock-client' });
    expect(JSON.parse(Buffer.from(id_token.split('.')[1] as string, 'base64url').toString()).iss).not.toBe(
      faulty.issuer,
    );
    await faulty.stop();
  });
});
