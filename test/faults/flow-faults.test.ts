/**
 * Every flow fault, as the relying party sees it: the exact OAuth error at the redirect URI (with state), the
 * token endpoint's status and error, the JWKS's 503, and the delay of `slow:<ms>`. Faults are set per client
 * (`mock_faults` at /register) so tests do not share them; the global ones (jwks_unavailable, global slow)
 * are cleared after each test.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authorizationErrors } from '../../src/faults/catalogue.js';
import type { RunningIdp } from '../../src/server/start.js';
import { CookieClient } from '../helpers/browser-like.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { register } from '../helpers/platform.js';
import { codeFlow, discoverRp } from '../helpers/rp.js';
import {
  adminOf,
  authorizeFor,
  call,
  envelopeToken,
  type RawClient,
  redeemCode,
  rejectionOf,
} from './support.js';

const redirectUri = 'https://rp.example.test/callback';

let idp: RunningIdp;
let admin: ReturnType<typeof adminOf>;
beforeAll(async () => {
  idp = await startTestIdp();
  admin = adminOf(idp.url);
});
afterEach(async () => {
  await admin.clearFaults();
});
afterAll(() => idp.stop());

/** A fresh client with its own faults, for the raw helpers and openid-client alike. */
async function clientWith(faults: string[]): Promise<RawClient & { config: client.Configuration }> {
  const { client_id, client_secret } = await register(idp.url, {
    redirect_uris: [redirectUri],
    ...(faults.length > 0 ? { mock_faults: faults } : {}),
  });
  return {
    base: idp.url,
    clientId: client_id,
    secret: client_secret,
    redirectUri,
    config: await discoverRp(idp.issuer, client_id, client_secret),
  };
}

async function elapsed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

describe('authorization errors are returned to the redirect URI, with state', () => {
  it.each(authorizationErrors)('%s', async (fault) => {
    const rp = await clientWith([fault]);
    const { status, location, params } = await authorizeFor(rp, 'persona-1');
    expect(status).toBe(303);
    expect(`${location?.origin}${location?.pathname}`).toBe(redirectUri);
    expect(params).toMatchObject({ error: fault, state: 'fault-state', iss: idp.issuer });
    expect(params.error_description).toContain(fault);
    expect(params).not.toHaveProperty('code');
    // openid-client sees the same error when it handles the callback.
    const error = await rejectionOf(
      client.authorizationCodeGrant(rp.config, location as URL, {
        expectedState: 'fault-state',
        pkceCodeVerifier: 'unused-verifier-unused-verifier-unused-verifier',
      }),
    );
    expect(error).toBeInstanceOf(client.AuthorizationResponseError);
    expect(error.error).toBe(fault);
  });

  it('a persona fault also ends a login made on the persona picker (no login_hint)', async () => {
    await admin.putFaults({ faults: ['access_denied'], for: { persona: 'persona-7' } });
    const browser = new CookieClient();
    const url = client.buildAuthorizationUrl(
      await discoverRp(idp.issuer, defaultClient.client_id, defaultClient.client_secret),
      { redirect_uri: defaultClient.redirect_uri, scope: 'openid email', state: 'picker' },
    );
    const { response } = await browser.follow(url, idp.url);
    const action = /action="(\/interaction\/[^"]+\/login)"/.exec(await response.text())?.[1];
    expect(action).toBeDefined();
    const { exit } = await browser.follow(new URL(action as string, idp.url), idp.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ persona: 'persona-7' }),
    });
    expect(exit?.searchParams.get('error')).toBe('access_denied');
    expect(exit?.searchParams.get('state')).toBe('picker');
  });
});

describe('invalid_grant_on_token', () => {
  it('the token endpoint answers 400 invalid_grant for a good code, and openid-client reports it', async () => {
    const rp = await clientWith(['invalid_grant_on_token']);
    const { params, verifier } = await authorizeFor(rp, 'persona-1');
    expect(params.code).toBeDefined();
    const { status, body } = await redeemCode(rp, params.code as string, verifier);
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');

    const error = await rejectionOf(codeFlow(rp.config, redirectUri, 'persona-1'));
    expect(error).toBeInstanceOf(client.ResponseBodyError);
    expect(error).toMatchObject({ status: 400, error: 'invalid_grant' });
  });

  it('with times: 1 only the first redemption is refused, and the code is used up by it', async () => {
    // As at a real IdP, a refused code is dead: an RP that wrongly retries the same code gets invalid_grant.
    const rp = await clientWith([]);
    await admin.putFaults({ faults: ['invalid_grant_on_token'], for: { client_id: rp.clientId }, times: 1 });
    const { params, verifier } = await authorizeFor(rp, 'persona-1');
    const first = await redeemCode(rp, params.code as string, verifier);
    expect(first.status).toBe(400);
    expect(first.body.error).toBe('invalid_grant');
    expect((await admin.faults()).body.faults).toEqual([]);
    const second = await redeemCode(rp, params.code as string, verifier);
    expect(second.status).toBe(400);
    expect(second.body.error).toBe('invalid_grant');
    const { params: fresh, verifier: freshVerifier } = await authorizeFor(rp, 'persona-1');
    expect((await redeemCode(rp, fresh.code as string, freshVerifier)).status).toBe(200);
  });
});

