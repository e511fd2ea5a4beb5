import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdapterPayload } from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../src/clock.js';
import { rotateSigningKeys } from '../../src/keys/rotate.js';
import { redisStore } from '../../src/store/redis-store.js';
import { StoreConnectError, StoreUnavailable } from '../../src/store/store.js';
import { startTestIdp } from '../helpers/idp.js';
import { freePort } from '../helpers/redis.js';
import { redisStoreSuite, runtimeParts } from '../helpers/redis-store.js';

const suite = redisStoreSuite();

const payload = (extra: Partial<AdapterPayload> = {}): AdapterPayload => ({
  jti: 'x',
  kind: 'AuthorizationCode',
  exp: Math.floor(Date.now() / 1000) + 60,
  ...extra,
});

describe('redisStore: oidc-provider adapter', () => {
  it('upserts and finds by id, uid and user code, with the TTL in Redis, under the IdP prefix', async () => {
    const { store } = await suite.open();
    const sessions = new store.Adapter('Session');
    await sessions.upsert('s1', payload({ uid: 'u1', userCode: 'UC-1' }), 120);
    expect(await sessions.find('s1')).toMatchObject({ uid: 'u1' });
    expect(await sessions.findByUid('u1')).toMatchObject({ jti: 'x', uid: 'u1' });
    expect(await sessions.findByUserCode('UC-1')).toMatchObject({ userCode: 'UC-1' });
    expect(await sessions.findByUid('nobody')).toBeUndefined();
    expect(await new store.Adapter('Interaction').find('s1')).toBeUndefined();

    const key = `${store.prefix}model:Session:s1`;
    expect(store.prefix).toMatch(/^mock-idp:http:\/\/ns-\d+\.test:$/);
    const ttl = await suite.peek.ttl(key);
    expect(ttl).toBeGreaterThan(110);
    expect(ttl).toBeLessThanOrEqual(120);
    expect(await suite.peek.ttl(`${store.prefix}uid:Session:u1`)).toBeGreaterThan(110);

    await sessions.upsert('forever', payload({ exp: undefined }), 0);
    expect(await suite.peek.ttl(`${store.prefix}model:Session:forever`)).toBe(-1);
    await sessions.destroy('s1');
    expect(await sessions.find('s1')).toBeUndefined();
    expect(await sessions.findByUid('u1')).toBeUndefined();
  });

  it('expires entries by the IdP clock too (payload exp), as the memory store does', async () => {
    const clock = new AdjustableClock();
    const { store } = await suite.open({ clock });
    const codes = new store.Adapter('AuthorizationCode');
    await codes.upsert('c1', payload(), 600);
    expect(await codes.find('c1')).toBeDefined();
    clock.advance(61);
    expect(await codes.find('c1')).toBeUndefined();
  });

  it('consume is atomic: of concurrent consumers on two instances exactly one wins, the others get invalid_grant', async () => {
    const namespace = 'http://shared-consume.test';
    const [{ store: a }, { store: b }] = await Promise.all([
      suite.open({ namespace }),
      suite.open({ namespace }),
    ]);
    for (let round = 0; round < 10; round++) {
      const id = `code-${round}`;
      await new a.Adapter('AuthorizationCode').upsert(id, payload(), 60);
      const attempts = await Promise.allSettled(
        [a, b, a, b].map((store) => new store.Adapter('AuthorizationCode').consume(id)),
      );
      expect(attempts.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of attempts.filter((r) => r.status === 'rejected')) {
        expect((r as PromiseRejectedResult).reason).toMatchObject({
          error: 'invalid_grant',
          error_detail: 'authorization code already consumed',
        });
      }
      const found = await new b.Adapter('AuthorizationCode').find(id);
      expect(found?.consumed).toEqual(expect.any(Number));
    }
    await expect(new a.Adapter('RefreshToken').consume('gone')).rejects.toMatchObject({
      error: 'invalid_grant',
      error_detail: 'refresh token not found',
    });
  });

  it('revokeByGrantId removes every entry of the grant, whatever its model, and nothing else', async () => {
    const { store } = await suite.open();
    await new store.Adapter('AuthorizationCode').upsert('c', payload({ grantId: 'g1' }), 60);
    await new store.Adapter('AccessToken').upsert('at', payload({ grantId: 'g1' }), 3600);
    await new store.Adapter('AccessToken').upsert('other', payload({ grantId: 'g2' }), 3600);
    expect(await suite.peek.ttl(`${store.prefix}grant:g1`)).toBeGreaterThan(3500);
    await new store.Adapter('RefreshToken').revokeByGrantId('g1');
    expect(await new store.Adapter('AuthorizationCode').find('c')).toBeUndefined();
    expect(await new store.Adapter('AccessToken').find('at')).toBeUndefined();
    expect(await new store.Adapter('AccessToken').find('other')).toBeDefined();
    expect(await suite.peek.exists(`${store.prefix}grant:g1`)).toBe(0);
  });

  it('list() returns one model; clear() empties this IdP only, and keeps the signing key set', async () => {
    const { store } = await suite.open();
    const { store: neighbour } = await suite.open();
    await new store.Adapter('Client').upsert('c1', { client_id: 'c1' } as AdapterPayload, 0);
    await new store.Adapter('Client').upsert('c2', { client_id: 'c2' } as AdapterPayload, 0);
    await new store.Adapter('Session').upsert('s', payload(), 60);
    await new neighbour.Adapter('Client').upsert('n1', { client_id: 'n1' } as AdapterPayload, 0);
    const ids = (await store.list('Client')).map((client) => client.client_id);
    expect(ids.sort()).toEqual(['c1', 'c2']);

    await store.clear();
    expect(await store.list('Client')).toEqual([]);
    expect(await new store.Adapter('Session').find('s')).toBeUndefined();
    expect(await suite.peek.exists(`${store.prefix}keys`)).toBe(1);
    expect((await neighbour.list('Client')).map((client) => client.client_id)).toEqual(['n1']);
  });

  it('keeps a prefix with glob characters literal in clear()', async () => {
    const { store } = await suite.open({ namespace: 'http://[::1]:9400/a*b?' });
    const { store: other } = await suite.open({ namespace: 'http://[::1]:9400/aXXb?' });
    await new other.Adapter('Client').upsert('keep', { client_id: 'keep' } as AdapterPayload, 0);
    await store.clear();
    expect(await other.list('Client')).toHaveLength(1);
  });
});

