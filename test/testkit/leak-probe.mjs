// Starts and stops mock-idp instances in one process and reports handles and heap: run with --expose-gc.
import { mkdtempSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockIdp } from '../../dist/index.js';

const keysFile = join(mkdtempSync(join(tmpdir(), 'mock-idp-leak-')), 'keys.json');
const rounds = Number(process.argv[2] ?? 100);

/** A request over a keep-alive connection the client leaves open, so stop() has a connection to close. */
function discovery(url, agent) {
  return new Promise((resolve, reject) => {
    get(`${url}/.well-known/openid-configuration`, { agent }, (response) => {
      response.resume();
      response.on('end', resolve);
    }).on('error', reject);
  });
}

async function round() {
  const idp = await startMockIdp({ keysFile });
  // (node:http rather than fetch: fetch keeps a connection pool per origin for the life of the process.)
  const agent = new Agent({ keepAlive: true });
  await discovery(idp.url, agent);
  await idp.idToken({ persona: 'persona-1', clientId: 'mock-client' });
  await idp.stop();
  agent.destroy();
}

function heapMb() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
const resources = () => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length;

await round();
await settle();
const baseResources = resources();
for (let i = 0; i < 20; i += 1) await round();
const heapAfter20 = heapMb();
for (let i = 20; i < rounds; i += 1) await round();
const heapAfterAll = heapMb();
await settle();
console.log(
  JSON.stringify({
    rounds,
    baseResources,
    resources: resources(),
    heapAfter20,
    heapAfterAll,
    active: process.getActiveResourcesInfo(),
  }),
);