describe('token_endpoint_500', () => {
  it('the token endpoint answers HTTP 500 server_error, and openid-client throws', async () => {
    const rp = await clientWith(['token_endpoint_500']);
    const { params, verifier } = await authorizeFor(rp, 'persona-1');
    const { status, body } = await redeemCode(rp, params.code as string, verifier);
    expect(status).toBe(500);
    expect(body.error).toBe('server_error');

    // openid-client does not read an error body off a 500: it refuses the response as not conform.
    const error = await rejectionOf(codeFlow(rp.config, redirectUri, 'persona-1'));
    expect(error.code).toBe('OAUTH_RESPONSE_IS_NOT_CONFORM');
    expect((error.cause as Response).status).toBe(500);
  });

  it('the authorization endpoint is not affected: the flow fails only at the token endpoint', async () => {
    const rp = await clientWith(['token_endpoint_500']);
    const { params } = await authorizeFor(rp, 'persona-1');
    expect(params.code).toMatch(/^4\/0A/);
  });
});

describe('jwks_unavailable', () => {
  const certs = ['/oauth2/v3/certs', '/oauth2/v1/certs'];

  it('both key endpoints answer 503 (Retry-After), other endpoints do not; DELETE restores them', async () => {
    expect((await admin.putFaults({ faults: ['jwks_unavailable'] })).status).toBe(200);
    for (const path of certs) {
      const { status, body, headers } = await call(idp.url, 'GET', path);
      expect(status, path).toBe(503);
      expect(headers.get('retry-after'), path).toBe('5');
      expect(body.error, path).toBe('temporarily_unavailable');
    }
    expect((await call(idp.url, 'GET', '/.well-known/openid-configuration')).status).toBe(200);
    await admin.clearFaults();
    for (const path of certs) expect((await call(idp.url, 'GET', path)).status, path).toBe(200);
  });

  it('an RP without cached keys cannot verify; one with cached keys keeps verifying', async () => {
    const cached = createRemoteJWKSet(new URL(`${idp.url}/oauth2/v3/certs`));
    const before = await envelopeToken(idp.url, { persona: 'persona-1', client_id: 'mock-client' });
    await jwtVerify(before, cached);

    await admin.putFaults({ faults: ['jwks_unavailable'] });
    const token = await envelopeToken(idp.url, { persona: 'persona-2', client_id: 'mock-client' });
    await expect(jwtVerify(token, cached)).resolves.toBeTruthy();
    const cold = createRemoteJWKSet(new URL(`${idp.url}/oauth2/v3/certs`));
    const error = await rejectionOf(jwtVerify(token, cold));
    expect(error.message).toMatch(/200 OK/);

    const rp = await discoverRp(idp.issuer, defaultClient.client_id, defaultClient.client_secret);
    const refused = await rejectionOf(codeFlow(rp, defaultClient.redirect_uri, 'persona-1'));
    expect(refused).toBeInstanceOf(client.ClientError);
  });

  it('POST /admin/faults/next: only the next JWKS request gets the 503', async () => {
    await admin.nextFaults({ faults: ['jwks_unavailable'] });
    expect((await call(idp.url, 'GET', '/oauth2/v3/certs')).status).toBe(503);
    expect((await call(idp.url, 'GET', '/oauth2/v3/certs')).status).toBe(200);
    expect((await call(idp.url, 'GET', '/oauth2/v1/certs')).status).toBe(200);
  });

  it('cannot be scoped to a client or persona: 400 saying why', async () => {
    const { status, body } = await admin.putFaults({
      faults: ['jwks_unavailable'],
      for: { client_id: 'mock-client' },
    });
    expect(status).toBe(400);
    expect(body.error_description).toMatch(/without "for"/);
  });
});

describe('slow:<ms>', () => {
  const ms = 300;

  it(`a client with slow:${ms}: its authorization and token requests each take at least ${ms} ms`, async () => {
    const rp = await clientWith([`slow:${ms}`]);
    const authorization = await elapsed(() => authorizeFor(rp, 'persona-1'));
    expect(authorization.ms).toBeGreaterThanOrEqual(ms - 5);
    const { code } = authorization.result.params;
    expect(code).toBeDefined();
    const token = await elapsed(() => redeemCode(rp, code as string, authorization.result.verifier));
    expect(token.ms).toBeGreaterThanOrEqual(ms - 5);
    expect(token.result.status).toBe(200);
  });

  it('the whole Code Flow through openid-client still succeeds, only later', async () => {
    const rp = await clientWith([`slow:${ms}`]);
    const { ms: took, result } = await elapsed(() => codeFlow(rp.config, redirectUri, 'persona-2'));
    expect(took).toBeGreaterThanOrEqual(2 * ms - 10);
    expect(result.tokens.claims()?.aud).toBe(rp.clientId);
  });

  it('an RP with a shorter timeout gives up in time instead of hanging', async () => {
    const rp = await clientWith(['slow:1000']);
    const url = new URL(`${idp.url}/o/oauth2/v2/auth`);
    url.search = new URLSearchParams({
      client_id: rp.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid',
      login_hint: 'persona-1',
    }).toString();
    const start = performance.now();
    const error = await rejectionOf(fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(150) }));
    expect(error.name).toBe('TimeoutError');
    expect(performance.now() - start).toBeLessThan(900);
  });

  it('a global slow rule delays every endpoint, discovery and JWKS included', async () => {
    await admin.putFaults({ faults: [`slow:${ms}`] });
    for (const path of ['/.well-known/openid-configuration', '/oauth2/v3/certs']) {
      const { ms: took, result } = await elapsed(() => call(idp.url, 'GET', path));
      expect(result.status, path).toBe(200);
      expect(took, path).toBeGreaterThanOrEqual(ms - 5);
    }
  });

  it('a persona slow rule delays its token request too (found through the code)', async () => {
    const rp = await clientWith([]);
    const { params, verifier } = await authorizeFor(rp, 'persona-8');
    await admin.putFaults({ faults: [`slow:${ms}`], for: { persona: 'persona-8' } });
    const token = await elapsed(() => redeemCode(rp, params.code as string, verifier));
    expect(token.result.status).toBe(200);
    expect(token.ms).toBeGreaterThanOrEqual(ms - 5);
  });
});
