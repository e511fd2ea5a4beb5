/** What every mock-idp benchmark shares: the default client and "start the CLI, wait for discovery 200". */
import { performance } from 'node:perf_hooks';
import { spawnIdp } from './idp-process.mjs';
import { createFlowDriver, fetchDiscovery } from './oidc-flow.mjs';

/** mock-idp's default client (config/default.yaml). */
export const mockClient = {
  clientId: 'mock-client',
  clientSecret: 'mock-secret',
  redirectUri: 'http://localhost:3000/callback',
};

/** The full-flow load every Code Flow benchmark applies: workers, uncounted warm-up flows, measured flows. */
export const FULL_FLOW_LOAD = { concurrency: 16, warmup: 200, flows: 2000 };

/** Personas the flows log in as, in turn (login_hint=persona-N). */
export const PERSONAS = 10;

/** Authorization parameters that log persona-N in headlessly (mock-idp's `login_hint`). */
export const headlessLogin = (flow) => ({ login_hint: `persona-${(flow % PERSONAS) + 1}` });

/** The Code Flow against mock-idp: its default client, personas logged in headlessly in turn. */
export function mockIdpFlow(discovery) {
  return createFlowDriver({ discovery, ...mockClient, authorizationParams: headlessLogin });
}

/**
 * Starts the IdP (CLI child, `execPath` default this process's Node), waits for discovery to answer 200;
 * resolves with timings (ms since spawn) and the running IdP.
 */
export async function startAndProbe(context, { execPath } = {}) {
  const started = performance.now();
  const idp = await spawnIdp({ cwd: context.workDir, keysFile: await context.keysFile(), execPath });
  const readyLineMs = performance.now() - started;
  try {
    const discovery = await fetchDiscovery(idp.url);
    return { idp, discovery, readyLineMs, discoveryMs: performance.now() - started };
  } catch (error) {
    await idp.stop();
    throw error;
  }
}

/** The CLI IdP as a server for `compareTwoServers` (load.mjs): started and probed, its Code Flow, pid and stop. */
export async function startFlowServer(context) {
  const { idp, discovery } = await startAndProbe(context);
  return { task: mockIdpFlow(discovery), serverPid: idp.child.pid, stop: idp.stop };
}
