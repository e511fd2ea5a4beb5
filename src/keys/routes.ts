import Router from '@koa/router';
import { googlePaths } from '../google/paths.js';
import type { SigningKey } from './signing-keys.js';

/** Google's PEM form of the signing keys: `{ "<kid>": "-----BEGIN CERTIFICATE-----…" }`. */
export function pemCertsRoute(keys: SigningKey[]): Router {
  const router = new Router();
  const body = Object.fromEntries(keys.map((key) => [key.kid, key.certificatePem]));
  router.get(googlePaths.pemCerts, (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = body;
  });
  return router;
}
