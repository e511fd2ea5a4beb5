/**
 * mock-idp benchmarks.
 *
 * Run: `npm run bench` (builds, then `node bench/run.mjs`). `node bench/run.mjs cold-start` runs only the
 * named benchmarks (ids below). Prints a table and writes bench/results.json (Node version, date, machine,
 * and every figure and raw sample). Exits non-zero if a benchmark fails or any flow fails.
 *
 * What is measured (all traffic to 127.0.0.1; the IdP runs as `node dist/cli/launch.js start --port 0 --keys
 * FILE` in a temporary working directory, with a key file made by one uncounted warm-up start):
 *  - cold-start: time from spawn until GET /.well-known/openid-configuration answers 200 (URL read from the
 *    ready line on stdout); 10 runs, median, min and max.
 *  - full-flow: one IdP process; authorize (headless login via login_hint=persona-N, PKCE S256 with a fresh
 *    verifier, state and nonce per flow) → token (client_secret_basic) → userinfo, 16 concurrent workers,
 *    2000 flows after 200 warm-up flows: flows/s, p50 and p99 latency per flow, failures (must be 0).
 *    The load generator shares the machine (2 cores) with the IdP, so the rate is for the pair.
 *
 * Adding a benchmark: write `async function (context) => ({ figures, data, failed? })` and add it to
 * `benchmarks`. `figures` (`{ metric, value, unit?, note?, digits? }`) go into the table and results.json;
 * `data` (raw samples, counts) goes into results.json only; `failed: true` makes the run exit non-zero.
 * `context` gives the temp working directory (`workDir`) and `keysFile()` (resolves with the shared key
 * file). The flow driver (bench/lib/oidc-flow.mjs) takes endpoints from discovery and is not tied to
 * mock-idp.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { killLiveIdps, spawnIdp } from './lib/idp-process.mjs';
import { measureFlowRate } from './lib/load.mjs';
import { createFlowDriver, fetchDiscovery } from './lib/oidc-flow.mjs';
import { median, round } from './lib/stats.mjs';
import { printTable } from './lib/table.mjs';

const resultsFile = fileURLToPath(new URL('./results.json', import.meta.url));

const COLD_START_RUNS = 10;
const FLOW_CONCURRENCY = 16;
const FLOW_WARMUP = 200;
const FLOWS = 2000;
const PERSONAS = 10;

/** mock-idp's default client (config/default.yaml). */
const mockClient = {
  clientId: 'mock-client',
  clientSecret: 'mock-secret',
  redirectUri: 'http://localhost:3000/callback',
};

/** Starts the IdP, waits for discovery to answer 200; resolves with timings and the running IdP. */
async function startAndProbe(context) {
  const started = performance.now();
  const idp = await spawnIdp({ cwd: context.workDir, keysFile: await context.keysFile() });
  const readyLineMs = performance.now() - started;
  try {
    const discovery = await fetchDiscovery(idp.url);
    return { idp, discovery, readyLineMs, discoveryMs: performance.now() - started };
  } catch (error) {
    await idp.stop();
    throw error;
  }
}

async function coldStart(context) {
  const samplesMs = [];
  const readyLineSamplesMs = [];
  for (let run = 0; run < COLD_START_RUNS; run++) {
    const { idp, readyLineMs, discoveryMs } = await startAndProbe(context);
    await idp.stop();
    samplesMs.push(discoveryMs);
    readyLineSamplesMs.push(readyLineMs);
  }
  const figures = [
    {
      metric: 'median',
      value: round(median(samplesMs)),
      unit: 'ms',
      note: `spawn → discovery 200, ${COLD_START_RUNS} runs`,
    },
    { metric: 'min', value: round(Math.min(...samplesMs)), unit: 'ms' },
    { metric: 'max', value: round(Math.max(...samplesMs)), unit: 'ms' },
    {
      metric: 'ready line (median)',
      value: round(median(readyLineSamplesMs)),
      unit: 'ms',
      note: 'spawn → stdout ready line',
    },
  ];
  return {
    figures,
    data: {
      runs: COLD_START_RUNS,
      medianMs: median(samplesMs),
      minMs: Math.min(...samplesMs),
      maxMs: Math.max(...samplesMs),
      samplesMs,
      readyLineSamplesMs,
    },
  };
}

