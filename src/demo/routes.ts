import Router from '@koa/router';
import type { Context } from 'koa';
import type { IdpContext } from '../server/context.js';
import { badRequest } from '../server/http-error.js';
import { readJsonObject } from '../server/read-body.js';
import { callbackPageCsp, renderCallbackPage } from './callback-page.js';
import { demoPageCsp, LOGO_SVG, renderDemoPage } from './page.js';
import { personaOptions } from './persona-options.js';
import { DemoPlatform, type PlatformInput } from './platform.js';

function htmlHeaders(ctx: Context, csp: string): void {
  ctx.type = 'html';
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Content-Security-Policy', csp);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Referrer-Policy', 'no-referrer');
}

function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '')
    throw badRequest('invalid_request', `"${name}" must be a non-empty string`);
  return value;
}

/** Reads `POST /demo/platform/verify`: `{ flow, encrypt, code | jwt, redirect_uri?, nonce? }`. */
export function platformInput(body: Record<string, unknown>): PlatformInput {
  const { flow, encrypt } = body;
  if (typeof encrypt !== 'boolean') throw badRequest('invalid_request', '"encrypt" must be true or false');
  const nonce = field(body, 'nonce');
  if (flow === 'code') {
    const code = field(body, 'code');
    if (code === undefined) throw badRequest('invalid_request', 'the Code Flow hands over a "code"');
    return { flow, encrypt, code, redirectUri: field(body, 'redirect_uri'), nonce };
  }
  if (flow === 'implicit') {
    const jwt = field(body, 'jwt');
    if (jwt === undefined) throw badRequest('invalid_request', 'the Implicit Flow hands over a "jwt"');
    return { flow, encrypt, jwt, nonce };
  }
  throw badRequest('invalid_request', '"flow" must be "code" or "implicit"');
}

/**
 * `/demo`: a fake brand site with the chat platform's agent workspace beside it, for sales and for people trying
 * the flows. `GET /demo` the page, `GET /demo/callback` where the popup window returns, `POST
 * /demo/platform/verify` the platform's server side. Open like the login page (no admin token): it mints nothing
 * the authorization endpoint would not, and only for its own clients. State (keys, clients) is per server.
 */
export function demoRoutes(idp: IdpContext): Router {
  const platform = new DemoPlatform(idp);
  const basePath = new URL(idp.baseUrl).pathname.replace(/\/$/, '');
  const pageCsp = demoPageCsp();
  const callbackCsp = callbackPageCsp();
  const callbackHtml = renderCallbackPage(basePath);
  const router = new Router();
  router.get('/demo', async (ctx) => {
    const setup = await platform.setup();
    htmlHeaders(ctx, pageCsp);
    ctx.body = renderDemoPage({ basePath, setup, personas: personaOptions(idp.personas.list()) });
  });
  router.get('/demo/callback', (ctx) => {
    htmlHeaders(ctx, callbackCsp);
    ctx.body = callbackHtml;
  });
  router.get('/demo/favicon.svg', (ctx) => {
    ctx.type = 'image/svg+xml';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = LOGO_SVG.replace(' aria-hidden="true" focusable="false"', '');
  });
  router.post('/demo/platform/verify', async (ctx) => {
    const input = platformInput(await readJsonObject(ctx));
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await platform.verify(input);
  });
  return router;
}
