/**
 * The in-process start-up probe, run as a fresh child process by the `startup` benchmark:
 * `node startup-child.mjs KEYS_FILE STARTS`. Imports dist/index.js, starts one IdP with `startMockIdp()` and
 * prints `first-ready` (the parent times spawn → that line), stops it, then starts and stops STARTS more,
 * timing each `startMockIdp()` call; checks the last one answers discovery, and prints
 * `result {json}` with every timing (ms; `*SinceOriginMs` are since this process's `performance.timeOrigin`).
 */
import { performance } from 'node:perf_hooks';

const [keysFile, startsArg] = process.argv.slice(2);
const starts = Number(startsArg);
const atModuleStart = performance.now();
const { startMockIdp } = await import(new URL('../../dist/index.js', import.meta.url).href);
const imported = performance.now();
let idp = await startMockIdp({ keysFile });
const firstReady = performance.now();
process.stdout.write('first-ready\n');
await idp.stop();

const startsMs = [];
let discoveryStatus;
for (let run = 0; run < starts; run++) {
  const started = performance.now();
  idp = await startMockIdp({ keysFile });
  startsMs.push(performance.now() - started);
  if (run === starts - 1) {
    const response = await fetch(`${idp.url}/.well-known/openid-configuration`);
    discoveryStatus = response.status;
    await response.body?.cancel();
  }
  await idp.stop();
}

const result = {
  node: process.version,
  moduleStartSinceOriginMs: atModuleStart,
  importMs: imported - atModuleStart,
  firstStartMs: firstReady - imported,
  firstReadySinceOriginMs: firstReady,
  startsMs,
  discoveryStatus,
};
process.stdout.write(`result ${JSON.stringify(result)}\n`);
