/**
 * The `versus-oauth2-mock-server` benchmark: the same Code Flow load (flow driver, FULL_FLOW_LOAD) against mock-idp (CLI child) and against oauth2-mock-server (child process,
 * oauth2-mock-server-child.mjs), both running, taking turns (ROUNDS turns each, ABBA order) so that load
 * from elsewhere on the machine hits both alike; then oauth2-mock-server's cold start (spawn → discovery
 * 200). CPU time per flow of each server and of the load generator says where the time goes.
 *
 * Request shapes against oauth2-mock-server: the same driver and client (it accepts any client id, secret and
 * redirect_uri; no login_hint: /authorize redirects with a code at once). It checks the PKCE S256 verifier at
 * /token, signs two JWTs there (access token and ID token, RS256), and /userinfo answers `{ sub }` without
 * looking at the bearer token. mock-idp validates the client, redirect_uri, PKCE and the access token, and
 * runs oidc-provider (session, grant, code, access token kept in memory).
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { spawnReady } from './idp-process.mjs';
import { compareTwoServers } from './load.mjs';
import { FULL_FLOW_LOAD, mockClient, startFlowServer } from './mock-idp.mjs';
import { createFlowDriver, fetchDiscovery } from './oidc-flow.mjs';
import { median, round } from './stats.mjs';
import { ratioFigure, verdict } from './table.mjs';

/** The two servers take turns: ROUNDS turns each of 1/ROUNDS of the flows (see measureInterleaved). */
const ROUNDS = 4;
const COLD_START_RUNS = 10;
const TARGET_RATIO = 1.5;

const childScript = fileURLToPath(new URL('./oauth2-mock-server-child.mjs', import.meta.url));

/** Starts oauth2-mock-server in a child; resolves with `{ url, timings, stop, child }` once discovery is 200. */
async function startTheirs(context) {
  const started = performance.now();
  const server = await spawnReady({
    args: [childScript],
    cwd: context.workDir,
    readyPattern: /^oauth2-mock-server ready: (\S+) (\{.*\})$/m,
    name: 'oauth2-mock-server',
  });
  const readyLineMs = performance.now() - started;
  try {
    const discovery = await fetchDiscovery(server.match[1]);
    return {
      url: server.match[1],
      pid: server.child.pid,
      discovery,
      timings: JSON.parse(server.match[2]),
      readyLineMs,
      discoveryMs: performance.now() - started,
      stop: server.stop,
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function theirColdStart(context) {
  const first = await startTheirs(context);
  await first.stop();
  const samplesMs = [];
  const timings = [];
  for (let run = 0; run < COLD_START_RUNS; run++) {
    const server = await startTheirs(context);
    await server.stop();
    samplesMs.push(server.discoveryMs);
    timings.push(server.timings);
  }
  return {
    runs: COLD_START_RUNS,
    medianMs: median(samplesMs),
    minMs: Math.min(...samplesMs),
    maxMs: Math.max(...samplesMs),
    medianImportMs: median(timings.map((t) => t.importMs)),
    medianKeyGenerationMs: median(timings.map((t) => t.keyGenerationMs)),
    samplesMs,
    timings,
  };
}

/** oauth2-mock-server as a server for `compareTwoServers`: the same flow driver and client as against mock-idp. */
async function startTheirFlowServer(context) {
  const theirs = await startTheirs(context);
  const task = createFlowDriver({
    discovery: theirs.discovery,
    clientId: 'bench-client',
    clientSecret: 'bench-secret',
    redirectUri: mockClient.redirectUri,
  });
  return { task, serverPid: theirs.pid, stop: theirs.stop };
}

export async function versusOauth2MockServer(context) {
  const compared = await compareTwoServers(
    { key: 'mockIdp', label: 'mock-idp', start: () => startFlowServer(context) },
    { key: 'oauth2MockServer', label: 'oauth2-mock-server', start: () => startTheirFlowServer(context) },
    { ...FULL_FLOW_LOAD, rounds: ROUNDS },
  );
  const { data } = compared;
  data.oauth2MockServerColdStart = await theirColdStart(context);
  const cold = data.oauth2MockServerColdStart;
  const figures = [
    ...compared.figures,
    ratioFigure(
      'rate ratio ours/theirs',
      data.ratio,
      verdict(data.ratio, TARGET_RATIO, '×', { atLeast: true }),
    ),
    {
      metric: 'oauth2-mock-server cold start',
      value: round(cold.medianMs),
      unit: 'ms',
      note: `spawn → discovery 200, median of ${COLD_START_RUNS} (min ${round(cold.minMs)}, max ${round(cold.maxMs)}); of which import ${round(cold.medianImportMs)}, RSA key generation ${round(cold.medianKeyGenerationMs)}`,
    },
  ];
  return { figures, data, failed: compared.failures > 0 };
}
