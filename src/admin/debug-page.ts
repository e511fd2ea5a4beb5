import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import { escapeHtml, page } from '../pages/html.js';
import { DEBUG_SCRIPT } from './debug-script.js';

/**
 * The page's own styles. `page()` lays out a narrow card for the login page; this page needs room for tables and
 * JSON, so it widens `main` (a `<style>` in the body: every browser applies it).
 */
const styles = `
  main { max-width: 80rem; margin: 1.5rem auto; padding: 1.5rem 2rem; }
  h2 { font-size: 1.125rem; font-weight: 500; margin: 2rem 0 .75rem; }
  h2:focus { outline: none; }
  h3 { font-size: 1rem; font-weight: 500; margin: 0 0 .5rem; }
  h4 { font-size: .875rem; font-weight: 500; margin: .75rem 0 .25rem; }
  .count { color: #5f6368; font-weight: 400; }
  .toolbar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
  .toolbar a { color: #1a73e8; }
  button { font: inherit; color: #1a73e8; background: #fff; border: 1px solid #dadce0; border-radius: 4px;
           padding: .375rem .875rem; cursor: pointer; }
  button:hover { background: #f8f9fa; }
  button[aria-pressed="true"] { background: #e8f0fe; border-color: #1a73e8; }
  :focus-visible { outline: 2px solid #1a73e8; outline-offset: 2px; }
  #updated { color: #5f6368; font-size: .875rem; }
  /* never display: none, so screen readers follow the live region from the start */
  #status { margin: .5rem 0; }
  #status:not(:empty) { background: #fef7e0; border-radius: 4px; padding: .5rem .75rem; color: #202124; }
  form { border: 1px solid #dadce0; border-radius: 8px; padding: 1rem; margin: 1rem 0; max-width: 32rem; }
  form h2 { margin-top: 0; }
  label { display: block; font-weight: 500; margin-bottom: .25rem; }
  input { font: inherit; padding: .375rem .5rem; border: 1px solid #80868b; border-radius: 4px; width: 20rem;
          max-width: 100%; }
  .error { color: #a50e0e; }
  .error:empty { display: none; }
  table { border-collapse: collapse; width: 100%; font-size: .8125rem; }
  th, td { text-align: left; vertical-align: top; padding: .375rem .5rem; border-bottom: 1px solid #e8eaed; }
  thead th { background: #f8f9fa; font-weight: 500; position: sticky; top: 0; }
  td.path, .params, pre, .key, .validity { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
  .params { list-style: none; margin: 0; padding: 0; word-break: break-all; }
  .params .key, .validity .key { color: #5f6368; }
  .status.s2 { color: #137333; } .status.s3 { color: #5f6368; }
  .status.s4, .status.s5, .bad { color: #a50e0e; font-weight: 600; }
  .empty, .none { color: #5f6368; }
  ol.tokens { list-style: none; margin: 0; padding: 0; }
  ol.tokens > li + li { margin-top: 1rem; }
  article.token { border: 1px solid #dadce0; border-radius: 8px; padding: .75rem 1rem; }
  article.faulty { border-left: 4px solid #d93025; }
  dl.meta { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; margin: 0 0 .5rem; font-size: .875rem; }
  dl.meta dt { color: #5f6368; display: inline; } dl.meta dt::after { content: ": "; }
  dl.meta dd { display: inline; margin: 0; }
  .validity { list-style: none; margin: 0 0 .5rem; padding: 0; font-size: .8125rem; }
  .headers { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 0 1rem; }
  details { margin: .25rem 0; } summary { cursor: pointer; font-size: .875rem; padding: .125rem 0; }
  pre { background: #f8f9fa; border: 1px solid #e8eaed; border-radius: 4px; padding: .5rem .75rem; margin: .25rem 0;
        font-size: .8125rem; overflow-x: auto; }
  details.raw pre { white-space: pre-wrap; word-break: break-all; }
  table.kv { width: auto; } table.kv th { color: #5f6368; font-weight: 400; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

/** Content-Security-Policy of the page: nothing but its own inline script (by hash) and same-origin fetches. */
export function debugPageCsp(): string {
  const scriptHash = createHash('sha256').update(DEBUG_SCRIPT).digest('base64');
  return [
    "default-src 'none'",
    `script-src 'sha256-${scriptHash}'`,
    "style-src 'unsafe-inline'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The debug page's HTML: static markup; the script fills the tables from `/admin/requests` and `/admin/tokens`. */
export function renderDebugPage(issuer: string, basePath: string): string {
  const apiDoc = `${basePath}/admin/openapi.json`;
  const body = `<style>${styles}</style>
<h1>Requests and tokens</h1>
<p>What the IdP <code>${escapeHtml(issuer)}</code> received and issued, newest first, refreshed every 1.5 seconds.
Secret parameters are masked. When a relying party says <q>invalid token</q>, compare its expected
<code>iss</code>, <code>aud</code>, <code>azp</code>, <code>kid</code>, <code>nonce</code> and <code>exp</code> with
the token below.</p>
<div class="toolbar">
  <button type="button" id="pause" aria-pressed="false">Pause updates</button>
  <button type="button" id="refresh">Refresh now</button>
  <span id="updated">Not loaded yet</span>
  <nav aria-label="On this page"><a href="#requests-heading">Requests</a> · <a href="#tokens-heading">Issued tokens</a>
  · <a href="${escapeHtml(apiDoc)}">API description (OpenAPI)</a></nav>
</div>
<p id="status" role="status" aria-live="polite"></p>
<form id="token-form" aria-labelledby="token-heading" hidden>
  <h2 id="token-heading">Admin token</h2>
  <p>This IdP was started with an admin token. It is kept in this browser tab only (session storage) and sent
  as <code>Authorization: Bearer</code>.</p>
  <label for="admin-token">Admin token</label>
  <input id="admin-token" name="admin-token" type="password" autocomplete="off" spellcheck="false"
    aria-describedby="token-error" required>
  <button type="submit">Use token</button>
  <p id="token-error" class="error"></p>
</form>
<section aria-labelledby="requests-heading">
  <h2 id="requests-heading" tabindex="-1">Requests <span id="requests-count" class="count"></span></h2>
  <table>
    <caption class="sr-only">Requests the IdP received, newest first</caption>
    <thead><tr><th scope="col">Time</th><th scope="col">Method</th><th scope="col">Path</th><th scope="col">Status</th>
      <th scope="col">Client</th><th scope="col">Persona</th><th scope="col">Parameters</th></tr></thead>
    <tbody id="requests-body"><tr><td colspan="7" class="empty">Loading…</td></tr></tbody>
  </table>
</section>
<section aria-labelledby="tokens-heading">
  <h2 id="tokens-heading" tabindex="-1">Issued tokens <span id="tokens-count" class="count"></span></h2>
  <ol id="tokens" class="tokens"><li class="empty">Loading…</li></ol>
</section>
<noscript><p>This page needs JavaScript. The same data is at <code>GET /admin/requests</code> and
<code>GET /admin/tokens</code>.</p></noscript>
<script>${DEBUG_SCRIPT}</script>`;
  return page('mock-idp: requests and tokens', body);
}

/** `GET /admin`: the debug page, open without the admin token (its script asks for it when the logs need it). */
export function debugPage(issuer: string, baseUrl: string) {
  const html = renderDebugPage(issuer, new URL(baseUrl).pathname.replace(/\/$/, ''));
  const csp = debugPageCsp();
  return (ctx: Context): void => {
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Security-Policy', csp);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.body = html;
  };
}
