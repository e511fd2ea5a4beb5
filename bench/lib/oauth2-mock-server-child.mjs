/**
 * oauth2-mock-server (the devDependency) as a child process for the `versus-oauth2-mock-server` benchmark:
 * `new OAuth2Server()`, one generated RS256 key, listening on 127.0.0.1 on a free port (issuer URL set to
 * http://127.0.0.1:PORT, since it would say localhost). Prints
 * `oauth2-mock-server ready: ISSUER {json timings}` and runs until SIGTERM/SIGINT.
 */
import { performance } from 'node:perf_hooks';

const atModuleStart = performance.now();
const { OAuth2Server } = await import('oauth2-mock-server');
const imported = performance.now();
const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');
const keyReady = performance.now();
await server.start(0, '127.0.0.1');
// It names a loopback listener "localhost"; keep every request on 127.0.0.1 (no ::1 attempt first).
server.issuer.url = `http://127.0.0.1:${server.address().port}`;
const listening = performance.now();
const timings = {
  moduleStartSinceOriginMs: atModuleStart,
  importMs: imported - atModuleStart,
  keyGenerationMs: keyReady - imported,
  listenMs: listening - keyReady,
};
process.stdout.write(`oauth2-mock-server ready: ${server.issuer.url} ${JSON.stringify(timings)}\n`);

const stop = () => {
  server.stop().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
