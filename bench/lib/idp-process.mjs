/**
 * Starts servers as child processes and waits for their ready line: mock-idp (`dist/cli/launch.js start`) via
 * `spawnIdp`, anything else (oauth2-mock-server, the in-process start-up probe) via `spawnReady`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const cliPath = fileURLToPath(new URL('../../dist/cli/launch.js', import.meta.url));

/** Children not yet seen to exit, so an interrupted run can clean up (see `killLiveIdps`). */
const live = new Set();

/** Kills every child this module started that is still running (synchronous: fine in exit handlers). */
export function killLiveIdps() {
  for (const child of live) child.kill('SIGKILL');
}

// `mock-idp ready: issuer URL`, or with --impersonate-google `mock-idp ready: URL (issuer ...)`.
const READY_LINE = /^mock-idp ready: (?:issuer )?(\S+)/m;

/**
 * Spawns `node ...args` (`execPath`, default this process's Node) in `cwd` and resolves, once `readyPattern`
 * matches stdout, with `{ match, child, stop, stdout, stderr }` (`match`: the RegExp match). Rejects (after
 * killing the child) if it exits or stays silent for `timeoutMs`; the error carries the child's stderr.
 * `stop()` sends SIGTERM (SIGKILL after 5 s) and resolves once the child has exited.
 */
export async function spawnReady({
  args,
  cwd,
  readyPattern,
  name = 'child',
  execPath = process.execPath,
  timeoutMs = 15_000,
}) {
  const child = spawn(execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const match = await new Promise((resolve, reject) => {
      const fail = (reason) => {
        clearTimeout(timer);
        reject(new Error(`${name} did not start: ${reason}${stderr ? `\nstderr:\n${stderr.trim()}` : ''}`));
      };
      const timer = setTimeout(() => fail(`no ready line within ${timeoutMs} ms`), timeoutMs);
      child.once('error', (error) => fail(error.message));
      const onExit = (code, signal) => fail(`exited early (code ${code}, signal ${signal})`);
      child.once('exit', onExit);
      child.stdout.setEncoding('utf8').on('data', (chunk) => {
        stdout += chunk;
        const found = readyPattern.exec(stdout);
        if (found) {
          clearTimeout(timer);
          child.off('exit', onExit);
          resolve(found);
        }
      });
    });
    return { match, child, stop, stdout: () => stdout, stderr: () => stderr };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Spawns `node dist/cli/launch.js start --port 0 [--keys FILE] ...extraArgs` in `cwd` (with `execPath`, default
 * this process's Node) and resolves, once the ready line is on stdout, with `{ url, child, stop, stderr }`.
 * `url` is the base URL read from that line.
 */
export async function spawnIdp({ cwd, keysFile, extraArgs = [], execPath, timeoutMs = 15_000 } = {}) {
  const args = [cliPath, 'start', '--port', '0'];
  if (keysFile) args.push('--keys', keysFile);
  args.push(...extraArgs);
  const { match, child, stop, stderr } = await spawnReady({
    args,
    cwd,
    readyPattern: READY_LINE,
    name: 'mock-idp',
    execPath,
    timeoutMs,
  });
  return { url: match[1], child, stop, stderr };
}
