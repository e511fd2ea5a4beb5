#!/usr/bin/env node
/**
 * Load test: one mock-idp process (`dist/cli/launch.js start --port 0`, on 127.0.0.1), driven from this process by
 * CONCURRENCY concurrent headless Code Flows (authorize with login_hint → token → userinfo, PKCE S256,
 * client_secret_basic; bench/lib/oidc-flow.mjs's driver) for a fixed time.
 *
 * Reports flows/s, failures (with the first reasons), and the IdP's resident memory (VmRSS from /proc/PID/status)
 * at start, after 1,000 flows and at the end (read while the load is still running, as the 1k reading is), and
 * exits non-zero on any failure, or when RSS grew more than 20 MB between 1k flows and the end.
 *
 *   npm run load                                  # 200 concurrent flows for 60 s
 *   npm run load -- --seconds 20                  # shorter
 *   npm run load -- --seconds 900 --flows 100000  # until 100k flows (or 15 min): the memory requirement in full
 *   options: --seconds N (60), --concurrency N (200), --flows N (no limit), --limit-mb N (20)
 *
 * The flows share a keep-alive pool of at most CONCURRENCY connections. Global fetch's default pool has no such
 * bound: when this process's event loop lags, it opens extra connections while earlier ones are about to free up,
 * and since libuv accepts one connection per event-loop iteration (libuv 1.45, Node 20+), a new connection to an
 * IdP busy with 200 flows waits in the kernel's accept queue for seconds; those waits were the 1-3% of flows that
 * timed out, with every request the IdP had accepted answered within 0.4 s. For the same reason the pool's
 * connections are all opened before the clock starts (openConnections): opened by the first flows at once, the
 * last of them waited up to 8 s (accept queue watched with `ss -lnt`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Agent, setGlobalDispatcher } from 'undici';
import { createFlowDriver, fetchDiscovery } from '../bench/lib/oidc-flow.mjs';

const CLI = fileURLToPath(new URL('../dist/cli/launch.js', import.meta.url));
const BASELINE_FLOWS = 1000;
const PERSONAS = 10;

function parseArgs(argv) {
  const options = { seconds: 60, concurrency: 200, flows: Number.POSITIVE_INFINITY, limitMb: 20 };
  const names = {
    '--seconds': 'seconds',
    '--concurrency': 'concurrency',
    '--flows': 'flows',
    '--limit-mb': 'limitMb',
  };
  for (let i = 0; i < argv.length; i += 1) {
    const name = names[argv[i]];
    const value = Number(argv[i + 1]);
    if (!name || !Number.isFinite(value) || value <= 0) {
      console.error(
        `usage: load-test.mjs [--seconds N] [--concurrency N] [--flows N] [--limit-mb N] (at ${argv[i]})`,
      );
      process.exit(2);
    }
    options[name] = value;
    i += 1;
  }
  return options;
}

/** VmRSS of `pid` in MB (1 MB = 1024 kB, as the kernel counts). */
function rssMb(pid) {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

/** Starts the IdP in a scratch folder (its keys there) and resolves with its URL once the ready line is out. */
function startIdp(dir) {
  const child = spawn(process.execPath, [CLI, 'start', '--port', '0', '--keys', join(dir, 'keys.json')], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail('no ready line within 20 s'), 20_000);
    const fail = (why) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`mock-idp did not start: ${why}\n${stderr}`));
    };
    child.once('exit', (code, signal) => fail(`exited (code ${code}, signal ${signal})`));
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      const ready = /^mock-idp ready: (?:issuer )?(\S+)/m.exec(stdout);
      if (ready) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ child, url: ready[1], stderr: () => stderr });
      }
    });
  });
}

function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Opens the pool's `count` connections before the clock starts, one request in flight on each, while the IdP is idle.
 * Since libuv 1.45 (Node 20+) a server accepts one connection per event-loop iteration: 200 connections opened at
 * once against an IdP already busy with flows wait in the kernel's accept queue, the last for 200 iterations of a
 * loaded server (seconds), and a flow whose next request waits there times out or finds its code gone from the store.
 */
