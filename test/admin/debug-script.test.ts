/**
 * The debug page's script run against the real server, in a fake DOM built from the page's own markup: it asks
 * for the admin token on 401, keeps it in sessionStorage, sends it, and renders requests and decoded tokens as
 * text (data never becomes elements).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEBUG_SCRIPT } from '../../src/admin/debug-script.js';
import type { RunningIdp } from '../../src/server/start.js';
import { startTestIdp } from '../helpers/idp.js';
import { postJson } from '../helpers/platform.js';
import { elementsOf, type FakePage, runInFakePage } from './fake-dom.js';

const TOKEN = 's3cret';
const auth = { authorization: `Bearer ${TOKEN}` };
const WAIT = { timeout: 8000, interval: 50 };

let idp: RunningIdp;
let html: string;
let page: FakePage | undefined;
beforeAll(async () => {
  idp = await startTestIdp({ adminToken: TOKEN });
  html = await (await fetch(`${idp.url}/admin`)).text();
});
afterEach(() => page?.close());
afterAll(() => idp.stop());

describe('the debug page script', () => {
  it('looks up only elements the page has', () => {
    const { ids } = elementsOf(html);
    const used = [...DEBUG_SCRIPT.matchAll(/byId\('([\w-]+)'\)/g)].map((match) => match[1] as string);
    expect(used.length).toBeGreaterThan(5);
    for (const id of used) expect(Object.keys(ids), id).toContain(id);
  });

  it('asks for the admin token on 401, stores it, and shows requests and decoded tokens', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    expect(
      (
        await postJson(
          `${idp.url}/api/jwt`,
          { persona: 'persona-1', client_id: 'mock-client', nonce: hostile },
          auth,
        )
      ).status,
    ).toBe(200);

    page = runInFakePage(DEBUG_SCRIPT, idp.url, html);
    const { document } = page;
    const form = document.byId('token-form');
    await vi.waitFor(() => expect(form.hidden).toBe(false), WAIT);
    expect(document.activeElement).toBe(document.byId('admin-token'));
    expect(document.byId('status').textContent).toMatch(/admin token/);
    expect(page.fetches[0]).toEqual({ path: '/admin/requests', authorization: null });

    document.byId('admin-token').value = ` ${TOKEN} `;
    expect(form.dispatch('submit')).toBe(true);
    expect(page.storage.get('mock-idp-admin-token')).toBe(TOKEN);
    expect(form.hidden).toBe(true);

    const requests = document.byId('requests-body');
    const tokens = document.byId('tokens');
    await vi.waitFor(() => expect(requests.textContent).toContain('/api/jwt'), WAIT);
    expect(page.fetches.at(-1)?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(requests.textContent).toContain('mock-client');
    expect(requests.textContent).toContain('persona-1');
    expect(requests.textContent).toContain(hostile);
    expect(tokens.textContent).toContain('ID token for mock-client, persona-1');
    expect(tokens.textContent).toContain('JWS header');
    expect(tokens.textContent).toContain('"kid"');
    expect(tokens.textContent).toContain('Customer info (ctmrinfo)');
    expect(tokens.textContent).toMatch(/exp \d{4}-\d\d-\d\dT[\d:]+Z \(in 60 min\)/);
    // The hostile nonce is text, never an element.
    expect(document.created.map((element) => element.tagName)).not.toContain('img');
    expect(document.byId('requests-count').textContent).toMatch(/^\(\d+\)$/);
  });

  it('keeps shown tokens, adds new ones first, and stops polling while paused', async () => {
    page = runInFakePage(DEBUG_SCRIPT, idp.url, html, { 'mock-idp-admin-token': TOKEN });
    const { document } = page;
    await vi.waitFor(() => expect(document.byId('tokens').textContent).toContain('ID token'), WAIT);
    expect(document.byId('token-form').hidden).toBe(true);
    expect(page.fetches.every((f) => f.authorization === `Bearer ${TOKEN}`)).toBe(true);
    const tokens = document.byId('tokens');
    const first = tokens.children[0];

    expect(
      (await postJson(`${idp.url}/api/jwt`, { persona: 'persona-3', client_id: 'mock-client' }, auth)).status,
    ).toBe(200);
    await vi.waitFor(() => expect(tokens.children[0]?.textContent).toContain('persona-3'), WAIT);
    expect(tokens.children[1]).toBe(first);

    document.byId('pause').dispatch('click');
    expect(document.byId('pause').getAttribute('aria-pressed')).toBe('true');
    const count = page.fetches.length;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(page.fetches.length).toBeLessThanOrEqual(count + 2); // at most the poll already in flight
    const paused = page.fetches.length;
    await new Promise((resolve) => setTimeout(resolve, 1700));
    expect(page.fetches.length).toBe(paused);
    document.byId('pause').dispatch('click');
    expect(document.byId('pause').getAttribute('aria-pressed')).toBe('false');
    await vi.waitFor(() => expect(page?.fetches.length).toBeGreaterThan(paused), WAIT);
  });

  it('a refused token is dropped and asked for again', async () => {
    page = runInFakePage(DEBUG_SCRIPT, idp.url, html, { 'mock-idp-admin-token': 'wrong' });
    const { document } = page;
    const form = document.byId('token-form');
    await vi.waitFor(() => expect(form.hidden).toBe(false), WAIT);
    expect(page.fetches[0]?.authorization).toBe('Bearer wrong');
    expect(document.byId('token-error').textContent).toMatch(/refused/);
    expect(page.storage.has('mock-idp-admin-token')).toBe(false);
  });
});
