import Router from '@koa/router';
import { rotateSigningKeys } from '../keys/rotate.js';
import { personaSummary } from '../personas/summary.js';
import { requireAdminToken } from '../server/admin-token.js';
import type { IdpContext } from '../server/context.js';
import { putClock } from './clock.js';
import { nextFaults, putFaults } from './faults.js';

/**
 * `/admin`: runtime control for test suites and demos — faults, the IdP's clock, key rotation, personas. Open on
 * loopback, behind the admin token otherwise (as `/api`).
 */
export function adminRoutes(idp: IdpContext, adminToken: string | undefined): Router {
  const router = new Router({ prefix: '/admin' });
  router.use(requireAdminToken(adminToken));
  router.get('/personas', (ctx) => {
    ctx.body = idp.personas.list().map(personaSummary);
  });
  router.get('/faults', (ctx) => {
    ctx.body = { faults: idp.faults.rules() };
  });
  router.put('/faults', (ctx) => putFaults(idp, ctx));
  router.post('/faults/next', (ctx) => nextFaults(idp, ctx));
  router.delete('/faults', (ctx) => {
    idp.faults.clear();
    ctx.body = { faults: [] };
  });
  router.get('/clock', (ctx) => {
    ctx.body = idp.clock.state();
  });
  router.put('/clock', (ctx) => putClock(idp, ctx));
  router.delete('/clock', (ctx) => {
    idp.clock.reset();
    ctx.body = idp.clock.state();
  });
  router.post('/keys/rotate', async (ctx) => {
    ctx.body = await rotateSigningKeys(idp.keys, idp.keyFile);
  });
  return router;
}
