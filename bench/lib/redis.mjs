/** A redis-server child for the benchmarks that need one: a free loopback port, no persistence. */
import { createServer } from 'node:net';
import { spawnReady } from './idp-process.mjs';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `redis-server` (from PATH: Debian's package `redis-server`) in `dir`; resolves with `{ url, pid, stop }`
 * once it accepts connections.
 */
export async function startRedis(dir) {
  const port = await freePort();
  const server = await spawnReady({
    execPath: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    cwd: dir,
    readyPattern: /Ready to accept connections/,
    name: 'redis-server (apt-get install redis-server if it is missing)',
  });
  return { url: `redis://127.0.0.1:${port}/0`, pid: server.child.pid, stop: server.stop };
}
