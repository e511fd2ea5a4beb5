import { describe, expect, it } from 'vitest';
import { ActivityLog, LOG_LIMIT } from '../../src/log/activity-log.js';
import type { RequestRecord } from '../../src/log/records.js';

const request = (n: number): RequestRecord => ({
  time: new Date(n * 1000).toISOString(),
  method: 'GET',
  path: `/r/${n}`,
  params: {},
  status: 200,
});

describe('activity log bound', () => {
  it(`keeps the newest ${LOG_LIMIT} requests, oldest first`, () => {
    const log = new ActivityLog();
    for (let n = 0; n < LOG_LIMIT + 25; n++) log.recordRequest(request(n));
    expect(log.requests).toHaveLength(LOG_LIMIT);
    expect(log.requests[0]?.path).toBe('/r/25');
    expect(log.requests.at(-1)?.path).toBe(`/r/${LOG_LIMIT + 24}`);
  });
});
