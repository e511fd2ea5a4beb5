import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultClient } from '../helpers/idp.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import {
  authorize,
  codeFrom,
  redeem,
  sharedIssuer,
  startTwoInstances,
  type TwoInstances,
} from '../helpers/two-instances.js';

let redis: TestRedis;
let instances: TwoInstances;
let urlA: string;
let urlB: string;

beforeAll(async () => {
  redis = await startRedis();
  instances = await startTwoInstances(redis.url);
  ({ urlA, urlB } = instances);
});
afterAll(async () => {
  await instances?.stop();
  await redis?.stop();
});
beforeEach(async () => {
  expect((await admin(urlA, 'POST', '/admin/reset')).status).toBe(204);
});

/** An admin API call; the JSON answer, if any. */
async function admin(base: string, method: string, path: string, body?: unknown) {
  const response = await fetch(new URL(path, base), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: the admin API's JSON, read field by field below
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as any };
}

/** The ID token's claims, verified against `base`'s JWKS. */
async function verifiedClaims(base: string, idToken: string) {
  const jwks = await (await fetch(new URL('/oauth2/v3/certs', base))).json();
  const { payload } = await jwtVerify(idToken, createLocalJWKSet(jwks), {
    issuer: sharedIssuer,
    audience: defaultClient.client_id,
  });
  return payload;
}

