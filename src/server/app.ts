import Koa from 'koa';
import mount from 'koa-mount';
import type Provider from 'oidc-provider';
import type { ApiContext } from '../api/context.js';
import { apiRoutes } from '../api/routes.js';
import { googleShapes } from '../google/middleware.js';
import { interactionRoutes } from '../interactions/routes.js';
import { pemCertsRoute } from '../keys/routes.js';
import type { SigningKey } from '../keys/signing-keys.js';
import type { PersonaRegistry } from '../personas/registry.js';
import { avatarRoute } from '../personas/routes.js';
import { extraClaims } from '../provider/configuration.js';
import { legacyTokenResponse } from '../provider/legacy-token-response.js';
import { pkcePlain } from '../provider/pkce-plain.js';
import { sdkCors } from '../sdk/cors.js';
import { sdkRoutes } from '../sdk/routes.js';
import { errorBoundary } from './error-boundary.js';
import { publicOrigin } from './public-origin.js';

export interface AppParts {
  provider: Provider;
  keys: SigningKey[];
  personas: PersonaRegistry;
  api: ApiContext;
  adminToken?: string;
  /** Set when a public base URL was given: every URL is built on it. */
  publicUrl?: URL;
}

/**
 * The whole HTTP surface, in the order a request meets it: error boundary, Google's response shapes, PKCE plain,
 * the platform's legacy `response_type=token`, mock-idp's own routes (login page, PEM certs, avatars), then oidc-provider for every protocol endpoint.
 */
export function createApp(parts: AppParts): Koa {
  const app = new Koa();
  if (parts.publicUrl) app.use(publicOrigin(app, parts.publicUrl));
  app.use(errorBoundary);
  app.use(googleShapes({ extraClaims }));
  app.use(pkcePlain);
  app.use(legacyTokenResponse(parts.provider));
  app.use(sdkCors);
  for (const router of [
    interactionRoutes(parts.provider, parts.personas),
    pemCertsRoute(parts.keys),
    avatarRoute(parts.personas),
    apiRoutes(parts.api, parts.adminToken),
    sdkRoutes(parts.api.idTokens.issuer, parts.personas),
  ]) {
    app.use(router.routes()).use(router.allowedMethods());
  }
  app.use(mount(parts.provider as unknown as Koa));
  const prefix = parts.publicUrl?.pathname.replace(/\/$/, '');
  if (!prefix) return app;
  const outer = new Koa();
  outer.proxy = app.proxy;
  outer.use(mount(prefix, app));
  return outer;
}
