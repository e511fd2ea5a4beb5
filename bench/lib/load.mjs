/** Runs an async task `total` times with `concurrency` workers, timing each call. */
import { performance } from 'node:perf_hooks';
import { percentile } from './stats.mjs';

/**
 * Resolves with `{ elapsedMs, latenciesMs, failures, errors }`: latencies of the successful calls, the
 * failure count, and the distinct error messages (with counts) of the failed ones. Never rejects because a
 * task did.
 */
export async function runConcurrent({ total, concurrency, task }) {
  const latenciesMs = [];
  const errors = new Map();
  let failures = 0;
  let next = 0;
  async function worker() {
    while (next < total) {
      next++;
      const started = performance.now();
      try {
        await task();
        latenciesMs.push(performance.now() - started);
      } catch (error) {
        failures++;
        const message = error instanceof Error ? error.message : String(error);
        errors.set(message, (errors.get(message) ?? 0) + 1);
      }
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const elapsedMs = performance.now() - started;
  return {
    elapsedMs,
    latenciesMs,
    failures,
    errors: [...errors].map(([message, count]) => ({ message, count })),
  };
}

/**
 * Drives `runFlow` with `concurrency` workers: `warmup` uncounted flows, then `flows` measured ones.
 * Reusable against any server the flow driver can talk to.
 */
export async function measureFlowRate({ runFlow, concurrency, warmup, flows }) {
  const warm = await runConcurrent({ total: warmup, concurrency, task: runFlow });
  const run = await runConcurrent({ total: flows, concurrency, task: runFlow });
  return {
    concurrency,
    warmupFlows: warmup,
    warmupFailures: warm.failures,
    flows,
    succeeded: run.latenciesMs.length,
    failures: run.failures,
    errors: [
      ...warm.errors.map((e) => ({ ...e, phase: 'warm-up' })),
      ...run.errors.map((e) => ({ ...e, phase: 'measured' })),
    ],
    elapsedMs: run.elapsedMs,
    flowsPerSecond: run.latenciesMs.length / (run.elapsedMs / 1000),
    p50Ms: percentile(run.latenciesMs, 50),
    p99Ms: percentile(run.latenciesMs, 99),
    maxMs: Math.max(...run.latenciesMs),
  };
}
