import type { RequestListener } from 'node:http';
import type Koa from 'koa';
import type { Middleware } from 'koa';

/** A JSON body as routes write one: an object or array from a literal or `JSON.parse`, not a class instance. */
function isPlainJson(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

type KoaResponse = Koa.Response & { _body: unknown };

/**
 * Koa's body setter, for plain objects and arrays: what its JSON branch does (status 200 unless one was set, an
 * earlier stream body cleaned up, JSON type, no length), without first testing the value against `ReadableStream`,
 * `Blob` and `Response`. Other values go through Koa's own setter.
 */
function patchBodySetter(app: Koa): void {
  const koaResponse = Object.getPrototypeOf(app.response) as object;
  const body = Object.getOwnPropertyDescriptor(koaResponse, 'body');
  if (!body?.get || !body.set) throw new Error('koa: the response has no body accessor to extend');
  const { get, set } = body;
  Object.defineProperty(app.response, 'body', {
    configurable: true,
    get,
    set(this: KoaResponse, value: unknown) {
      if (!isPlainJson(value)) return set.call(this, value);
      if (!/\bjson\b/i.test(this.type)) this.type = 'json';
      set.call(this, ''); // Koa's string branch: the status, and the earlier body's clean-up
      this.remove('Content-Length');
      this._body = value;
    },
  });
}

/** Outermost: a plain JSON body leaves as its JSON text, so Koa's `respond` does not test it either. */
const sendJsonText: Middleware = async (ctx, next) => {
  await next();
  if (isPlainJson(ctx.body)) ctx.body = JSON.stringify(ctx.body);
};

/**
 * `app.callback()`, with JSON answers kept off Node's web globals. Koa tests every object body it is given or
 * sends against `ReadableStream`, `Blob` and `Response`; the first look at `Response` makes Node load undici (its
 * fetch, with web streams and TLS): ~50 ms on the first JSON answer after start, which was most of what an IdP
 * that was just started takes to answer its discovery document.
 */
export function plainJsonCallback(app: Koa): RequestListener {
  patchBodySetter(app);
  app.middleware.unshift(sendJsonText);
  return app.callback();
}
