import { createHash } from 'node:crypto';
import { googlePaths } from '../google/paths.js';
import { escapeHtml, page } from '../pages/html.js';
import { scriptSafeJson } from '../sdk/auth-script.js';
import { DEMO_SCRIPT } from './page-script.js';
import type { PersonaOption } from './persona-options.js';
import type { DemoSetup } from './platform.js';
import { DEMO_STYLES } from './styles.js';

/** The fake brand's logo: a wave in a circle. Also the favicon. */
export const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
<circle cx="16" cy="16" r="16" fill="#0b6e69"/>
<path d="M5 18c3-4 6-4 9 0s6 4 9 0 4-3 4-3" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round"/>
<path d="M7 12c2.4-2.6 4.8-2.6 7.2 0s4.8 2.6 7.2 0" fill="none" stroke="#9fe3dc" stroke-width="2" stroke-linecap="round"/>
</svg>`;

const CHAT_ICON = `<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor"
d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm3 5v2h10V9H7zm0 4v2h7v-2H7z"/></svg>`;

/** Content-Security-Policy of the demo page: its inline script by hash, the brand script and fetches from here. */
export function demoPageCsp(): string {
  const scriptHash = createHash('sha256').update(DEMO_SCRIPT).digest('base64');
  return [
    "default-src 'none'",
    `script-src 'self' 'sha256-${scriptHash}'`,
    "style-src 'unsafe-inline'",
    "img-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** `page()` with the favicon link in the head (every browser asks for one; without it, a 404 in the console). */
export function withFavicon(html: string, basePath: string): string {
  return html.replace(
    '</title>',
    () => `</title>\n<link rel="icon" type="image/svg+xml" href="${escapeHtml(basePath)}/demo/favicon.svg">`,
  );
}

function personaSelect(options: PersonaOption[]): string {
  const option = (o: PersonaOption) => `<option value="${escapeHtml(o.id)}">${escapeHtml(o.label)}</option>`;
  const plain = options.filter((o) => !o.fault);
  const faulty = options.filter((o) => o.fault);
  const groups = [
    plain.length > 0 ? `<optgroup label="Customers">${plain.map(option).join('')}</optgroup>` : '',
    faulty.length > 0
      ? `<optgroup label="Faults: tokens the platform must refuse">${faulty.map(option).join('')}</optgroup>`
      : '',
  ];
  return `<select id="persona" name="persona">${groups.join('')}</select>`;
}

function choice(name: string, value: string, label: string, hint: string, checked: boolean): string {
  const id = `${name}-${value}`;
  return `<div class="choice"><input type="radio" id="${id}" name="${name}" value="${value}"${checked ? ' checked' : ''}
  aria-describedby="${id}-hint"><label for="${id}">${label}<small id="${id}-hint" aria-hidden="true">${hint}</small></label></div>`;
}

export interface DemoPageInput {
  /** The issuer's path ('' at the root, `/acme` for a tenant): every URL of the page starts with it. */
  basePath: string;
  setup: DemoSetup;
  personas: PersonaOption[];
}

/** The demo: a fake brand site, the chat platform's agent workspace, and the timeline of what happened. */
export function renderDemoPage(input: DemoPageInput): string {
  const { basePath, setup } = input;
  const config = {
    pagePath: `${basePath}/demo`,
    authorizationUrl: `${basePath}${googlePaths.authorization}`,
    callbackUrl: setup.callbackUrl,
    verifyUrl: `${basePath}/demo/platform/verify`,
    clientId: setup.clientId,
    encryptedClientId: setup.encryptedClientId,
    implicitPopup: setup.implicitPopup,
  };
  const first = input.personas[0]?.id ?? '';
  const body = `<style>${DEMO_STYLES}</style>
<header class="site-header">
  <div class="logo">${LOGO_SVG}<span>Brightwave Mobile</span></div>
  <p class="about"><strong>Authenticated chat demo.</strong> A fictional brand site, the chat platform and mock-idp, all on this server.</p>
</header>
<div class="grid">
  <section class="card brand" aria-labelledby="brand-heading">
    <h1 id="brand-heading">Customer support</h1>
    <p class="lede">You are logged in on the brand’s site. Start a chat, and the agent sees who you are: verified by the
    chat platform, not typed in by you.</p>
    <form id="chat-form" novalidate>
      <div class="field"><label for="persona">Log in as</label>${personaSelect(input.personas)}</div>
      <fieldset>
        <legend>Chat window</legend>
        <div class="choices">
          ${choice('window', 'embedded', 'Embedded', 'in this page', true)}
          ${choice('window', 'popup', 'Popup', 'a login window', false)}
        </div>
      </fieldset>
      <fieldset>
        <legend>Flow</legend>
        <div class="choices">
          ${choice('flow', 'code', 'Code Flow', 'a code, redeemed', true)}
          ${choice('flow', 'implicit', 'Implicit Flow', 'a signed token', false)}
        </div>
      </fieldset>
      <div class="check"><input type="checkbox" id="encrypt" name="encrypt" aria-describedby="encrypt-hint">
        <label for="encrypt">Encrypt the token<span class="hint" id="encrypt-hint" aria-hidden="true">to the chat platform’s
        public key (JWE, RSA-OAEP-256 + A256GCM)</span></label></div>
      <p id="popup-notice" class="notice" hidden></p>
      <button type="submit" id="chat-button" class="primary">${CHAT_ICON}<span>Chat with us</span></button>
      <p id="run-status" role="status" aria-live="polite"></p>
    </form>
  </section>
  <section class="card agent" aria-labelledby="agent-heading">
    <div class="agent-bar"><h2 id="agent-heading">Agent workspace</h2><span>what the chat platform shows the agent</span></div>
    <div id="agent-body" class="agent-body" data-state="idle">
      <div class="agent-empty">
        <p class="big">No conversation yet</p>
        <p>Choose who is logged in on the brand site and press <q>Chat with us</q>. The consumer’s verified profile
        and customer information appear here.</p>
      </div>
    </div>
  </section>
</div>
<section class="card timeline" aria-labelledby="timeline-heading">
  <div class="timeline-head">
    <h2 id="timeline-heading">Timeline</h2>
    <p>Each step between the brand page, the identity provider and the chat platform, with the token decoded.</p>
  </div>
  <ol id="timeline-steps" class="steps"><li class="empty">Nothing yet: start a chat.</li></ol>
</section>
<noscript><p>This demo needs JavaScript, as the chat platform does.</p></noscript>
<script type="application/json" id="demo-config">${scriptSafeJson(config)}</script>
<script id="brand-sdk" src="${escapeHtml(basePath)}/sdk/auth.js" data-flow="code" data-client="${escapeHtml(setup.clientId)}"
  data-persona="${escapeHtml(first)}"></script>
<script>${DEMO_SCRIPT}</script>`;
  return withFavicon(page('Brightwave Mobile: authenticated chat demo (mock-idp)', body), basePath);
}
