import Router from '@koa/router';
import Koa from 'koa';
import mount from 'koa-mount';
import { adminRoutes } from '../admin/routes.js';
import { apiRoutes } from '../api/routes.js';
import { flowFaults } from '../faults/middleware.js';
import { googleShapes } from '../google/middleware.js';
import { interactionRoutes } from '../interactions/routes.js';
import { keyRoutes } from '../keys/routes.js';
import { requestLog } from '../log/middleware.js';
import { avatarRoute } from '../personas/routes.js';
import { extraClaims } from '../provider/configuration.js';
import { legacyTokenResponse } from '../provider/legacy-token-response.js';
import { pkcePlain } from '../provider/pkce-plain.js';
import { sdkCors } from '../sdk/cors.js';
import { sdkRoutes } from '../sdk/routes.js';
import { storeRefresh } from '../store/middleware.js';
import type { IdpContext } from './context.js';
import { errorBoundary } from './error-boundary.js';
import { HttpError } from './http-error.js';
import { lazyRoutes } from './lazy-routes.js';
import { publicOrigin } from './public-origin.js';
import { captureBody, replayBody } from './replay-body.js';

export interface AppParts {
  context: IdpContext;
  adminToken?: string;
  /** Set when a public base URL was given: every URL is built on it. */
  publicUrl?: URL;
}

/**
 * A method a route does not serve is a JSON 405 through the error boundary (not koa-router's bare text); one no
 * route serves (TRACE, PROPFIND, …) too, rather than a 501: a client's mistake is never a 5xx.
 */
const methodErrors = {
  throw: true,
  methodNotAllowed: () => new HttpError(405, 'invalid_request', 'this method is not allowed here'),
  notImplemented: () => new HttpError(405, 'invalid_request', 'this method is not allowed here'),
};

/**
 * The whole HTTP surface, in the order a request meets it: request log, error boundary, body capture, flow faults, Google's
 * response shapes, PKCE plain, the platform's legacy `response_type=token`, mock-idp's own routes (login page,
 * keys, avatars, /api, /admin, /sdk), then oidc-provider (handed the captured body) for every other protocol
 * endpoint.
 */
export function createApp(parts: AppParts): Koa {
  const { context: idp, adminToken } = parts;
  const app = new Koa();
  if (parts.publicUrl) app.use(publicOrigin(app, parts.publicUrl));
  app.use(requestLog(idp));
  app.use(errorBoundary);
  app.use(storeRefresh(idp.store));
  app.use(captureBody);
  app.use(flowFaults(idp));
  app.use(googleShapes({ extraClaims }));
  app.use(pkcePlain);
  app.use(legacyTokenResponse(idp.provider));
  app.use(sdkCors);
  // One router holding every route: a request is matched once, rather than by each part's router in turn.
  const routes = new Router();
  for (const router of [
    interactionRoutes(idp),
    keyRoutes(idp.keys),
    avatarRoute(idp.personas),
    apiRoutes(idp, adminToken),
    adminRoutes(idp, adminToken),
    sdkRoutes(idp.idTokens.issuer, idp.personas),
  ]) {
    routes.use(router.routes());
  }
  app.use(routes.routes()).use(routes.allowedMethods(methodErrors));
  app.use(lazyRoutes('/demo', async () => (await import('../demo/routes.js')).demoRoutes(idp), methodErrors));
  // What nothing answered (no route; oidc-provider's CORS route for an OPTIONS that is no preflight) is a JSON 404
  // through the error boundary, rather than Koa's bare "Not Found".
  app.use(async (ctx, next) => {
    await next();
    if (ctx.status === 404 && ctx.body == null && ctx.respond !== false && !ctx.headerSent) {
      throw new HttpError(404, 'not_found', `nothing is served at ${ctx.method} ${ctx.path}`);
    }
  });
  app.use(replayBody);
  app.use(mount(idp.provider as unknown as Koa));
  const prefix = parts.publicUrl?.pathname.replace(/\/$/, '');
  if (!prefix) return app;
  const outer = new Koa();
  outer.proxy = app.proxy;
  outer.use(mount(prefix, app));
  return outer;
}
