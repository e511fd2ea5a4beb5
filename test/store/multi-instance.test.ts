import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCli, runCli } from '../helpers/cli.js';
import { defaultClient } from '../helpers/idp.js';
import { freePort, startRedis, type TestRedis } from '../helpers/redis.js';
import {
  authorize,
  type Client,
  codeFrom,
  sharedIssuer as issuer,
  redeem,
  startTwoInstances,
  type TwoInstances,
  tokenRequest,
} from '../helpers/two-instances.js';

let redis: TestRedis;
let instances: TwoInstances;
let a: RunningCli;
let b: RunningCli;
let urlA: string;
let urlB: string;

beforeAll(async () => {
  redis = await startRedis();
  instances = await startTwoInstances(redis.url);
  ({ a, b, urlA, urlB } = instances);
});
afterAll(async () => {
  await instances?.stop();
  await redis?.stop();
});

async function jwks(base: string) {
  return (await (await fetch(new URL('/oauth2/v3/certs', base))).json()) as { keys: Array<{ kid: string }> };
}

async function register(base: string): Promise<Client> {
  const redirect_uri = 'https://rp.example.test/callback';
  const response = await fetch(new URL('/register', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: [redirect_uri],
      token_endpoint_auth_method: 'client_secret_basic',
    }),
  });
  expect(response.status).toBe(201);
  const { client_id, client_secret } = (await response.json()) as Client;
  return { client_id, client_secret, redirect_uri };
}

