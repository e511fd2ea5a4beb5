import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { memoryStore } from '../../src/provider/memory-adapter.js';

const MAX_ENTRIES = 100;

describe('the in-memory store', () => {
  it(`keeps at most ${MAX_ENTRIES} entries, dropping the oldest first, and never a registered client`, async () => {
    const store = memoryStore(systemClock, MAX_ENTRIES);
    const clients = new store.Adapter('Client');
    const sessions = new store.Adapter('Session');
    const codes = new store.Adapter('AuthorizationCode');
    await clients.upsert('registered', { client_id: 'registered' }, 0);
    for (let n = 0; n < MAX_ENTRIES - 1; n++) await sessions.upsert(`s${n}`, { accountId: `a${n}` }, 3600);
    // Full. Storing the oldest session again makes it the newest; then two codes push out the two oldest.
    await sessions.upsert('s0', { accountId: 'a0', again: true }, 3600);
    await codes.upsert('c0', { accountId: 'a0' }, 60);
    await codes.upsert('c1', { accountId: 'a1' }, 60);

    expect(await clients.find('registered')).toEqual({ client_id: 'registered' });
    expect(await sessions.find('s0')).toEqual({ accountId: 'a0', again: true });
    expect(await sessions.find('s1')).toBeUndefined();
    expect(await sessions.find('s2')).toBeUndefined();
    expect(await sessions.find('s3')).toEqual({ accountId: 'a3' });
    expect(await codes.find('c0')).toEqual({ accountId: 'a0' });
    expect(await codes.find('c1')).toEqual({ accountId: 'a1' });
    expect(store.list('Session')).toHaveLength(MAX_ENTRIES - 3);
  });

  it('forgets an entry once it has expired', async () => {
    const store = memoryStore(systemClock, MAX_ENTRIES);
    const codes = new store.Adapter('AuthorizationCode');
    await codes.upsert('past', { exp: systemClock.now() - 1 }, 60);
    await codes.upsert('future', { exp: systemClock.now() + 60 }, 60);
    expect(await codes.find('past')).toBeUndefined();
    expect(await codes.find('future')).toMatchObject({ exp: expect.any(Number) });
  });
});
