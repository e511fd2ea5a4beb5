import Router from '@koa/router';
import { googlePaths } from '../google/paths.js';
import type { SigningKey } from './signing-keys.js';

const caching = 'public, max-age=300, must-revalidate';

/**
 * The published signing keys, read at each request so a rotation shows at once: the JWKS at Google's
 * `/oauth2/v3/certs`, and Google's PEM form `{ "<kid>": "-----BEGIN CERTIFICATE-----…" }` at `/oauth2/v1/certs`.
 */
export function keyRoutes(keys: SigningKey[]): Router {
  const router = new Router();
  router.get(googlePaths.jwks, (ctx) => {
    ctx.set('Cache-Control', caching);
    ctx.body = { keys: keys.map((key) => key.publicJwk) };
  });
  router.get(googlePaths.pemCerts, (ctx) => {
    ctx.set('Cache-Control', caching);
    ctx.body = Object.fromEntries(keys.map((key) => [key.kid, key.certificatePem]));
  });
  return router;
}
