import { createHash } from 'node:crypto';
import { page } from '../pages/html.js';
import { withFavicon } from './page.js';

/**
 * The popup window's last page: reads what the IdP sent back (query for a code, fragment for an ID token), takes
 * it out of the address bar, posts it to the demo page that opened the window — on this origin only — and closes.
 *
 * A template literal without backticks, dollar-brace or backslashes inside it.
 */
export const CALLBACK_SCRIPT = `(function () {
  'use strict';
  var params = {};
  function collect(text) {
    new URLSearchParams(text).forEach(function (value, key) {
      params[key] = value;
    });
  }
  collect(location.search.slice(1));
  collect(location.hash.slice(1));
  try {
    history.replaceState(null, '', location.pathname);
  } catch (e) {
    // the address bar keeps the answer: harmless in a window that closes now
  }
  var status = document.getElementById('callback-status');
  var opener = window.opener;
  if (opener && !opener.closed) {
    opener.postMessage({ type: 'mock-idp-demo-callback', params: params }, location.origin);
    status.textContent = 'Done. This window closes by itself; if it does not, close it.';
    window.close();
  } else {
    status.textContent =
      'This page hands the login result back to the demo page that opened it. It was opened on its own: nothing to hand back.';
  }
})();
`;

/** Content-Security-Policy of the callback page: its inline script only. */
export function callbackPageCsp(): string {
  const scriptHash = createHash('sha256').update(CALLBACK_SCRIPT).digest('base64');
  return [
    "default-src 'none'",
    `script-src 'sha256-${scriptHash}'`,
    "style-src 'unsafe-inline'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** `GET /demo/callback`: where the popup window comes back to. */
export function renderCallbackPage(basePath: string): string {
  return withFavicon(
    page(
      'Returning to the chat - mock-idp demo',
      `<h1>Returning to the chat</h1>
<p id="callback-status" role="status">Handing the login result back to the chat…</p>
<script>${CALLBACK_SCRIPT}</script>`,
    ),
    basePath,
  );
}
