import type { ErrorOut, KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml, page } from '../pages/html.js';

/** Google's name for a refused redirect_uri, which it shows on its own page rather than redirecting. */
const googleErrorName: Record<string, string> = { invalid_redirect_uri: 'redirect_uri_mismatch' };

/** oidc-provider's routes a browser is sent to; the others (token, userinfo, revocation, registration…) are APIs. */
const browserRoutes = new Set([
  'authorization',
  'resume',
  'end_session',
  'end_session_confirm',
  'end_session_success',
]);

/**
 * oidc-provider asks for a page when the request prefers HTML. On a browser route, errors that cannot be sent back to
 * the client (unknown client, unregistered redirect_uri, …) are shown on the IdP, as Google does: "Error 400:
 * redirect_uri_mismatch" and what to fix. An API endpoint answers its JSON error whatever `Accept` says, as RFC 6749
 * §5.2 has the token endpoint do. Never a stack trace.
 */
export function renderErrorPage(ctx: KoaContextWithOIDC, out: ErrorOut): void {
  if (!browserRoutes.has(ctx.oidc.route)) {
    ctx.body = out;
    return;
  }
  if (out.error === 'temporarily_unavailable') {
    renderUnavailable(ctx, out);
    return;
  }
  const name = googleErrorName[out.error] ?? out.error;
  const title = `Error ${ctx.status}: ${name}`;
  ctx.type = 'html';
  ctx.body = page(
    title,
    `<h1>Access blocked: this request is invalid</h1>
<p><strong>${escapeHtml(title)}</strong></p>
<p>${escapeHtml(out.error_description ?? '')}</p>
<p>The request was not sent back to the application because the IdP could not trust where to send it.</p>`,
  );
}

/** The IdP's store (Redis) is away: the request was fine, and will work again shortly (JSON unless a browser). */
function renderUnavailable(ctx: KoaContextWithOIDC, out: ErrorOut): void {
  const { error, error_description } = out;
  if (ctx.accepts('json', 'html') !== 'html') {
    ctx.body = { error, error_description };
    return;
  }
  const title = `Error ${ctx.status}: ${error}`;
  ctx.type = 'html';
  ctx.body = page(
    title,
    `<h1>Temporarily unavailable</h1>
<p><strong>${escapeHtml(title)}</strong></p>
<p>${escapeHtml(error_description ?? '')}</p>`,
  );
}
