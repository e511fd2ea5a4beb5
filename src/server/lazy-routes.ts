import type Router from '@koa/router';

type AllowedMethodsOptions = Parameters<Router['allowedMethods']>[0];
type RoutesMiddleware = ReturnType<Router['routes']>;

/**
 * The routes of a part that lives under one path prefix (the demo site), loaded on the first request there
 * rather than at start: a start reads and compiles only what every request may need.
 */
export function lazyRoutes(
  prefix: string,
  load: () => Promise<Router>,
  allowedMethods: AllowedMethodsOptions,
): RoutesMiddleware {
  let loaded: Promise<Router> | undefined;
  return async (ctx, next) => {
    if (ctx.path !== prefix && !ctx.path.startsWith(`${prefix}/`)) return next();
    loaded ??= load();
    const router = await loaded;
    // @koa/router types the context of `allowedMethods()` apart from that of `routes()`; at run time it is one.
    const allowed = router.allowedMethods(allowedMethods) as unknown as RoutesMiddleware;
    return router.routes()(ctx, () => allowed(ctx, next));
  };
}
