import type { Redis } from 'ioredis';
import { type Adapter, type AdapterPayload, errors } from 'oidc-provider';
import type { Clock } from '../clock.js';
import type { SigningKey } from '../keys/signing-keys.js';
import { connectRedis, disconnectRedis, guarded } from './redis-connection.js';
import { redisRefresh } from './redis-refresh.js';
import { SharedKeySet } from './shared-keys.js';
import { type RuntimeParts, SharedRuntime } from './shared-runtime.js';
import type { Store } from './store.js';

/** The parts whose runtime state is shared (added personas, faults, the clock setting, the logs). */
export interface RedisStoreOptions extends RuntimeParts {
  /** Keys are namespaced by it (the issuer): instances sharing a Redis and an issuer act as one IdP. */
  namespace: string;
  /** The signing keys, changed in place to follow the set shared in Redis (see SharedKeySet). */
  keys: SigningKey[];
  /** The key file: published when Redis holds no key set yet, and mirrors the shared set. */
  keyFile: string;
}

export interface RedisStore extends Store {
  /** The Redis URL. */
  readonly url: string;
  /** Every Redis key of this IdP starts with it: `mock-idp:<namespace>:`. */
  readonly prefix: string;
  refresh(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Upsert, atomically: the payload (a hash field, so a `consumed` mark survives re-saves) and the IdP clock's skew
 * then, its TTL, and the indexes — grant id → entry keys (kept as long as its longest-lived entry), uid → id,
 * user code → id. KEYS: entry, grant index, uid index, user code index. ARGV: payload, TTL in s (0: none), id,
 * '1'/'0' for each index in use, skew in s.
 */
const upsertScript = `
local ttl = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], 'payload', ARGV[1], 'skew', ARGV[7])
if ttl > 0 then redis.call('EXPIRE', KEYS[1], ttl) else redis.call('PERSIST', KEYS[1]) end
if ARGV[4] == '1' then
  local existed = redis.call('EXISTS', KEYS[2])
  redis.call('SADD', KEYS[2], KEYS[1])
  if existed == 0 then
    if ttl > 0 then redis.call('EXPIRE', KEYS[2], ttl) end
  else
    local current = redis.call('TTL', KEYS[2])
    if ttl == 0 then redis.call('PERSIST', KEYS[2])
    elseif current >= 0 and current < ttl then redis.call('EXPIRE', KEYS[2], ttl) end
  end
end
for i = 3, 4 do
  if ARGV[i + 2] == '1' then
    if ttl > 0 then redis.call('SET', KEYS[i], ARGV[3], 'EX', ttl) else redis.call('SET', KEYS[i], ARGV[3]) end
  end
end
return 1`;

/**
 * Consume, atomically: 1 when this call marked the entry consumed, 0 when it was already (another request, maybe
 * on another instance, got there first), -1 when the entry is gone. KEYS: entry. ARGV: epoch seconds.
 */
const consumeScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
return redis.call('HSETNX', KEYS[1], 'consumed', ARGV[1])`;

/** Deletes every entry of a grant, and the grant's index, atomically. KEYS: grant index. */
const revokeScript = `
local members = redis.call('SMEMBERS', KEYS[1])
for _, key in ipairs(members) do redis.call('DEL', key) end
redis.call('DEL', KEYS[1])
return #members`;

/** oidc-provider's names for what a consumed entry is, for its `invalid_grant` detail. */
const labels: Record<string, string> = {
  AuthorizationCode: 'authorization code',
  RefreshToken: 'refresh token',
  DeviceCode: 'device code',
  BackchannelAuthenticationRequest: 'backchannel authentication request',
};

/** `*`, `?`, `[`, `]` and `\` matched literally in a SCAN pattern. */
function globLiteral(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * oidc-provider's models in Redis, so several IdP processes on one Redis act as one IdP. Every key starts with
 * `mock-idp:<namespace>:`:
 *
 * - `model:<Model>:<id>` — a hash: `payload` (JSON) and, once consumed, `consumed`; expires with the entry
 * - `grant:<grantId>` — a set of the entry keys of one grant, for `revokeByGrantId`
 * - `uid:<Model>:<uid>`, `usercode:<Model>:<code>` — the id, for `findByUid` / `findByUserCode`
 * - `keys`, `keys:lock` — the shared signing key set (SharedKeySet), kept by `clear()`
 * - `runtime` — added personas, runtime faults, the clock setting (SharedRuntime); `log:requests`, `log:issued`
 *
 * Every call is bounded (see redis-connection): with Redis away it fails within seconds as `StoreUnavailable`,
 * which oidc-provider and mock-idp's error boundary answer with 503 `temporarily_unavailable`.
 */
export async function redisStore(url: string, options: RedisStoreOptions): Promise<RedisStore> {
  const redis = await connectRedis(url);
  const prefix = `mock-idp:${options.namespace}:`;
  try {
    const keySet = new SharedKeySet(redis, url, prefix, options.keys, options.keyFile);
    await keySet.init();
    const runtime = new SharedRuntime(redis, url, prefix, options);
    await runtime.init();
    return createRedisStore(redis, url, prefix, options.clock, { keySet, runtime });
  } catch (error) {
    await disconnectRedis(redis);
    throw error;
  }
}

function createRedisStore(
  redis: Redis,
  url: string,
  prefix: string,
  clock: Clock,
  shared: { keySet: SharedKeySet; runtime: SharedRuntime },
): RedisStore {
  const call = <T>(command: () => Promise<T>) => guarded(redis, url, command);
  const entryKey = (model: string, id: string) => `${prefix}model:${model}:${id}`;
  const unused = `${prefix}unused`;

  /** How far the IdP's clock is from real time (oidc-provider's `exp` is in real time). */
  const skew = () => clock.now() - Math.floor(Date.now() / 1000);
  /** The payload of a stored hash, or undefined when absent or expired by the IdP's clock. */
  const toPayload = (hash: Record<string, string> | null | undefined): AdapterPayload | undefined => {
    if (!hash?.payload) return undefined;
    const payload = JSON.parse(hash.payload) as AdapterPayload;
    if (hash.consumed !== undefined) payload.consumed = Number(hash.consumed);
    const storedSkew = Number(hash.skew ?? 0);
    if (typeof payload.exp === 'number' && payload.exp + storedSkew <= clock.now()) return undefined;
    return payload;
  };

  /** Every key matching a pattern, by SCAN (never KEYS, which would block Redis). */
  const scan = async (pattern: string): Promise<string[]> => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await call(() => redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000));
      found.push(...keys);
      cursor = next;
    } while (cursor !== '0');
    return found;
  };

