import { describe, expect, it } from 'vitest';
import { LOG_LIMIT } from '../../src/log/activity-log.js';
import type { RequestRecord } from '../../src/log/records.js';
import { generatePersona } from '../../src/personas/generate.js';
import { redisStoreSuite } from '../helpers/redis-store.js';

const suite = redisStoreSuite();
let namespaces = 0;

/** Two instances of one IdP, in this process. */
async function twoInstances() {
  const namespace = `http://runtime-${++namespaces}.test`;
  return Promise.all([suite.open({ namespace }), suite.open({ namespace })]);
}

const request = (path: string): RequestRecord => ({
  time: new Date().toISOString(),
  method: 'GET',
  path,
  params: {},
  status: 200,
});

describe('redisStore: shared runtime state', () => {
  it('one log for both instances, capped at the newest LOG_LIMIT records, expiring a day after the last', async () => {
    const [a, b] = await twoInstances();
    for (let i = 0; i < LOG_LIMIT + 5; i++) (i % 2 ? a : b).parts.log.recordRequest(request(`/r${i}`));
    await Promise.all([a.parts.log.flushed(), b.parts.log.flushed()]);
    const listed = await a.parts.log.allRequests();
    expect(listed).toHaveLength(LOG_LIMIT);
    const numbers = listed.map((record) => Number(record.path.slice(2)));
    expect(numbers).toEqual(expect.arrayContaining([LOG_LIMIT + 3, LOG_LIMIT + 4]));
    // Oldest first within each instance's records (the two connections interleave as they please).
    for (const parity of [0, 1]) {
      const own = numbers.filter((n) => n % 2 === parity);
      expect(own).toEqual([...own].sort((x, y) => x - y));
    }
    expect(await b.parts.log.allRequests()).toEqual(listed);
    // Each process keeps its own records too (idp.requests).
    expect(a.parts.log.requests.every((record) => Number(record.path.slice(2)) % 2 === 1)).toBe(true);
    const ttl = await suite.peek.ttl(`${a.store.prefix}log:requests`);
    expect(ttl).toBeGreaterThan(86_000);
    expect(ttl).toBeLessThanOrEqual(86_400);
  });

  it('a counted fault is used up across instances, and goes with its last use', async () => {
    const [a, b] = await twoInstances();
    await a.parts.faults.add({ faults: ['expired', 'wrong_nonce'], times: 2 });
    expect(await suite.peek.ttl(`${a.store.prefix}runtime`)).toBeGreaterThan(29 * 86_400);
    await b.store.refresh?.();
    expect(await b.parts.faults.acting('token', {})).toHaveLength(2);
    await a.store.refresh?.();
    expect(a.parts.faults.rules()).toEqual([
      { faults: ['expired', 'wrong_nonce'], remaining: { expired: 1, wrong_nonce: 1 } },
    ]);
    expect(await a.parts.faults.acting('token', {})).toHaveLength(2);
    // B has not caught up yet: its copy says one use is left, Redis says none.
    expect(await b.parts.faults.acting('token', {})).toEqual([]);
    await b.store.refresh?.();
    expect(b.parts.faults.rules()).toEqual([]);
  });

  it('a clear at one instance makes the other forget added personas and its log records', async () => {
    const [a, b] = await twoInstances();
    await a.parts.personas.add(generatePersona(1, 'added', 'added@example.test'));
    await b.store.refresh?.();
    expect(b.parts.personas.ids()).toEqual(['added']);
    b.parts.log.recordRequest(request('/before-reset'));
    await b.parts.log.flushed();

    await a.store.clear();
    await b.store.refresh?.();
    expect(b.parts.personas.ids()).toEqual([]);
    expect(b.parts.log.requests).toEqual([]);
    expect(await b.parts.log.allRequests()).toEqual([]);
  });
});