describe('two IdP processes on one Redis share the runtime state', () => {
  it('a persona added at A logs in at B, and one made from a login_hint email at A is known at B', async () => {
    const added = await admin(urlA, 'POST', '/admin/personas', {
      id: 'added-at-a',
      email: 'added.at.a@example.test',
      name: 'Added At A',
    });
    expect(added.status).toBe(201);
    const listed = await admin(urlB, 'GET', '/admin/personas');
    expect(listed.body.map((p: { id: string }) => p.id)).toContain('added-at-a');

    const code = await codeFrom(urlB, defaultClient, { login_hint: 'added-at-a' });
    const { status, body } = await redeem(urlA, code);
    expect(status).toBe(200);
    expect(await verifiedClaims(urlB, body.id_token as string)).toMatchObject({
      email: 'added.at.a@example.test',
      name: 'Added At A',
      nonce: 'n-1',
    });

    // A persona created from an unknown email in login_hint at A: its code is redeemed, and its userinfo read, at B.
    const hinted = await codeFrom(urlA, defaultClient, { login_hint: 'new.comer@example.test' });
    const redeemed = await redeem(urlB, hinted);
    expect(redeemed.status).toBe(200);
    expect(decodeJwt(redeemed.body.id_token as string).email).toBe('new.comer@example.test');
    const userinfo = await fetch(new URL('/v1/userinfo', urlB), {
      headers: { authorization: `Bearer ${redeemed.body.access_token}` },
    });
    expect(await userinfo.json()).toMatchObject({ email: 'new.comer@example.test' });
  });

  it('a fault set at A acts at B; cleared at B, it is gone at A', async () => {
    const set = await admin(urlA, 'PUT', '/admin/faults', {
      faults: ['access_denied'],
      for: { persona: 'persona-2' },
    });
    expect(set.status).toBe(200);
    const refused = await authorize(urlB, defaultClient, { login_hint: 'persona-2' });
    expect(new URL(refused.location as string).searchParams.get('error')).toBe('access_denied');
    expect((await authorize(urlB)).code).toEqual(expect.any(String));
    expect((await admin(urlB, 'GET', '/admin/faults')).body.faults).toEqual([
      { faults: ['access_denied'], for: { persona: 'persona-2' } },
    ]);

    await admin(urlB, 'DELETE', '/admin/faults');
    expect((await authorize(urlA, defaultClient, { login_hint: 'persona-2' })).code).toEqual(
      expect.any(String),
    );
  });

  it('a times: 1 fault fires exactly once across A and B, even under concurrent requests', async () => {
    const next = (base: string) =>
      admin(base, 'POST', '/admin/faults/next', { faults: ['token_endpoint_500'] });
    // Set at A, met at B first: it acts there, and is used up for A too.
    expect((await next(urlA)).status).toBe(200);
    expect((await redeem(urlB, await codeFrom(urlA))).status).toBe(500);
    expect((await redeem(urlA, await codeFrom(urlA))).status).toBe(200);

    for (const base of [urlA, urlB, urlA]) {
      const codes = await Promise.all([urlA, urlB, urlA, urlB, urlA, urlB].map((url) => codeFrom(url)));
      expect((await next(base)).status).toBe(200);
      const answers = await Promise.all(codes.map((code, i) => redeem(i % 2 ? urlA : urlB, code)));
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 200, 500]);
      expect((await admin(urlA, 'GET', '/admin/faults')).body.faults).toEqual([]);
      expect((await admin(urlB, 'GET', '/admin/faults')).body.faults).toEqual([]);
    }
  });

  it('the clock set at A is the clock at B', async () => {
    expect((await admin(urlA, 'PUT', '/admin/clock', { offset_s: 7200 })).status).toBe(200);
    expect((await admin(urlB, 'GET', '/admin/clock')).body.offset_s).toBe(7200);
    const { body } = await redeem(urlB, await codeFrom(urlB));
    const { iat } = decodeJwt(body.id_token as string);
    expect(iat).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 7200 - 5);
  });

  it("a request made at B, and the tokens B issued, show in A's logs", async () => {
    const code = await codeFrom(urlB, defaultClient, { state: 'made-at-b' });
    const { body } = await redeem(urlB, code);
    const requests = (await admin(urlA, 'GET', '/admin/requests')).body as Array<Record<string, unknown>>;
    expect(requests).toContainEqual(
      expect.objectContaining({
        path: '/o/oauth2/v2/auth',
        client_id: defaultClient.client_id,
        params: expect.objectContaining({ state: 'made-at-b' }),
      }),
    );
    expect(requests.at(-1)).toMatchObject({ method: 'POST', path: '/token', status: 200 });
    const tokens = (await admin(urlA, 'GET', '/admin/tokens')).body as Array<Record<string, unknown>>;
    expect(tokens.map((token) => token.token)).toContain(body.id_token);
  });

  it('reset at A clears personas, faults, the clock and the logs at B', async () => {
    await admin(urlB, 'POST', '/admin/personas', { id: 'gone-after-reset' });
    await admin(urlB, 'PUT', '/admin/faults', { faults: ['expired'] });
    await admin(urlB, 'PUT', '/admin/clock', { offset_s: 60 });
    await codeFrom(urlB);
    expect((await admin(urlA, 'GET', '/admin/requests')).body).not.toEqual([]);

    expect((await admin(urlA, 'POST', '/admin/reset')).status).toBe(204);
    const personas = (await admin(urlB, 'GET', '/admin/personas')).body as Array<{ id: string }>;
    expect(personas.map((p) => p.id)).not.toContain('gone-after-reset');
    expect((await admin(urlB, 'GET', '/admin/faults')).body.faults).toEqual([]);
    expect((await admin(urlB, 'GET', '/admin/clock')).body.offset_s).toBe(0);
    expect((await admin(urlB, 'GET', '/admin/requests')).body).toEqual([]);
    expect((await admin(urlB, 'GET', '/admin/tokens')).body).toEqual([]);
    const login = await authorize(urlB, defaultClient, { login_hint: 'gone-after-reset' });
    expect(login.code).toBeNull();
  });

  it('Redis away: runtime changes and the logs answer 503 within 5 s, leave nothing behind, and work once it is back', async () => {
    // Hanging: the clock change at A is refused, and A goes back to the shared clock when Redis answers again.
    expect((await admin(urlA, 'GET', '/admin/clock')).body.offset_s).toBe(0);
    redis.pause();
    try {
      const started = Date.now();
      const refused = await admin(urlA, 'PUT', '/admin/clock', { offset_s: 60 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(refused).toMatchObject({ status: 503, body: { error: 'temporarily_unavailable' } });
    } finally {
      redis.resume();
    }
    await expect
      .poll(async () => (await admin(urlA, 'GET', '/admin/clock')).body?.offset_s, { timeout: 10_000 })
      .toBe(0);

    // Gone: nothing is changed, nothing is read.
    await redis.stop();
    try {
      for (const [method, path, body] of [
        ['POST', '/admin/personas', { id: 'while-down' }],
        ['PUT', '/admin/faults', { faults: ['expired'] }],
        ['DELETE', '/admin/faults'],
        ['GET', '/admin/requests'],
      ] as const) {
        const started = Date.now();
        const answer = await admin(urlA, method, path, body);
        expect(Date.now() - started).toBeLessThan(5000);
        expect(answer).toMatchObject({ status: 503, body: { error: 'temporarily_unavailable' } });
      }
    } finally {
      await redis.start();
    }
    await expect
      .poll(async () => (await admin(urlA, 'POST', '/admin/personas', { id: 'while-down' })).status, {
        timeout: 5000,
      })
      .toBe(201);
    const listed = (await admin(urlB, 'GET', '/admin/personas')).body as Array<{ id: string }>;
    expect(listed.map((p) => p.id)).toContain('while-down');
  });
});