  class RedisAdapter implements Adapter {
    readonly #model: string;

    constructor(model: string) {
      this.#model = model;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number) {
      const grantId = payload.grantId;
      const keys = [
        entryKey(this.#model, id),
        grantId ? `${prefix}grant:${grantId}` : unused,
        payload.uid ? `${prefix}uid:${this.#model}:${payload.uid}` : unused,
        payload.userCode ? `${prefix}usercode:${this.#model}:${payload.userCode}` : unused,
      ];
      const flags = [grantId, payload.uid, payload.userCode].map((value) => (value ? '1' : '0'));
      const ttl = expiresIn > 0 ? Math.ceil(expiresIn) : 0;
      const args = [JSON.stringify(payload), ttl, id, ...flags, skew()];
      await call(() => redis.eval(upsertScript, 4, ...keys, ...args));
    }

    async find(id: string) {
      return toPayload(await call(() => redis.hgetall(entryKey(this.#model, id))));
    }

    async #findByIndex(index: string, field: 'uid' | 'userCode', value: string) {
      const id = await call(() => redis.get(`${prefix}${index}:${this.#model}:${value}`));
      if (id === null) return undefined;
      const payload = await this.find(id);
      return payload?.[field] === value ? payload : undefined;
    }

    findByUid(uid: string) {
      return this.#findByIndex('uid', 'uid', uid);
    }

    findByUserCode(userCode: string) {
      return this.#findByIndex('usercode', 'userCode', userCode);
    }

    /**
     * Atomic check-and-set: of two requests redeeming one code at once (on one instance or two), exactly one
     * gets here first; the other is refused as oidc-provider refuses a replay.
     */
    async consume(id: string) {
      const now = Math.floor(Date.now() / 1000);
      const result = await call(() => redis.eval(consumeScript, 1, entryKey(this.#model, id), now));
      if (result === 1) return;
      const label = labels[this.#model] ?? this.#model;
      throw new errors.InvalidGrant(result === 0 ? `${label} already consumed` : `${label} not found`);
    }

    async destroy(id: string) {
      await call(() => redis.del(entryKey(this.#model, id)));
    }

    async revokeByGrantId(grantId: string) {
      await call(() => redis.eval(revokeScript, 1, `${prefix}grant:${grantId}`));
    }
  }

  const keep = new Set([`${prefix}keys`, `${prefix}keys:lock`]);
  return {
    url,
    prefix,
    Adapter: RedisAdapter,
    async clear() {
      const keys = (await scan(`${globLiteral(prefix)}*`)).filter((key) => !keep.has(key));
      for (let i = 0; i < keys.length; i += 500) {
        const batch = keys.slice(i, i + 500);
        await call(() => redis.unlink(...batch));
      }
      shared.runtime.cleared();
    },
    async list(model) {
      const keys = await scan(`${globLiteral(entryKey(model, ''))}*`);
      if (keys.length === 0) return [];
      const hashes = await call(async () => {
        const pipeline = redis.pipeline();
        for (const key of keys) pipeline.hgetall(key);
        return ((await pipeline.exec()) ?? []).map(([error, hash]) => {
          if (error) throw error;
          return hash as Record<string, string>;
        });
      });
      return hashes.map(toPayload).filter((payload): payload is AdapterPayload => payload !== undefined);
    },
    refresh: redisRefresh(redis, url, shared.keySet, shared.runtime),
    close: () => disconnectRedis(redis),
  };
}