async function openConnections(url, count) {
  await Promise.all(
    Array.from({ length: count }, async () => {
      const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
      await response.arrayBuffer();
    }),
  );
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const mb = (value) => `${value.toFixed(1)} MB`;

async function main() {
  const options = parseArgs(process.argv.slice(2));
  setGlobalDispatcher(new Agent({ connections: options.concurrency }));
  const dir = mkdtempSync(join(tmpdir(), 'mock-idp-load-'));
  const idp = await startIdp(dir);
  const pid = idp.child.pid;
  let exited = false;
  idp.child.once('exit', (code, signal) => {
    exited = true;
    console.error(`mock-idp exited during the run (code ${code}, signal ${signal})\n${idp.stderr()}`);
  });
  const cleanup = () => {
    idp.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });

  try {
    if (new URL(idp.url).hostname !== '127.0.0.1') throw new Error(`expected a loopback IdP, got ${idp.url}`);
    const discovery = await fetchDiscovery(idp.url);
    await openConnections(discovery.jwks_uri, options.concurrency);
    const runFlow = createFlowDriver({
      discovery,
      clientId: 'mock-client',
      clientSecret: 'mock-secret',
      redirectUri: 'http://localhost:3000/callback',
      authorizationParams: (flow) => ({ login_hint: `persona-${(flow % PERSONAS) + 1}` }),
    });

    const rssStart = rssMb(pid);
    console.log(
      `mock-idp ${idp.url} (pid ${pid}): ${options.concurrency} concurrent flows for ${options.seconds} s` +
        `${Number.isFinite(options.flows) ? ` or ${options.flows} flows` : ''}; RSS at start ${mb(rssStart)}`,
    );

    const started = performance.now();
    const deadline = started + options.seconds * 1000;
    let flows = 0;
    let failures = 0;
    const reasons = new Map();
    const latencies = [];
    let rssBaseline;
    let nextReport = started + 10_000;

    const worker = async () => {
      while (performance.now() < deadline && flows + failures < options.flows && !exited) {
        const t0 = performance.now();
        try {
          await runFlow();
          flows += 1;
          latencies.push(performance.now() - t0);
        } catch (error) {
          failures += 1;
          const reason = String(error?.message ?? error).slice(0, 200);
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        }
        if (rssBaseline === undefined && flows >= BASELINE_FLOWS) {
          rssBaseline = rssMb(pid);
          console.log(`  after ${flows} flows: RSS ${mb(rssBaseline)}`);
        }
        const now = performance.now();
        if (now >= nextReport) {
          nextReport = now + 10_000;
          const seconds = (now - started) / 1000;
          console.log(
            `  ${seconds.toFixed(0)} s: ${flows} flows (${(flows / seconds).toFixed(0)}/s), ${failures} failures, RSS ${mb(rssMb(pid))}`,
          );
        }
      }
    };
    // The end reading is taken as the first worker finishes, while the others still load the IdP (as at 1k).
    let rssEnd;
    await Promise.all(
      Array.from({ length: options.concurrency }, () =>
        worker().then(() => {
          if (rssEnd === undefined && !exited) rssEnd = rssMb(pid);
        }),
      ),
    );
    const elapsed = (performance.now() - started) / 1000;
    const rssAfter = exited ? Number.NaN : rssMb(pid);

    latencies.sort((a, b) => a - b);
    const growth = rssBaseline === undefined || rssEnd === undefined ? Number.NaN : rssEnd - rssBaseline;
    console.log('');
    console.log(
      `flows:        ${flows} in ${elapsed.toFixed(1)} s = ${(flows / elapsed).toFixed(1)} flows/s`,
    );
    console.log(
      `flow latency: p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`,
    );
    console.log(`failures:     ${failures}`);
    for (const [reason, count] of [...reasons].slice(0, 5)) console.log(`  ${count}× ${reason}`);
    console.log(`RSS start:    ${mb(rssStart)}`);
    console.log(
      `RSS at 1k:    ${rssBaseline === undefined ? `n/a (fewer than ${BASELINE_FLOWS} flows)` : mb(rssBaseline)}`,
    );
    console.log(
      `RSS at end:   ${rssEnd === undefined ? 'n/a' : mb(rssEnd)} (after the load drained: ${mb(rssAfter)})`,
    );
    console.log(
      `RSS growth:   ${Number.isNaN(growth) ? 'n/a' : `${growth >= 0 ? '+' : ''}${mb(growth)}`} (limit ${options.limitMb} MB)`,
    );

    const problems = [];
    if (exited) problems.push('the IdP process died');
    if (failures > 0) problems.push(`${failures} failed flows`);
    if (rssBaseline === undefined) problems.push(`fewer than ${BASELINE_FLOWS} flows: no memory baseline`);
    else if (growth > options.limitMb)
      problems.push(`RSS grew ${mb(growth)} after 1k flows (limit ${options.limitMb} MB)`);
    console.log(problems.length === 0 ? '\nPASS' : `\nFAIL: ${problems.join('; ')}`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    idp.child.removeAllListeners('exit');
    await stop(idp.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
