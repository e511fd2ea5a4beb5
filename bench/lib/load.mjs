/** Runs an async task `total` times with `concurrency` workers, timing each call. */
import { performance } from 'node:perf_hooks';
import { withCpu } from './proc.mjs';
import { percentile, round } from './stats.mjs';

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
 * Reusable against any server the flow driver can talk to. With `serverPid`, also reports the CPU time the
 * server and this process (the load generator) spent per measured flow (`serverCpuMsPerFlow`,
 * `clientCpuMsPerFlow`).
 */
export async function measureFlowRate({ runFlow, concurrency, warmup, flows, serverPid }) {
  const warm = await runConcurrent({ total: warmup, concurrency, task: runFlow });
  const measured = () => runConcurrent({ total: flows, concurrency, task: runFlow });
  const {
    result: run,
    serverCpuMs,
    clientCpuMs,
  } = serverPid === undefined ? { result: await measured() } : await withCpu(serverPid, measured);
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
    serverCpuMsPerFlow: serverCpuMs / run.latenciesMs.length,
    clientCpuMsPerFlow: clientCpuMs / run.latenciesMs.length,
  };
}

/**
 * Measures several contenders (`{ name: { task, serverPid?, total? } }`; `serverPid` may be an array: the
 * server is several processes) under the same conditions: each does
 * `warmup` uncounted calls, then they take turns, `rounds` rounds of `total / rounds` calls each (ABBA order:
 * every other round reversed), so load from elsewhere on the machine falls on all of them alike. Resolves
 * with, per name, `{ calls, succeeded, failures, errors, elapsedMs, perSecond, p50Ms, p99Ms, rounds:
 * [perSecond…], serverCpuMsPerCall?, clientCpuMsPerCall }` (`elapsedMs`: summed over its turns).
 */
export async function measureInterleaved({ contenders, concurrency, warmup, total, rounds }) {
  const names = Object.keys(contenders);
  const acc = Object.fromEntries(
    names.map((name) => [
      name,
      {
        latenciesMs: [],
        failures: 0,
        errors: new Map(),
        elapsedMs: 0,
        serverCpuMs: 0,
        clientCpuMs: 0,
        rounds: [],
      },
    ]),
  );
  const record = (name, run, phase) => {
    acc[name].failures += run.failures;
    for (const { message, count } of run.errors) {
      const key = `${phase}\u0000${message}`;
      acc[name].errors.set(key, (acc[name].errors.get(key) ?? 0) + count);
    }
  };
  for (const name of names) {
    record(name, await runConcurrent({ total: warmup, concurrency, task: contenders[name].task }), 'warm-up');
  }
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const { task, serverPid, total: own } = contenders[name];
      const calls = Math.round((own ?? total) / rounds);
      const measured = () => runConcurrent({ total: calls, concurrency, task });
      const {
        result: run,
        serverCpuMs = Number.NaN,
        clientCpuMs,
      } = serverPid === undefined
        ? await (async () => {
            const before = process.cpuUsage();
            const result = await measured();
            const used = process.cpuUsage(before);
            return { result, clientCpuMs: (used.user + used.system) / 1000 };
          })()
        : await withCpu(serverPid, measured);
      record(name, run, 'measured');
      const a = acc[name];
      a.latenciesMs.push(...run.latenciesMs);
      a.elapsedMs += run.elapsedMs;
      a.serverCpuMs += serverCpuMs;
      a.clientCpuMs += clientCpuMs;
      a.rounds.push(run.latenciesMs.length / (run.elapsedMs / 1000));
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const a = acc[name];
      const succeeded = a.latenciesMs.length;
      return [
        name,
        {
          calls: Math.round((contenders[name].total ?? total) / rounds) * rounds,
          warmup,
          succeeded,
          failures: a.failures,
          errors: [...a.errors].map(([key, count]) => {
            const [phase, message] = key.split('\u0000');
            return { phase, message, count };
          }),
          elapsedMs: a.elapsedMs,
          perSecond: succeeded / (a.elapsedMs / 1000),
          p50Ms: percentile(a.latenciesMs, 50),
          p99Ms: percentile(a.latenciesMs, 99),
          rounds: a.rounds,
          serverCpuMsPerCall: a.serverCpuMs / succeeded,
          clientCpuMsPerCall: a.clientCpuMs / succeeded,
        },
      ];
    }),
  );
}

/**
 * The table rows of one contender of `measureInterleaved` (`label: rate`, `label: p50 / p99` with its CPU per
 * flow), given the run's `{ flows, rounds, concurrency, warmup }`.
 */
function turnFigures(label, data, { flows, rounds, concurrency, warmup }) {
  const failed = data.failures;
  return [
    {
      metric: `${label}: rate`,
      value: round(data.perSecond),
      unit: 'flows/s',
      note: `${flows} flows in ${rounds} turns (rounds: ${data.rounds.map((r) => round(r)).join(', ')}), ${concurrency} workers, after ${warmup} warm-up${failed ? `; ${failed} FAILED` : ''}`,
    },
    {
      metric: `${label}: p50 / p99`,
      value: `${round(data.p50Ms)} / ${round(data.p99Ms)}`,
      unit: 'ms',
      note: `CPU per flow: server ${round(data.serverCpuMsPerCall, 2)} ms, load generator ${round(data.clientCpuMsPerCall, 2)} ms`,
    },
  ];
}

/**
 * `measureInterleaved` over `contenders` (`{ key: { label, task, serverPid? } }`) with `load` (`{ concurrency,
 * warmup, flows, rounds }`): resolves with `data` (the load, each key's result, `errors` labelled), the table
 * rows of each (`turnFigures`) and the failure count.
 */
export async function compareFlowRates(contenders, load) {
  const measured = await measureInterleaved({ contenders, ...load, total: load.flows });
  const entries = Object.entries(contenders);
  const errors = entries.flatMap(([key, { label }]) =>
    measured[key].errors.map((e) => ({ ...e, phase: `${label} ${e.phase}` })),
  );
  return {
    data: { ...load, ...measured, errors },
    figures: entries.flatMap(([key, { label }]) => turnFigures(label, measured[key], load)),
    failures: entries.reduce((total, [key]) => total + measured[key].failures, 0),
  };
}

/**
 * `compareFlowRates` of two servers started for it: `first` and `second` are `{ key, label, start }`, where
 * `start()` resolves with `{ task, serverPid, stop }`; both are stopped afterwards, whatever happens. Resolves as
 * `compareFlowRates` does, with `data.ratio`: the first one's rate over the second's.
 */
export async function compareTwoServers(first, second, load) {
  const a = await first.start();
  try {
    const b = await second.start();
    try {
      const compared = await compareFlowRates(
        {
          [first.key]: { label: first.label, task: a.task, serverPid: a.serverPid },
          [second.key]: { label: second.label, task: b.task, serverPid: b.serverPid },
        },
        load,
      );
      compared.data.ratio = compared.data[first.key].perSecond / compared.data[second.key].perSecond;
      return compared;
    } finally {
      await b.stop();
    }
  } finally {
    await a.stop();
  }
}
