/**
 * mock-idp benchmarks.
 *
 * Run: `npm run bench` (builds, then `node bench/run.mjs` on Node 22, the `node@22` devDependency npm scripts
 * use) runs them all, in the order of `benchmarks` below, in about 3-4 minutes on 2 cores. One or more by id:
 * `npm run bench -- envelope` (builds first), or on an existing build `node bench/run.mjs envelope memory`
 * (with the machine's `node`, which may be Node 20: results.json records the version; child processes run on
 * the same Node except where `startup` names another). Prints a table and writes bench/results.json (Node
 * version, date, machine, load average at start, every figure and raw sample). Exits non-zero if a benchmark
 * fails or any request fails. Targets are printed beside the figures ("met" / "MISSED"); missing one does not
 * fail the run.
 *
 * All traffic goes to 127.0.0.1. The IdP runs as `node dist/cli/launch.js start --port 0 --keys FILE` in a
 * temporary working directory, with a key file made by one uncounted warm-up start. The load generator
 * (global fetch, keep-alive) runs in this process and shares the machine's cores with the server under test,
 * so every rate is for the pair; other work on the machine skews everything (see loadAverageAtStart).
 *
 *  - startup (bench/lib/startup.mjs), on Node 22 and on the machine's Node 20 (/usr/bin/node; "n/a" if absent):
 *    CLI spawn → discovery 200 (median of 10 after one uncounted start; target ≤ 300 ms); in-process
 *    `startMockIdp()` in a fresh child: spawn → first ready including the import, then the median of the
 *    next 20 starts in that process (target ≤ 50 ms); idle RSS of the CLI process 1 s after ready, no traffic
 *    (target ≤ 80 MB); a bare `node -e` as the floor under both. `cold-start`, the earlier CLI-only
 *    benchmark, is an alias of it.
 *  - full-flow (here): one IdP; authorize (headless login via login_hint=persona-N, PKCE S256 with a fresh
 *    verifier, state and nonce per flow) → token (client_secret_basic) → userinfo, 16 concurrent workers,
 *    2000 flows after 200 warm-up flows: flows/s, p50 and p99 latency per flow, CPU time per flow of the IdP
 *    and of the load generator, failures (must be 0).
 *  - versus-oauth2-mock-server (bench/lib/versus.mjs): the full-flow load against mock-idp and against
 *    oauth2-mock-server (devDependency, child process, one generated RS256 key), taking turns: flows/s,
 *    p50/p99 and CPU per flow of each, ratio ours/theirs (target ≥ 1.5×); and oauth2-mock-server's spawn →
 *    discovery 200 (median of 10).
 *  - multi-instance (bench/lib/multi-instance.mjs): the full-flow load against two IdP processes sharing one
 *    Redis (`--store`, one `--issuer`; redis-server started on a free loopback port), every request going to
 *    the next process in turn, so a code from one is redeemed at either; and against one in-memory IdP; taking
 *    turns as above: flows/s, p50/p99 and CPU per flow of each (server side: both IdPs and Redis), ratio.
 *  - envelope (bench/lib/envelope.mjs): POST /api/jwt signed, and signed+encrypted (RSA-OAEP-256/A256GCM, to
 *    a client registered at /register), 2000 requests each at 16 in flight over undici keep-alive connections,
 *    as a percentage of the raw jose rate (SignJWT, SignJWT + CompactEncrypt) measured in this process at the
 *    same concurrency, taking turns (target ≥ 80%); the same comparison by CPU per token (the load generator's
 *    share of the cores left out); plus `idp.idToken()` in-process, GET jwks_uri and CPU per request, to show
 *    where the time goes.
 *  - memory (bench/lib/memory.mjs): RSS of one IdP after 1k flows and after up to 100k (32 workers). It stops
 *    at a 75 s budget by default (less, down to 30 s, when the run is already past ~3 min) and says how many
 *    flows it ran, with the growth per 10k flows and the extrapolation to 100k (requirement: within 20 MB of
 *    the 1k figure). BENCH_MEMORY_SECONDS=900 runs the full 100k; BENCH_MEMORY_FLOWS sets the count.
 *
 * Adding a benchmark: write `async function (context) => ({ figures, data, failed? })` (one file under
 * bench/lib/ is the usual place) and add it to `benchmarks`. `figures` (`{ metric, value, unit?, note?, digits?
 * }`) go into the table and results.json; `data` (raw samples, counts; `errors: [{ phase, count, message }]`
 * are also printed) goes into results.json only; `failed: true` makes the run exit non-zero. `context` gives
 * the temp working directory (`workDir`), `keysFile()` (resolves with the shared key file) and
 * `elapsedSeconds()` (since the run began). Shared pieces: lib/mock-idp.mjs (default client, start and
 * probe), lib/idp-process.mjs (child processes), lib/load.mjs (concurrent runner, flow rate, contenders
 * taking turns), lib/oidc-flow.mjs (the Code Flow driver: endpoints from discovery, not tied to mock-idp),
 * lib/proc.mjs (RSS and CPU time from /proc), lib/table.mjs (the table), lib/redis.mjs (a redis-server child).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { envelope } from './lib/envelope.mjs';
import { killLiveIdps, spawnIdp } from './lib/idp-process.mjs';
import { measureFlowRate } from './lib/load.mjs';
import { memory } from './lib/memory.mjs';
import { FULL_FLOW_LOAD, mockIdpFlow, startAndProbe } from './lib/mock-idp.mjs';
import { multiInstance } from './lib/multi-instance.mjs';
import { fetchDiscovery } from './lib/oidc-flow.mjs';
import { startup } from './lib/startup.mjs';
import { round } from './lib/stats.mjs';
import { printTable } from './lib/table.mjs';
import { versusOauth2MockServer } from './lib/versus.mjs';

const resultsFile = fileURLToPath(new URL('./results.json', import.meta.url));

async function fullFlow(context) {
  const { concurrency, warmup, flows } = FULL_FLOW_LOAD;
  const { idp, discovery } = await startAndProbe(context);
  try {
    const data = await measureFlowRate({
      runFlow: mockIdpFlow(discovery),
      concurrency,
      warmup,
      flows,
      serverPid: idp.child.pid,
    });
    const failed = data.failures + data.warmupFailures;
    const figures = [
      {
        metric: 'rate',
        value: round(data.flowsPerSecond),
        unit: 'flows/s',
        note: `${flows} flows, ${concurrency} workers, after ${warmup} warm-up`,
      },
      { metric: 'p50 latency', value: round(data.p50Ms), unit: 'ms', note: 'authorize → token → userinfo' },
      {
        metric: 'CPU per flow',
        value: round(data.serverCpuMsPerFlow, 2),
        digits: 2,
        unit: 'ms',
        note: `IdP process; the load generator used ${round(data.clientCpuMsPerFlow, 2)} ms`,
      },
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
  startup: ['startup', startup],
  'full-flow': ['full flow (code + PKCE)', fullFlow],
  'versus-oauth2-mock-server': ['versus oauth2-mock-server', versusOauth2MockServer],
  'multi-instance': ['2 instances on one Redis vs 1 in memory', multiInstance],
  envelope: ['envelope JWT (/api/jwt)', envelope],
  memory: ['memory under load', memory],
};

/** Earlier ids still accepted on the command line. */
const aliases = { 'cold-start': 'startup' };

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
  const selected = [...new Set(process.argv.slice(2).map((id) => aliases[id] ?? id))];
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
  const runStarted = performance.now();
  const context = {
    workDir,
    /** Seconds since the run began (the memory benchmark fits its time budget to what is left). */
    elapsedSeconds: () => (performance.now() - runStarted) / 1000,
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
        report.benchmarks[id] = {
          title,
          seconds: round((performance.now() - started) / 1000),
          figures,
          ...data,
        };
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
  report.loadAverageAtEnd = loadavg().map((load) => round(load, 2));
  report.seconds = round((performance.now() - runStarted) / 1000);

  console.log(
    `\nmock-idp benchmarks — node ${report.node}, ${report.cpus} × ${report.cpuModel}, ${report.date}, ` +
      `load average at start ${report.loadAverageAtStart.join(' ')}, at end ${report.loadAverageAtEnd.join(' ')}, ` +
      `${report.seconds} s\n`,
  );
  printTable(tableRows);
  for (const [id, result] of Object.entries(report.benchmarks)) {
    for (const { phase, count, message } of result.errors ?? []) {
      console.log(`\n${id}: ${count} ${phase} failure(s): ${message}`);
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
