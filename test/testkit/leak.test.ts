import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('./leak-probe.mjs', import.meta.url));

describe('starting and stopping 100 instances in one process', () => {
  it('leaks no handles and no heap', { timeout: 120_000 }, () => {
    const run = spawnSync(process.execPath, ['--expose-gc', probe, '100'], {
      encoding: 'utf8',
      timeout: 110_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
    // Same handles as after the first instance: every server, socket and timer was closed.
    expect(result.resources).toBeLessThanOrEqual(result.baseResources);
    // 80 more instances add no lasting heap (a few MB of noise allowed).
    expect(result.heapAfterAll - result.heapAfter20).toBeLessThan(5);
  });
});
