/**
 * The `multi-instance` benchmark: what sharing state through Redis costs. The full-flow load (flow driver,
 * FULL_FLOW_LOAD, mock-idp's default client and personas) against two mock-idp processes
 * on one Redis (`--store`, one `--issuer`, as replicas behind a load balancer) and against one in-memory
 * mock-idp, taking turns (ROUNDS turns each, ABBA order) so that load from elsewhere on the machine hits both
 * alike.
 *
 * The load generator plays the load balancer: each request goes to the next of the two processes in turn (one
 * turn per endpoint), so the authorization, token and userinfo requests of one flow land on either process and
 * a code issued by one is often redeemed at the other. redis-server (Debian's) runs on a free loopback port
 * without persistence. The server CPU per flow of the pair counts both IdP processes and Redis.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnIdp } from './idp-process.mjs';
import { compareTwoServers } from './load.mjs';
import { FULL_FLOW_LOAD, mockIdpFlow, startFlowServer } from './mock-idp.mjs';
import { fetchDiscovery } from './oidc-flow.mjs';
import { sleep } from './proc.mjs';
import { startRedis } from './redis.mjs';
import { ratioFigure } from './table.mjs';

const ROUNDS = 4;
/** The public issuer both replicas are given; the load generator talks to each one's own address. */
const ISSUER = 'http://idp.bench.test';
const ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint'];

/** Starts one replica on Redis; resolves with it and the address it listens on. */
async function startReplica(context, redisUrl) {
  const idp = await spawnIdp({
    cwd: context.workDir,
    keysFile: await context.keysFile(),
    extraArgs: ['--store', redisUrl, '--issuer', ISSUER],
  });
  // Printed on stderr before the ready line on stdout, but the two pipes are read apart: give it a moment.
  for (let wait = 0; wait < 100; wait++) {
    const listenUrl = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(idp.stderr())?.[1];
    if (listenUrl) return { ...idp, listenUrl };
    await sleep(20);
  }
  await idp.stop();
  throw new Error(`no listen address in the replica's output: ${idp.stderr()}`);
}

/**
 * Discovery whose endpoints go round-robin over `origins`: each read of an endpoint gives the next origin (the
 * flow driver reads it once per request).
 */
function roundRobin(discovery, origins) {
  const rotating = { ...discovery };
  for (const name of ENDPOINTS) {
    const { pathname, search } = new URL(discovery[name]);
    let turn = 0;
    Object.defineProperty(rotating, name, {
      get: () => `${origins[turn++ % origins.length]}${pathname}${search}`,
    });
  }
  return rotating;
}

/** Two replicas on a fresh Redis; resolves with the flow task, every server pid, and `stop()`. */
async function startPair(context) {
  const redisDir = join(context.workDir, 'redis');
  await mkdir(redisDir, { recursive: true });
  const redis = await startRedis(redisDir);
  const replicas = [];
  const stop = async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await redis.stop();
  };
  try {
    // One after the other: the first publishes the key set, the second adopts it.
    for (let i = 0; i < 2; i++) replicas.push(await startReplica(context, redis.url));
    const discovery = await fetchDiscovery(replicas[0].listenUrl);
    return {
      task: mockIdpFlow(
        roundRobin(
          discovery,
          replicas.map((replica) => replica.listenUrl),
        ),
      ),
      serverPid: [...replicas.map((replica) => replica.child.pid), redis.pid],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export async function multiInstance(context) {
  const compared = await compareTwoServers(
    { key: 'twoOnRedis', label: '2 on Redis', start: () => startPair(context) },
    { key: 'oneInMemory', label: '1 in memory', start: () => startFlowServer(context) },
    { ...FULL_FLOW_LOAD, rounds: ROUNDS },
  );
  const { data } = compared;
  const figures = [
    ...compared.figures,
    ratioFigure(
      'rate ratio 2 on Redis / 1 in memory',
      data.ratio,
      'one machine: the replicas, Redis and the load generator share its cores',
    ),
  ];
  return { figures, data, failed: compared.failures > 0 };
}
