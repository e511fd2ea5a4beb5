import type { Context, Middleware } from 'koa';
import { subjectOf } from '../faults/middleware.js';
import type { IdpContext } from '../server/context.js';
import type { BodyState } from '../server/replay-body.js';
import { maskObject } from './mask.js';

function bodyParams(ctx: Context): Record<string, unknown> {
  const raw = (ctx.state as BodyState).rawBody;
  if (!raw || raw.length === 0) return {};
  const text = raw.toString('utf8');
  if (ctx.is('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  if (ctx.is('application/json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : {};
    } catch {
      return {};
    }
  }
  return {};
}

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
    }
  };
}
