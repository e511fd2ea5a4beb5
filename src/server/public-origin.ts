import type Koa from 'koa';
import type { Middleware } from 'koa';

/**
 * With a public base URL (`--issuer`, e.g. behind a proxy), every URL the IdP builds — discovery, redirects,
 * pages — uses that URL's scheme and host, whatever Host header the request arrived with.
 */
export function publicOrigin(app: Koa, baseUrl: URL): Middleware {
  app.proxy = true;
  return async (ctx, next) => {
    ctx.request.headers['x-forwarded-host'] = baseUrl.host;
    ctx.request.headers['x-forwarded-proto'] = baseUrl.protocol.replace(':', '');
    delete ctx.request.headers.forwarded;
    delete ctx.request.headers['x-forwarded-port'];
    await next();
  };
}
