import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { AdjustableClock } from '../../src/clock.js';
import { FaultBook } from '../../src/faults/book.js';
import type { SigningKey } from '../../src/keys/signing-keys.js';
import { ActivityLog } from '../../src/log/activity-log.js';
import { PersonaRegistry } from '../../src/personas/registry.js';
import { type RedisStore, redisStore } from '../../src/store/redis-store.js';
import { startRedis, type TestRedis } from './redis.js';

/** What an IdP shares beside oidc-provider's models: fresh parts, without personas. */
export function runtimeParts(clock = new AdjustableClock()) {
  return {
    clock,
    personas: new PersonaRegistry(1, []),
    faults: new FaultBook(
      () => [],
      async () => [],
    ),
    log: new ActivityLog(),
  };
}

export interface OpenedStore {
  store: RedisStore;
  keys: SigningKey[];
  keyFile: string;
  parts: ReturnType<typeof runtimeParts>;
}

/**
 * Opens Redis stores as IdP instances would, each on its own namespace unless one is given (the same namespace:
 * instances of one IdP), with its own key file; `closeAll()` closes every one opened.
 */
export function storeOpener(redisUrl: () => string) {
  const opened: RedisStore[] = [];
  let namespaces = 0;
  return {
    async open(
      options: { namespace?: string; clock?: AdjustableClock; keyFile?: string } = {},
    ): Promise<OpenedStore> {
      const keys: SigningKey[] = [];
      const keyFile = options.keyFile ?? join(mkdtempSync(join(tmpdir(), 'mock-idp-store-')), 'keys.json');
      const parts = runtimeParts(options.clock);
      const store = await redisStore(redisUrl(), {
        namespace: options.namespace ?? `http://ns-${++namespaces}.test`,
        ...parts,
        keys,
        keyFile,
      });
      opened.push(store);
      return { store, keys, keyFile, parts };
    },
    async closeAll(): Promise<void> {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    },
  };
}

/**
 * For a test file of Redis stores: a Redis of its own (started before its tests, stopped after), `peek`, a client
 * to look into it, and `open` (see storeOpener; every store opened is closed after each test).
 */
export function redisStoreSuite() {
  const suite = {} as { redis: TestRedis; peek: Redis; open: ReturnType<typeof storeOpener>['open'] };
  const opener = storeOpener(() => suite.redis.url);
  suite.open = opener.open;
  beforeAll(async () => {
    suite.redis = await startRedis();
    suite.peek = new Redis(suite.redis.url);
  });
  afterAll(async () => {
    suite.peek?.disconnect();
    await suite.redis?.stop();
  });
  afterEach(() => opener.closeAll());
  return suite;
}