describe('two IdP processes on one Redis act as one IdP', () => {
  it('a code issued by A is redeemed at B, and its replay at A is refused', async () => {
    const code = await codeFrom(urlA);
    const atB = await redeem(urlB, code);
    expect(atB.status).toBe(200);
    const { payload, protectedHeader } = await jwtVerify(
      atB.body.id_token as string,
      createLocalJWKSet(await jwks(urlA)),
      {
        issuer,
        audience: defaultClient.client_id,
      },
    );
    expect(payload).toMatchObject({ nonce: 'n-1', email: expect.any(String) });
    expect(protectedHeader.kid).toBe((await jwks(urlB)).keys[0]!.kid);

    const replay = await redeem(urlA, code);
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // Reuse revokes what the code gave (oidc-provider's replay rule), on every instance.
    const userinfo = await fetch(new URL('/v1/userinfo', urlB), {
      headers: { authorization: `Bearer ${atB.body.access_token}` },
    });
    expect(userinfo.status).toBe(401);
  });

  it('a refresh token issued at A works at B; revoked at B, it is refused at A', async () => {
    const code = await codeFrom(urlA, defaultClient, { access_type: 'offline' });
    const { body } = await redeem(urlA, code);
    const refresh_token = body.refresh_token as string;
    expect(refresh_token).toMatch(/^1\/\/0/);
    const refreshed = await tokenRequest(urlB, defaultClient, { grant_type: 'refresh_token', refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).toMatch(/^ya29\./);
    const revoke = await fetch(new URL('/revoke', urlB), {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${defaultClient.client_id}:${defaultClient.client_secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token: refreshed.body.refresh_token ?? refresh_token }),
    });
    expect(revoke.status).toBe(200);
    const again = await tokenRequest(urlA, defaultClient, {
      grant_type: 'refresh_token',
      refresh_token: refreshed.body.refresh_token ?? refresh_token,
    });
    expect(again).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('one code redeemed at A and B at the same moment: exactly one 200', async () => {
    for (let round = 0; round < 5; round++) {
      const code = await codeFrom(round % 2 ? urlA : urlB);
      const answers = await Promise.all([redeem(urlA, code), redeem(urlB, code), redeem(urlA, code)]);
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([200, 400, 400]);
      for (const refused of answers.filter((answer) => answer.status === 400)) {
        expect(refused.body.error).toBe('invalid_grant');
      }
    }
  });

  it('a client registered at A (DCR) is known at B', async () => {
    const client = await register(urlA);
    const code = await codeFrom(urlB, client);
    const redeemed = await redeem(urlA, code, client);
    expect(redeemed.status).toBe(200);
    const listed = (await (await fetch(new URL('/admin/clients', urlB))).json()) as Client[];
    expect(listed.map((c) => c.client_id)).toContain(client.client_id);
  });

  it('A and B publish the same JWKS, and a rotation at A shows at B at once', async () => {
    const before = await jwks(urlA);
    expect(await jwks(urlB)).toEqual(before);
    const rotated = await fetch(new URL('/admin/keys/rotate', urlA), { method: 'POST' });
    const { kid, published } = (await rotated.json()) as { kid: string; published: string[] };
    expect(published).toEqual([kid, before.keys[0]!.kid]);
    const atB = await jwks(urlB);
    expect(atB.keys.map((key) => key.kid)).toEqual(published);
    expect(await jwks(urlA)).toEqual(atB);
    // B signs with the new key.
    const { body } = await redeem(urlA, await codeFrom(urlB));
    const header = JSON.parse(Buffer.from((body.id_token as string).split('.')[0]!, 'base64url').toString());
    expect(header.kid).toBe(kid);
  });

  it('a Redis that stops answering: 503 within 5 s, never a hang; works again when it answers', async () => {
    const code = await codeFrom(urlA);
    redis.pause();
    try {
      for (const request of [() => redeem(urlB, code), () => authorize(urlA), () => redeem(urlA, code)]) {
        const started = Date.now();
        const { status } = await request();
        expect(Date.now() - started).toBeLessThan(5000);
        expect(status).toBe(503);
      }
    } finally {
      redis.resume();
    }
    // Both instances recover without a restart (each reconnects on its own schedule).
    await expect.poll(async () => (await authorize(urlB)).status, { timeout: 10_000 }).toBe(303);
    await expect.poll(async () => (await authorize(urlA)).status, { timeout: 10_000 }).toBe(303);
    expect((await redeem(urlB, code)).status).toBe(200);
  });

  it('Redis restarting empty mid-test: 503 temporarily_unavailable within 5 s, then flows work again, same keys', async () => {
    const keysBefore = await jwks(urlA);
    const code = await codeFrom(urlA);
    await redis.stop();
    try {
      const during = [
        () => redeem(urlB, code).then(({ status, body }) => ({ status, body })),
        () => authorize(urlA).then(({ status, body }) => ({ status, body: JSON.parse(body) })),
        async () => {
          const response = await fetch(new URL('/register', urlB), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ redirect_uris: ['https://rp.example.test/cb'] }),
          });
          return { status: response.status, body: await response.json() };
        },
      ];
      for (const request of during) {
        const started = Date.now();
        const { status, body } = await request();
        expect(Date.now() - started).toBeLessThan(5000);
        expect(status).toBe(503);
        expect(body).toMatchObject({
          error: 'temporarily_unavailable',
          error_description: expect.stringContaining(`Redis at ${redis.url} is unreachable`),
        });
      }
      // What needs no Redis goes on: the JWKS from the keys in hand.
      expect(await jwks(urlB)).toEqual(keysBefore);
    } finally {
      await redis.start();
    }

    // Back, empty: no restart of the IdPs. Codes issued before are gone with Redis.
    await expect.poll(async () => (await authorize(urlA)).status, { timeout: 5000 }).toBe(303);
    const fresh = await codeFrom(urlB);
    expect((await redeem(urlA, fresh)).status).toBe(200);
    expect((await redeem(urlB, fresh)).body.error).toBe('invalid_grant');
    expect((await redeem(urlA, code)).body.error).toBe('invalid_grant');
    expect(await jwks(urlA)).toEqual(keysBefore);
    expect(await jwks(urlB)).toEqual(keysBefore);
    // stderr is a separate pipe from the requests: give it a moment.
    await expect.poll(() => a.stderr(), { timeout: 2000 }).toContain(`Redis at ${redis.url} is back`);
    await expect.poll(() => b.stderr(), { timeout: 2000 }).toContain(`Redis at ${redis.url} is back`);
  });
});

describe('mock-idp start --store', () => {
  it('exits non-zero within 10 s, naming the URL, when Redis cannot be reached', async () => {
    const url = `redis://127.0.0.1:${await freePort()}/0`;
    const started = Date.now();
    const result = await runCli(['start', '--port', '0', '--store', url]);
    const elapsed = Date.now() - started;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`mock-idp: cannot reach Redis at ${url}: `);
    expect(result.stdout).not.toContain('ready');
    expect(elapsed).toBeLessThan(10_000);
  });

  it('refuses a --store that is not a Redis URL', async () => {
    const result = await runCli(['start', '--port', '0', '--store', 'localhost:6379']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--store must be a Redis URL such as redis://127.0.0.1:6379/0');
  });
});
