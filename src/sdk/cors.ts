import type { Middleware } from 'koa';

/** The `/api` endpoints the brand-page script calls from the brand's page, i.e. from another origin. */
export const SCRIPT_API_PATHS: ReadonlySet<string> = new Set(['/api/code', '/api/jwt']);

/**
 * CORS for the endpoints the brand-page script calls: the page is on the brand's origin, the IdP on another, and a
 * JSON POST needs a preflight. Answers the preflight itself (before any admin-token check, which a preflight cannot
 * pass) and marks every answer of those endpoints, errors included, as readable from any origin. No credentials are
 * involved (the script sends none), so `*` is enough. Also answers Chrome's Private Network Access preflight.
 * Mount it after the error boundary and before the `/api` router.
 */
export const sdkCors: Middleware = (ctx, next) => {
  if (!SCRIPT_API_PATHS.has(ctx.path)) return next();
  ctx.set('Access-Control-Allow-Origin', '*');
  if (ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method') !== '') {
    ctx.set('Access-Control-Allow-Methods', 'POST');
    ctx.set('Access-Control-Allow-Headers', 'Content-Type, Authorization');
    ctx.set('Access-Control-Max-Age', '600');
    if (ctx.get('Access-Control-Request-Private-Network') === 'true') {
      ctx.set('Access-Control-Allow-Private-Network', 'true');
    }
    ctx.status = 204;
    return;
  }
  return next();
};
