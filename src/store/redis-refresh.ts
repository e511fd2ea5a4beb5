import type { Redis } from 'ioredis';
import { guarded } from './redis-connection.js';
import type { SharedKeySet } from './shared-keys.js';
import type { SharedRuntime } from './shared-runtime.js';

/**
 * One run of `task` per wave of callers: a caller arriving while a run is under way waits for the next run, which
 * starts when that one ends. So every caller gets a run that started after it asked (it sees every change made
 * before its request arrived), and there are never more than two runs, one waiting, whatever the load.
 */
export function coalesced(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const run = (): Promise<void> => {
    running = task().finally(() => {
      running = undefined;
    });
    return running;
  };
  return () => {
    if (!running) return run();
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return run();
      });
    return queued;
  };
}

/** The signing key set and the runtime state's version, in one round trip. */
async function readVersions(
  redis: Redis,
  url: string,
  keySet: SharedKeySet,
  runtime: SharedRuntime,
): Promise<[keys: string | null, runtime: string | null]> {
  const results = await guarded(redis, url, async () => {
    const replies = (await redis.pipeline().get(keySet.key).hget(runtime.key, 'version').exec()) ?? [];
    return replies.map(([error, value]) => {
      if (error) throw error;
      return value as string | null;
    });
  });
  return [results[0] ?? null, results[1] ?? null];
}

/**
 * Brings this instance up to date before a request: one round trip reads the signing key set and the runtime
 * state's version, which each follow (the runtime state itself is loaded only when its version changed). Never
 * fails: with Redis away, the keys and state in hand are used, and what needs Redis answers 503 itself.
 * Reconnecting refreshes too.
 */
export function redisRefresh(
  redis: Redis,
  url: string,
  keySet: SharedKeySet,
  runtime: SharedRuntime,
): () => Promise<void> {
  const refresh = coalesced(async () => {
    try {
      const [keys, version] = await readVersions(redis, url, keySet, runtime);
      await keySet.follow(keys);
      await runtime.follow(version);
    } catch {
      // Redis is away: keep what is in hand.
    }
  });
  redis.on('ready', () => {
    refresh().catch(() => undefined);
  });
  return refresh;
}
