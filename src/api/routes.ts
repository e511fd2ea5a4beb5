import Router from '@koa/router';
import { requireAdminToken } from '../server/admin-token.js';
import { authorizationCode } from './authorization-code.js';
import type { ApiContext } from './context.js';
import { envelopeJwt } from './envelope-jwt.js';
import { publicKey } from './public-key.js';

/**
 * `/api`: test conveniences playing the brand's backend — envelope JWTs and authorization codes on request,
 * and our signing public key in the forms the platform takes. Guarded by the admin token when one is set.
 */
export function apiRoutes(api: ApiContext, adminToken: string | undefined): Router {
  const router = new Router({ prefix: '/api' });
  router.use(requireAdminToken(adminToken));
  router.post('/jwt', (ctx) => envelopeJwt(api, ctx));
  router.post('/code', (ctx) => authorizationCode(api, ctx));
  router.get('/public-key', (ctx) => publicKey(api.keys, ctx));
  // Loaded when used: the checks are a program of their own (also `mock-idp verify`) that a start does not need.
  router.post('/verify', async (ctx) => (await import('./verify.js')).verify(api, ctx));
  return router;
}
