import Router from '@koa/router';
import { rotateSigningKeys } from '../keys/rotate.js';
import { personaSummary } from '../personas/summary.js';
import { requireAdminToken } from '../server/admin-token.js';
import type { IdpContext } from '../server/context.js';
import { readJsonObject } from '../server/read-body.js';
import { addClient, listClients, removeClient } from './clients.js';
import { putClock } from './clock.js';
import { debugPage } from './debug-page.js';
import { nextFaults, putFaults } from './faults.js';
import { addPersona } from './personas.js';
import { reset } from './reset.js';

/**
 * `/admin`: runtime control for test suites and demos — personas, clients, faults, the IdP's clock, key rotation,
 * the request and token logs, reset. Open on loopback, behind the admin token otherwise (as `/api`); the debug page
 * (`GET /admin`) and the API description (`GET /admin/openapi.json`) are open either way.
 */
export function adminRoutes(idp: IdpContext, adminToken: string | undefined): Router {
  const router = new Router({ prefix: '/admin' });
  // Before the guard, so open whatever the admin token: a browser cannot send a Bearer header on navigation (the
  // page's script asks for the token and sends it), and the API description holds no secrets.
  router.get('/', debugPage(idp.idTokens.issuer, idp.baseUrl));
  router.get('/openapi.json', async (ctx) => {
    // Loaded when asked for: its schemas come from the config schema library, which a start does not need.
    const { openApiDocument, requestBaseUrl } = await import('./openapi.js');
    ctx.body = openApiDocument(requestBaseUrl(ctx, idp.baseUrl));
  });
  router.use(requireAdminToken(adminToken));
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok', issuer: idp.idTokens.issuer, personas: idp.personas.list().length };
  });
  router.get('/personas', (ctx) => {
    ctx.body = idp.personas.list().map(personaSummary);
  });
  router.post('/personas', async (ctx) => {
    const persona = await addPersona(idp, await readJsonObject(ctx));
    ctx.status = 201;
    ctx.body = personaSummary(persona);
  });
  router.get('/clients', async (ctx) => {
    ctx.body = (await listClients(idp)).map(({ client_secret: _, ...client }) => client);
  });
  router.post('/clients', async (ctx) => {
    const { client_secret: _, ...client } = await addClient(idp, await readJsonObject(ctx));
    ctx.status = 201;
    ctx.body = client;
  });
  router.delete('/clients/:clientId', async (ctx) => {
    await removeClient(idp, ctx.params.clientId ?? '');
    ctx.status = 204;
  });
  router.get('/requests', async (ctx) => {
    ctx.body = await idp.log.allRequests();
  });
  router.get('/tokens', async (ctx) => {
    ctx.body = await idp.log.allIssued();
  });
  router.post('/reset', async (ctx) => {
    await reset(idp);
    ctx.status = 204;
  });
  router.get('/faults', (ctx) => {
    ctx.body = { faults: idp.faults.rules() };
  });
  router.put('/faults', (ctx) => putFaults(idp, ctx));
  router.post('/faults/next', (ctx) => nextFaults(idp, ctx));
  router.delete('/faults', async (ctx) => {
    await idp.faults.clear();
    ctx.body = { faults: [] };
  });
  router.get('/clock', (ctx) => {
    ctx.body = idp.clock.state();
  });
  router.put('/clock', (ctx) => putClock(idp, ctx));
  router.delete('/clock', async (ctx) => {
    idp.clock.reset();
    await idp.clock.published();
    ctx.body = idp.clock.state();
  });
  router.post('/keys/rotate', async (ctx) => {
    ctx.body = await rotateSigningKeys(idp.keys, idp.keyFile);
  });
  return router;
}
