import type { Middleware } from 'koa';
import type { Store } from './store.js';

/**
 * Brings the store's shared state up to date before each request (with Redis: the signing key set, so a
 * rotation on another instance shows here at once). Nothing to do for the in-memory store. Never fails the
 * request: with Redis away, the keys in hand are used, and the parts that need Redis answer 503 themselves.
 */
export function storeRefresh(store: Store): Middleware {
  const { refresh } = store;
  if (!refresh) return (_ctx, next) => next();
  return async (_ctx, next) => {
    await refresh.call(store).catch(() => undefined);
    await next();
  };
}
