import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { CookieClient } from '../helpers/browser-like.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { discoverRp } from '../helpers/rp.js';

let idp: RunningIdp;
let config: client.Configuration;
beforeAll(async () => {
  idp = await startTestIdp();
  config = await discoverRp(idp.issuer, defaultClient.client_id, defaultClient.client_secret);
});
afterAll(() => idp.stop());

function authorizationUrl(extra: Record<string, string> = {}): URL {
  return client.buildAuthorizationUrl(config, {
    redirect_uri: defaultClient.redirect_uri,
    scope: 'openid email profile',
    state: 'picker',
    ...extra,
  });
}

/** Opens the login page as a browser would and returns its HTML and where its forms post to. */
async function openPicker(browser: CookieClient) {
  const { response } = await browser.follow(authorizationUrl(), idp.url);
  const html = await response.text();
  const action = /action="(\/interaction\/[^"]+\/login)"/.exec(html)?.[1];
  return { response, html, action: action as string };
}

describe('interactive login: the persona picker', () => {
  it('lists the personas with name, email and avatar, and choosing one completes the flow', async () => {
    const browser = new CookieClient();
    const { response, html, action } = await openPicker(browser);
    expect(response.status).toBe(200);
    expect(html).toContain('Choose an account');
    expect(html).toContain('Not for production');
    const persona = idp.personas[2]!;
    expect(html).toContain(persona.name);
    expect(html).toContain(persona.email);
    expect(html).toContain(`/avatars/${persona.id}.svg`);

    const { exit } = await browser.follow(new URL(action, idp.url), idp.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ persona: persona.id }),
    });
    expect(exit?.searchParams.get('state')).toBe('picker');
    const tokens = await client.authorizationCodeGrant(config, exit as URL, { expectedState: 'picker' });
    expect(tokens.claims()?.sub).toBe(persona.sub);

    // The session now exists: prompt=none succeeds silently for the same browser.
    const silent = await browser.follow(authorizationUrl({ prompt: 'none' }), idp.url);
    expect(silent.exit?.searchParams.get('code')).toMatch(/^4\/0A/);
  });

  it('Cancel returns access_denied to the client', async () => {
    const browser = new CookieClient();
    const { action } = await openPicker(browser);
    const { exit } = await browser.follow(new URL(action.replace(/\/login$/, '/abort'), idp.url), idp.url, {
      method: 'POST',
    });
    expect(exit?.searchParams.get('error')).toBe('access_denied');
    expect(exit?.searchParams.get('state')).toBe('picker');
  });

  it('a login form posted without the interaction cookie is an error page, not a crash', async () => {
    const browser = new CookieClient();
    const { action } = await openPicker(browser);
    const response = await fetch(new URL(action, idp.url), {
      method: 'POST',
      redirect: 'manual',
      body: 'persona=persona-1',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('invalid_request');
  });
});
