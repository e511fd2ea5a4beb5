/**
 * `GET /admin`, the debug page: open HTML (also when the IdP has an admin token, while the logs it polls stay
 * guarded), accessible markup, an inline script that writes data as text only and is allowed by the page's CSP,
 * and the logs it polls filled by a flow.
 */
import { createHash } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEBUG_SCRIPT } from '../../src/admin/debug-script.js';
import type { IssuedRecord, RequestRecord } from '../../src/log/records.js';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { postJson } from '../helpers/platform.js';

const TOKEN = 'x';
const auth = { authorization: `Bearer ${TOKEN}` };

let idp: RunningIdp;
let html: string;
let headers: Headers;
beforeAll(async () => {
  idp = await startTestIdp({ adminToken: TOKEN });
  const response = await fetch(`${idp.url}/admin`);
  expect(response.status).toBe(200);
  headers = response.headers;
  html = await response.text();
});
afterAll(() => idp.stop());

/** The text of the page's one inline script. */
function inlineScript(page: string): string {
  const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '');
  expect(scripts).toHaveLength(1);
  return scripts[0] ?? '';
}

describe('GET /admin without the admin token, on an IdP that has one', () => {
  it('answers the page: HTML, not cached, with the not-for-production banner', () => {
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Not for production.');
    expect(html).toMatch(/<title>[^<]*requests and tokens<\/title>/);
  });

  it('has landmarks, headings and labels', () => {
    expect(html).toMatch(/<main>/);
    expect(html).toMatch(/<nav aria-label="On this page">/);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain('<section aria-labelledby="requests-heading">');
    expect(html).toMatch(/<h2 id="requests-heading"/);
    expect(html).toContain('<section aria-labelledby="tokens-heading">');
    expect(html).toMatch(/<h2 id="tokens-heading"/);
    expect(html).toMatch(/<form id="token-form" aria-labelledby="token-heading" hidden>/);
    expect(html).toContain('<label for="admin-token">Admin token</label>');
    expect(html).toMatch(/<input id="admin-token"[^>]*type="password"/);
    expect(html).toMatch(/<p id="status" role="status" aria-live="polite">/);
    expect(html).toMatch(/<button type="button" id="pause" aria-pressed="false">/);
    expect(html.match(/<th scope="col">/g)).toHaveLength(7);
    expect(html).toContain('<caption');
  });

  it('loads nothing from elsewhere: no external script, stylesheet, font or image', () => {
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]*\s(src|href)=/i);
    expect(html).not.toMatch(/@import|url\(/);
  });

  it('escapes what it shows of the IdP', () => {
    expect(html).toContain(`<code>${idp.issuer}</code>`);
  });

  it('the logs the page polls stay guarded', async () => {
    for (const path of ['/admin/requests', '/admin/tokens']) {
      const response = await fetch(`${idp.url}${path}`);
      expect(response.status, path).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect((await response.json()).error).toBe('unauthorized');
    }
  });
});

describe("the page's script", () => {
  it('is the one inline script, allowed by the CSP by its hash, and nothing else is', () => {
    const script = inlineScript(html);
    expect(script).toBe(DEBUG_SCRIPT);
    const hash = createHash('sha256').update(script).digest('base64');
    const csp = headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('is valid JavaScript and cannot end its own <script> element early', () => {
    expect(() => new Function(DEBUG_SCRIPT)).not.toThrow();
    expect(DEBUG_SCRIPT).not.toMatch(/<\/script|<!--/i);
  });

  it('never writes data as markup', () => {
    expect(DEBUG_SCRIPT).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/,
    );
    expect(DEBUG_SCRIPT).toContain('textContent');
  });

  it('polls the logs, sends the stored token as a Bearer header and keeps it in sessionStorage', () => {
    expect(DEBUG_SCRIPT).toContain("'/admin/requests'");
    expect(DEBUG_SCRIPT).toContain("'/admin/tokens'");
    expect(DEBUG_SCRIPT).toContain("'Bearer ' + token");
    expect(DEBUG_SCRIPT).toContain('sessionStorage.setItem');
    expect(DEBUG_SCRIPT).not.toContain('localStorage');
    expect(DEBUG_SCRIPT).toMatch(/POLL_MS = 1500/);
  });
});

describe('what the page polls, after a flow', () => {
  it('lists the requests (secrets masked) and the issued tokens, decoded', async () => {
    const jwt = await postJson(
      `${idp.url}/api/jwt`,
      { persona: 'persona-1', client_id: 'mock-client' },
      auth,
    );
    expect(jwt.status).toBe(200);
    const code = await postJson(
      `${idp.url}/api/code`,
      { persona: 'persona-2', client_id: 'mock-client' },
      auth,
    );
    expect(code.status).toBe(200);
    const token = await fetch(`${idp.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: code.body.code,
        redirect_uri: defaultClient.redirect_uri,
        client_id: defaultClient.client_id,
        client_secret: defaultClient.client_secret,
      }),
    });
    expect(token.status).toBe(200);

    const requests = (await (
      await fetch(`${idp.url}/admin/requests`, { headers: auth })
    ).json()) as RequestRecord[];
    const tokenRequest = requests.find((r) => r.path === '/token');
    expect(tokenRequest).toMatchObject({ method: 'POST', status: 200, client_id: 'mock-client' });
    expect(tokenRequest?.params.client_secret).toBe('***');
    expect(requests.find((r) => r.path === '/api/jwt')).toMatchObject({
      method: 'POST',
      status: 200,
      client_id: 'mock-client',
      persona: 'persona-1',
    });
    expect(requests.some((r) => r.path.startsWith('/admin'))).toBe(false);

    const issued = (await (
      await fetch(`${idp.url}/admin/tokens`, { headers: auth })
    ).json()) as IssuedRecord[];
    const envelope = issued.find((t) => t.token === jwt.body.id_token);
    expect(envelope).toMatchObject({ kind: 'id_token', client_id: 'mock-client', persona: 'persona-1' });
    expect(envelope?.header).toEqual(decodeProtectedHeader(jwt.body.id_token));
    expect(envelope?.claims).toMatchObject({ aud: 'mock-client', iss: idp.issuer });
    expect(Array.isArray(envelope?.claims.lp_sdes)).toBe(true);
    expect(issued.filter((t) => t.persona === 'persona-2').map((t) => t.kind)).toEqual(
      expect.arrayContaining(['id_token', 'access_token']),
    );
  });
});