describe('redisStore: shared signing keys', () => {
  it('the first instance publishes its key file under the lock; the others sign with that set', async () => {
    const namespace = 'http://keys-shared.test';
    const started = await Promise.all([1, 2, 3].map(() => suite.open({ namespace })));
    const kids = started.map(({ keys }) => keys.map((key) => key.kid).join());
    expect(new Set(kids).size).toBe(1);
    expect(await suite.peek.exists(`mock-idp:${namespace}:keys:lock`)).toBe(0);
    const shared = JSON.parse((await suite.peek.get(`mock-idp:${namespace}:keys`)) as string);
    expect(shared.keys.map((k: { jwk: { kid: string } }) => k.jwk.kid).join()).toBe(kids[0]);
    // Every instance's key file now holds the shared set, so a restart on an empty Redis publishes it again.
    for (const { keyFile } of started) {
      expect(JSON.parse(readFileSync(keyFile, 'utf8')).keys[0].jwk.kid).toBe(started[0]!.keys[0]!.kid);
    }
  });

  it('a rotation on one instance is published first and adopted by the others at their next refresh', async () => {
    const namespace = 'http://keys-rotate.test';
    const a = await suite.open({ namespace });
    const b = await suite.open({ namespace });
    const before = a.keys[0]!.kid;
    const { kid, published } = await rotateSigningKeys(a.keys, a.keyFile);
    expect(published).toEqual([kid, before]);
    await b.store.refresh();
    expect(b.keys.map((key) => key.kid)).toEqual([kid, before]);
  });

  it('after Redis loses the key set, the next refresh publishes it again', async () => {
    const namespace = 'http://keys-lost.test';
    const { store, keys } = await suite.open({ namespace });
    await suite.peek.del(`${store.prefix}keys`);
    await store.refresh();
    const shared = JSON.parse((await suite.peek.get(`${store.prefix}keys`)) as string);
    expect(shared.keys[0].jwk.kid).toBe(keys[0]!.kid);
  });
});

describe('redisStore: Redis away', () => {
  it('start-up fails within the budget with a message naming the URL', async () => {
    const url = `redis://127.0.0.1:${await freePort()}/0`;
    const started = Date.now();
    const failure = await redisStore(url, {
      namespace: 'http://down.test',
      ...runtimeParts(),
      keys: [],
      keyFile: join(mkdtempSync(join(tmpdir(), 'mock-idp-store-')), 'keys.json'),
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StoreConnectError);
    expect((failure as Error).message).toMatch(
      new RegExp(`^cannot reach Redis at ${url.replace(/[/.]/g, '\\$&')}: .*ECONNREFUSED`),
    );
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('commands fail fast as StoreUnavailable (503) while Redis is down, and work again once it is back', async () => {
    const { store } = await suite.open();
    const codes = new store.Adapter('AuthorizationCode');
    await codes.upsert('before', payload(), 60);
    await suite.redis.stop();
    try {
      const started = Date.now();
      const failure = await codes.find('before').catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(failure).toBeInstanceOf(StoreUnavailable);
      expect(failure).toMatchObject({ statusCode: 503, error: 'temporarily_unavailable', expose: true });
      expect((failure as StoreUnavailable).error_description).toContain(
        `Redis at ${suite.redis.url} is unreachable`,
      );
      await expect(store.refresh()).resolves.toBeUndefined();
    } finally {
      await suite.redis.start();
    }
    await expect
      .poll(
        () =>
          codes.find('after').then(
            () => 'ok',
            () => 'down',
          ),
        { timeout: 5000 },
      )
      .toBe('ok');
    // Redis came back empty: the refresh on reconnection published the key set again.
    await expect.poll(() => suite.peek.exists(`${store.prefix}keys`), { timeout: 5000 }).toBe(1);
  });

  it('stop() of an IdP on Redis closes its connection', async () => {
    const idp = await startTestIdp({ store: suite.redis.url });
    const clients = () => suite.peek.client('LIST').then((list) => String(list).split('\n'));
    const named = async () => (await clients()).filter((line) => line.includes('name=mock-idp')).length;
    const open = await named();
    expect(open).toBeGreaterThan(0);
    await idp.stop();
    await expect.poll(named, { timeout: 3000 }).toBe(open - 1);
  });
});
