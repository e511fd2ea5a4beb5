import { createHash } from 'node:crypto';
import Router from '@koa/router';
import type { PersonaRegistry } from '../personas/registry.js';
import { renderAuthScript } from './auth-script.js';

/** Where the brand-page script is served. */
export const AUTH_SCRIPT_PATH = '/sdk/auth.js';

interface Rendered {
  /** How many personas the registry had when the text was rendered. */
  personas: number;
  text: string;
  etag: string;
}

/**
 * `GET /sdk/auth.js`: the brand-page script (see `auth-script.ts`). Rendered once, and again only when the registry
 * has grown (an unknown email given to `/api` or the login page adds a persona), so the script's persona → sub map
 * stays complete. `no-cache` with an ETag: browsers revalidate and get a 304 while nothing changed.
 */
export function sdkRoutes(issuer: string, personas: PersonaRegistry): Router {
  const router = new Router();
  let rendered: Rendered | undefined;
  const current = (): Rendered => {
    const count = personas.ids().length;
    if (rendered?.personas !== count) {
      const text = renderAuthScript(issuer, personas);
      const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
      rendered = { personas: count, text, etag };
    }
    return rendered;
  };
  router.get(AUTH_SCRIPT_PATH, (ctx) => {
    const { text, etag } = current();
    ctx.set('Content-Type', 'application/javascript; charset=utf-8');
    ctx.set('Cache-Control', 'no-cache');
    ctx.set('X-Content-Type-Options', 'nosniff');
    // loadable from any page, also with crossorigin="anonymous" or under Cross-Origin-Embedder-Policy
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
    ctx.etag = etag;
    ctx.status = 200; // `ctx.fresh` only looks at 2xx answers
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    ctx.body = text;
  });
  return router;
}
