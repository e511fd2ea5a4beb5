import type { Middleware } from 'koa';
import { subjectOf } from '../faults/middleware.js';
import type { IdpContext } from '../server/context.js';
import { bodyParams } from '../server/replay-body.js';
import { maskObject } from './mask.js';

/** The control surface is not logged: the debug page polls it. */
const unlogged = /^\/admin(\/|$)/;

/**
 * Records every request (but `/admin`) once answered: method, path, parameters with secrets masked, status, and
 * the client and persona it was about.
 */
export function requestLog(idp: IdpContext): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      if (!unlogged.test(ctx.path)) {
        const { clientId, sub } = await subjectOf(idp, ctx).catch(() => ({
          clientId: undefined,
          sub: undefined,
        }));
        const persona = sub ? idp.personas.bySub(sub)?.id : undefined;
        idp.log.recordRequest({
          time: new Date().toISOString(),
          method: ctx.method,
          path: ctx.path,
          params: maskObject({ ...ctx.query, ...bodyParams(ctx) }),
          status: ctx.status,
          ...(clientId ? { client_id: clientId } : {}),
          ...(persona ? { persona } : {}),
        });
      }
      // With a shared log, the answer leaves once every instance can see what this request did.
      await idp.log.flushed();
    }
  };
}
