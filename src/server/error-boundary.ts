import type { Middleware } from 'koa';
import { escapeHtml, page } from '../pages/html.js';

interface OAuthLikeError {
  status?: number;
  statusCode?: number;
  error?: string;
  error_description?: string;
  expose?: boolean;
}

/**
 * Errors from mock-idp's own routes become an OAuth-shaped answer (JSON, or a page for browser routes): a
 * user mistake is never a 500 or a stack trace. Bugs are logged and answered with `server_error`.
 */
export const errorBoundary: Middleware = async (ctx, next) => {
  try {
    await next();
  } catch (caught) {
    const error = caught as OAuthLikeError & Error;
    const status = error.statusCode ?? error.status ?? 500;
    const code = error.error ?? (status < 500 ? 'invalid_request' : 'server_error');
    const description = error.error_description ?? (error.expose ? error.message : 'unexpected error');
    // A 5xx that says what happened (the store is away: 503) was logged where it happened, not here.
    if (status >= 500 && !error.expose) console.error('mock-idp: unexpected error', caught);
    ctx.status = status;
    // The client may still be sending the body we refused: do not reuse this connection.
    if (status === 413) ctx.set('Connection', 'close');
    if (ctx.path.startsWith('/interaction/')) {
      ctx.type = 'html';
      ctx.body = page(
        `Error ${status}: ${code}`,
        `<h1>Error ${status}: ${escapeHtml(code)}</h1><p>${escapeHtml(description)}</p>`,
      );
    } else {
      ctx.body = { error: code, error_description: description };
    }
  }
};
