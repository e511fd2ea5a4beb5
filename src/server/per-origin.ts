import type { TLSSocket } from 'node:tls';
import Koa, { type Middleware } from 'koa';
import mount from 'koa-mount';
import { errorBoundary } from './error-boundary.js';
import { requestOrigin } from './forwarded.js';
import { badRequest } from './http-error.js';

/** The most public origins one IdP answers at behind trusted proxies: each has its own oidc-provider. */
export const MAX_ORIGINS = 16;

/**
 * `--trust-proxy`: each request is served by the app of the origin it was sent to (`Forwarded`,
 * `X-Forwarded-Proto|Host|Port`, else the request's own scheme and `Host`), made by `appAt` on first use and
 * kept. A malformed header, or an origin beyond the first `MAX_ORIGINS`, is a 400 naming the header; a request
 * naming no host is served at `fallback` (the bound address).
 */
export function perOriginApp(appAt: (origin: string) => Koa, fallback: string): Koa {
  const apps = new Map<string, Middleware>();
  const appFor = (origin: string, header: string): Middleware => {
    const known = apps.get(origin);
    if (known) return known;
    if (apps.size >= MAX_ORIGINS) {
      throw badRequest(
        'invalid_request',
        `${header}: ${origin} would be a ${MAX_ORIGINS + 1}th origin; one IdP answers at ${MAX_ORIGINS} at most (give --issuer the one public URL instead)`,
      );
    }
    const app = mount(appAt(origin));
    apps.set(origin, app);
    return app;
  };
  const root = new Koa();
  // Each origin's app sets the forwarded host and scheme to its origin (server/public-origin): let koa read them.
  root.proxy = true;
  root.use(errorBoundary);
  root.use((ctx, next) => {
    const encrypted = (ctx.req.socket as TLSSocket).encrypted === true;
    const found = requestOrigin(ctx.req.headers, {
      protocol: encrypted ? 'https' : 'http',
      host: ctx.req.headers.host,
    }) ?? { origin: new URL(fallback).origin, header: 'Host' };
    if ('problem' in found) throw badRequest('invalid_request', `${found.header}: ${found.problem}`);
    return appFor(found.origin, found.header)(ctx, next);
  });
  return root;
}
