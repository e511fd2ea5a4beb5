/**
 * The `startup` benchmark, on Node 22 and on the machine's Node 20 (see node-binaries.mjs):
 *  (a) CLI: spawn `dist/cli/launch.js start` → discovery answers 200, median of COLD_START_RUNS after one
 *      uncounted start (which also fills Node 22's compile cache when empty);
 *  (b) in-process: a fresh child process imports dist/index.js and calls `startMockIdp()`: spawn → first ready
 *      (Node boot + import + first start), then the median of IN_PROCESS_STARTS more starts in that process
 *      (each stopped before the next);
 *  (c) idle RSS of the CLI process: VmRSS IDLE_RSS_WAIT_MS after the ready line, no request sent (median of
 *      IDLE_RSS_RUNS processes);
 * and, as the floor under (a) and (c), a bare `node -e` process: spawn → its first line, and its idle RSS.
 */
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { spawnIdp, spawnReady } from './idp-process.mjs';
import { startAndProbe } from './mock-idp.mjs';
import { nodeBinaries } from './node-binaries.mjs';
import { memoryOf, sleep } from './proc.mjs';
import { median, round } from './stats.mjs';
import { verdict } from './table.mjs';

const COLD_START_RUNS = 10;
const IN_PROCESS_STARTS = 20;
const IDLE_RSS_RUNS = 3;
const IDLE_RSS_WAIT_MS = 1000;

export const targets = { cliMs: 300, inProcessMs: 50, idleRssMb: 80 };

const childScript = fileURLToPath(new URL('./startup-child.mjs', import.meta.url));

async function cliColdStart(context, execPath) {
  const first = await startAndProbe(context, { execPath });
  await first.idp.stop();
  const samplesMs = [];
  const readyLineSamplesMs = [];
  for (let run = 0; run < COLD_START_RUNS; run++) {
    const { idp, readyLineMs, discoveryMs } = await startAndProbe(context, { execPath });
    await idp.stop();
    samplesMs.push(discoveryMs);
    readyLineSamplesMs.push(readyLineMs);
  }
  return {
    runs: COLD_START_RUNS,
    uncountedFirstMs: first.discoveryMs,
    medianMs: median(samplesMs),
    minMs: Math.min(...samplesMs),
    maxMs: Math.max(...samplesMs),
    readyLineMedianMs: median(readyLineSamplesMs),
    samplesMs,
    readyLineSamplesMs,
  };
}

async function inProcess(context, execPath) {
  const started = performance.now();
  const probe = await spawnReady({
    args: [childScript, await context.keysFile(), String(IN_PROCESS_STARTS)],
    cwd: context.workDir,
    readyPattern: /^first-ready$/m,
    name: 'in-process start-up probe',
    execPath,
  });
  const firstReadyMs = performance.now() - started;
  const exited = once(probe.child, 'exit');
  const timer = setTimeout(() => probe.child.kill('SIGKILL'), 60_000);
  const [code] = await exited;
  clearTimeout(timer);
  const line = /^result (.*)$/m.exec(probe.stdout());
  if (code !== 0 || !line) {
    throw new Error(`in-process probe exited with code ${code}: ${probe.stderr().trim().slice(0, 500)}`);
  }
  const result = JSON.parse(line[1]);
  if (result.discoveryStatus !== 200)
    throw new Error(`in-process IdP answered discovery ${result.discoveryStatus}`);
  return { firstReadyMs, medianMs: median(result.startsMs), ...result };
}

/**
 * The floor under both: a bare `node -e` that prints a line and idles; spawn → that line, median of
 * COLD_START_RUNS, and its VmRSS after IDLE_RSS_WAIT_MS (one process).
 */
