import type { Redis } from 'ioredis';
import { LOG_LIMIT, type LogSharing } from '../log/activity-log.js';
import type { IssuedRecord, RequestRecord } from '../log/records.js';
import { guarded } from './redis-connection.js';

/** How long a log outlives its last record. */
const LOG_TTL_S = 24 * 3600;

/** Appends a record, keeps the newest `LOG_LIMIT`, and the TTL. KEYS: list. ARGV: record, limit, TTL in s. */
const pushScript = `
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1`;

/**
 * The request and token logs of every instance on one Redis: a capped list each (`<prefix>log:requests`,
 * `<prefix>log:issued`, JSON records oldest first) that expires a day after its last record.
 */
export function sharedLog(redis: Redis, url: string, prefix: string): LogSharing {
  const key = (log: string) => `${prefix}log:${log}`;
  return {
    async recorded(log: 'requests' | 'issued', record: RequestRecord | IssuedRecord) {
      const args = [JSON.stringify(record), LOG_LIMIT, LOG_TTL_S];
      await guarded(redis, url, () => redis.eval(pushScript, 1, key(log), ...args));
    },
    async list(log: 'requests' | 'issued') {
      const records = await guarded(redis, url, () => redis.lrange(key(log), 0, -1));
      return records.map((record) => JSON.parse(record));
    },
  };
}