async function fullFlow(context) {
  const { idp, discovery } = await startAndProbe(context);
  try {
    const runFlow = createFlowDriver({
      discovery,
      ...mockClient,
      authorizationParams: (flow) => ({ login_hint: `persona-${(flow % PERSONAS) + 1}` }),
    });
    const data = await measureFlowRate({
      runFlow,
      concurrency: FLOW_CONCURRENCY,
      warmup: FLOW_WARMUP,
      flows: FLOWS,
    });
    const failed = data.failures + data.warmupFailures;
    const figures = [
      {
        metric: 'rate',
        value: round(data.flowsPerSecond),
        unit: 'flows/s',
        note: `${FLOWS} flows, ${FLOW_CONCURRENCY} workers, after ${FLOW_WARMUP} warm-up`,
      },
      { metric: 'p50 latency', value: round(data.p50Ms), unit: 'ms', note: 'authorize → token → userinfo' },
      { metric: 'p99 latency', value: round(data.p99Ms), unit: 'ms' },
      {
        metric: 'failures',
        value: data.failures,
        digits: 0,
        unit: 'flows',
        note: failed === 0 ? 'ok' : `FAILED (${data.warmupFailures} more in warm-up)`,
      },
    ];
    return { figures, data, failed: failed > 0 };
  } finally {
    await idp.stop();
  }
}

/** id → [title, function]. Order is run order. */
const benchmarks = {
  'cold-start': ['cold start', coldStart],
  'full-flow': ['full flow (code + PKCE)', fullFlow],
};

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

async function main() {
  const selected = process.argv.slice(2);
  const unknown = selected.filter((id) => !(id in benchmarks));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}`,
    );
    process.exitCode = 2;
    return;
  }
  const ids = selected.length > 0 ? selected : Object.keys(benchmarks);

  const workDir = await mkdtemp(join(tmpdir(), 'mock-idp-bench-'));
  let keys;
  const context = {
    workDir,
    /** The key file, created on first use by one warm-up start that no benchmark counts. */
    keysFile() {
      keys ??= (async () => {
        const file = join(workDir, 'keys.json');
        const idp = await spawnIdp({ cwd: workDir, keysFile: file });
        await fetchDiscovery(idp.url);
        await idp.stop();
        return file;
      })();
      return keys;
    },
  };

  const cpuList = cpus();
  const report = {
    node: process.version,
    date: new Date().toISOString(),
    platform: `${process.platform} ${process.arch}`,
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model,
    commit: gitCommit(),
    /** 1/5/15-minute load average when the run began: other work on the machine skews every figure. */
    loadAverageAtStart: loadavg().map((load) => round(load, 2)),
    benchmarks: {},
  };
  const tableRows = [];
  let ok = true;
  try {
    for (const id of ids) {
      const [title, run] = benchmarks[id];
      console.error(`running ${id}...`);
      const started = performance.now();
      try {
        const { figures, data, failed } = await run(context);
        report.benchmarks[id] = { title, figures, ...data };
        tableRows.push({ title, figures });
        if (failed) ok = false;
      } catch (error) {
        ok = false;
        const message = error instanceof Error ? error.message : String(error);
        report.benchmarks[id] = { title, error: message };
        tableRows.push({ title, figures: [{ metric: 'ERROR', value: '-', note: message.split('\n')[0] }] });
        console.error(`${id} failed: ${message}`);
      }
      console.error(`${id} done in ${round((performance.now() - started) / 1000)} s`);
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  console.log(
    `\nmock-idp benchmarks — node ${report.node}, ${report.cpus} × ${report.cpuModel}, ${report.date}, ` +
      `load average at start ${report.loadAverageAtStart.join(' ')}\n`,
  );
  printTable(tableRows);
  for (const [id, result] of Object.entries(report.benchmarks)) {
    for (const { phase, count, message } of result.errors ?? []) {
      console.log(`\n${id}: ${count} ${phase} flow(s) failed: ${message}`);
    }
  }
  await writeFile(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nresults written to ${resultsFile}`);
  if (!ok) {
    console.log('\nBENCHMARK FAILED: see the errors above');
    process.exitCode = 1;
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killLiveIdps();
    process.exit(130);
  });
}

await main();