async function bareNode(context, execPath) {
  const script = "console.log('ready'); setTimeout(() => {}, 60000);";
  const spawnBare = () =>
    spawnReady({
      args: ['-e', script],
      cwd: context.workDir,
      readyPattern: /^ready$/m,
      name: 'bare node',
      execPath,
    });
  const samplesMs = [];
  for (let run = 0; run < COLD_START_RUNS; run++) {
    const started = performance.now();
    const bare = await spawnBare();
    samplesMs.push(performance.now() - started);
    await bare.stop();
  }
  const bare = await spawnBare();
  try {
    await sleep(IDLE_RSS_WAIT_MS);
    const rss = await memoryOf(bare.child.pid);
    return { medianMs: median(samplesMs), samplesMs, rssMb: rss?.rssMb ?? Number.NaN };
  } finally {
    await bare.stop();
  }
}

async function idleRss(context, execPath) {
  const samples = [];
  for (let run = 0; run < IDLE_RSS_RUNS; run++) {
    const idp = await spawnIdp({ cwd: context.workDir, keysFile: await context.keysFile(), execPath });
    try {
      await sleep(IDLE_RSS_WAIT_MS);
      samples.push(await memoryOf(idp.child.pid));
    } finally {
      await idp.stop();
    }
  }
  const rss = samples.map((sample) => sample?.rssMb ?? Number.NaN);
  return { runs: IDLE_RSS_RUNS, waitMs: IDLE_RSS_WAIT_MS, medianRssMb: median(rss), samples };
}

export async function startup(context) {
  const binaries = nodeBinaries();
  const figures = [];
  const data = { targets, runtimes: {} };
  for (const [label, binary] of [
    ['Node 22', binaries.node22],
    ['Node 20', binaries.node20],
  ]) {
    if (!binary) {
      for (const metric of [
        'CLI spawn → discovery 200',
        'in-process first start',
        'in-process start',
        'idle RSS (CLI)',
        'bare node (floor)',
      ]) {
        figures.push({ metric: `${label}: ${metric}`, value: 'n/a', note: `no ${label} binary found` });
      }
      data.runtimes[label] = null;
      continue;
    }
    console.error(`  startup on ${label} (${binary.version}, ${binary.path})...`);
    const cli = await cliColdStart(context, binary.path);
    const inproc = await inProcess(context, binary.path);
    const idle = await idleRss(context, binary.path);
    const bare = await bareNode(context, binary.path);
    data.runtimes[label] = { ...binary, cli, inProcess: inproc, idle, bare };
    figures.push(
      {
        metric: `${label}: CLI spawn → discovery 200`,
        value: round(cli.medianMs),
        unit: 'ms',
        note: `median of ${COLD_START_RUNS} (min ${round(cli.minMs)}, max ${round(cli.maxMs)}; ready line ${round(cli.readyLineMedianMs)}); ${verdict(cli.medianMs, targets.cliMs, 'ms')}`,
      },
      {
        metric: `${label}: in-process first start`,
        value: round(inproc.firstReadyMs),
        unit: 'ms',
        note: `spawn → first startMockIdp() ready (import ${round(inproc.importMs)}, start ${round(inproc.firstStartMs)})`,
      },
      {
        metric: `${label}: in-process start`,
        value: round(inproc.medianMs),
        unit: 'ms',
        note: `median of next ${IN_PROCESS_STARTS} in that process; ${verdict(inproc.medianMs, targets.inProcessMs, 'ms')}`,
      },
      {
        metric: `${label}: idle RSS (CLI)`,
        value: round(idle.medianRssMb),
        unit: 'MB',
        note: `VmRSS ${IDLE_RSS_WAIT_MS} ms after ready, no traffic, median of ${IDLE_RSS_RUNS}; ${verdict(idle.medianRssMb, targets.idleRssMb, 'MB')}`,
      },
      {
        metric: `${label}: bare node (floor)`,
        value: round(bare.medianMs),
        unit: 'ms',
        note: `\`node -e\` spawn → first line, median of ${COLD_START_RUNS}; its idle RSS ${round(bare.rssMb)} MB`,
      },
    );
  }
  return { figures, data };
}
