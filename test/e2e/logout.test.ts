import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { CookieClient } from '../helpers/browser-like.js';
import { tempDir } from '../helpers/cli.js';
import { startTestIdp } from '../helpers/idp.js';
import { register } from '../helpers/platform.js';
import { discoverRp } from '../helpers/rp.js';

const redirectUri = 'https://rp.example.test/cb';
const loggedOut = 'https://rp.example.test/logged-out';

let idp: RunningIdp;
let config: client.Configuration;
let clientId: string;
beforeAll(async () => {
  idp = await startTestIdp();
  const registered = await register(idp.url, {
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [loggedOut],
  });
  clientId = registered.client_id;
  config = await discoverRp(idp.issuer, registered.client_id, registered.client_secret);
});
afterAll(() => idp.stop());

/** Logs persona-1 in with a browser-like client and returns its ID token. */
async function loggedIn(browser: CookieClient): Promise<string> {
  const verifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    login_hint: 'persona-1',
  });
  const { exit } = await browser.follow(url, idp.url);
  const tokens = await client.authorizationCodeGrant(config, exit as URL, { pkceCodeVerifier: verifier });
  return tokens.id_token as string;
}

/** Submits the logout page's form as the page's script would, and follows where it leads. */
async function submitLogoutForm(browser: CookieClient, html: string, extra: Record<string, string> = {}) {
  const action = /<form id="op\.logoutForm" method="post" action="([^"]+)"/.exec(html)?.[1] as string;
  const fields = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    fields.set(name as string, value as string);
  }
  for (const [k, v] of Object.entries(extra)) fields.set(k, v);
  return browser.follow(new URL(action, idp.url), idp.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields,
  });
}

function silentLogin(browser: CookieClient) {
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid',
    prompt: 'none',
    state: 's',
  });
  return browser.follow(url, idp.url);
}

describe('RP-initiated logout at /logout', () => {
  it('is advertised as end_session_endpoint', async () => {
    const doc = await (await fetch(`${idp.url}/.well-known/openid-configuration`)).json();
    expect(doc.end_session_endpoint).toBe(`${idp.url}/logout`);
  });

  it('with id_token_hint: no question asked, back to post_logout_redirect_uri with state, session gone', async () => {
    const browser = new CookieClient();
    const idToken = await loggedIn(browser);
    const oldCookies = browser.cookie;
    expect((await silentLogin(browser)).exit?.searchParams.get('code')).toBeTruthy();

    const state = 'bye {"x":1} ü';
    const logout = new URL(`${idp.url}/logout`);
    logout.search = new URLSearchParams({
      id_token_hint: idToken,
      post_logout_redirect_uri: loggedOut,
      state,
    }).toString();
    const { response } = await browser.follow(logout, idp.url);
    const html = await response.text();
    expect(html).toContain('Signing you out');
    expect(html).toContain("document.getElementById('op.logoutForm').submit()");
    const { exit } = await submitLogoutForm(browser, html);
    expect(`${exit?.origin}${exit?.pathname}`).toBe(loggedOut);
    expect(exit?.searchParams.get('state')).toBe(state);

    expect((await silentLogin(browser)).exit?.searchParams.get('error')).toBe('login_required');
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid',
      prompt: 'none',
    });
    const withOldCookies = await fetch(url, { redirect: 'manual', headers: { cookie: oldCookies } });
    expect(new URL(withOldCookies.headers.get('location') as string).searchParams.get('error')).toBe(
      'login_required',
    );
  });

  it('with client_id instead of id_token_hint', async () => {
    const browser = new CookieClient();
    await loggedIn(browser);
    const logout = new URL(`${idp.url}/logout`);
    logout.search = new URLSearchParams({
      client_id: clientId,
      post_logout_redirect_uri: loggedOut,
    }).toString();
    const { response } = await browser.follow(logout, idp.url);
    const { exit } = await submitLogoutForm(browser, await response.text());
    expect(`${exit?.origin}${exit?.pathname}`).toBe(loggedOut);
  });

  it('an unregistered post_logout_redirect_uri is refused on the IdP', async () => {
    const logout = new URL(`${idp.url}/logout`);
    logout.search = new URLSearchParams({
      client_id: clientId,
      post_logout_redirect_uri: 'https://evil.example/',
    }).toString();
    const response = await fetch(logout, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('invalid_request');
  });
});

describe('logout_confirmation: true', () => {
  it('asks first', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'confirm.yaml'),
      `description: asks before logout\nlogout_confirmation: true\npersonas: { count: 1 }\nclients:\n  - client_id: c\n    client_secret: s\n    redirect_uris: [${redirectUri}]\n    post_logout_redirect_uris: [${loggedOut}]\n`,
    );
    const asking = await startTestIdp({ scenario: join(dir, 'confirm.yaml') });
    const rp = await discoverRp(asking.issuer, 'c', 's');
    const browser = new CookieClient();
    const { exit } = await browser.follow(
      client.buildAuthorizationUrl(rp, {
        redirect_uri: redirectUri,
        scope: 'openid',
        login_hint: 'persona-1',
      }),
      asking.url,
    );
    expect(exit?.searchParams.get('code')).toBeTruthy();
    const { response } = await browser.follow(`${asking.url}/logout?client_id=c`, asking.url);
    const html = await response.text();
    expect(html).toContain('Yes, sign me out');
    expect(html).not.toContain('.submit()');
    await asking.stop();
  });
});
