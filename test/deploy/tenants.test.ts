import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { CookieClient } from '../helpers/browser-like.js';
import { tempDir } from '../helpers/cli.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { codeFlow, discoverRp } from '../helpers/rp.js';

const scenarios = fileURLToPath(new URL('../../scenarios/', import.meta.url));

let idp: RunningIdp;
let acme: string;
let globex: string;
beforeAll(async () => {
  const dir = tempDir();
  const tenants = join(dir, 'tenants');
  mkdirSync(tenants);
  copyFileSync(join(scenarios, 'default.yaml'), join(tenants, 'acme.yaml'));
  copyFileSync(join(scenarios, 'liveperson.yaml'), join(tenants, 'globex.yaml'));
  idp = await startTestIdp({ tenants, keysFile: join(dir, 'keys.json') });
  acme = `${idp.url}/acme`;
  globex = `${idp.url}/globex`;
});
afterAll(() => idp.stop());

const discovery = async (issuer: string) =>
  (await fetch(`${issuer}/.well-known/openid-configuration`)).json();

describe('--tenants: one issuer per scenario file, in one process', () => {
  it("lists every tenant at / and each tenant's discovery carries its prefix", async () => {
    expect(idp.tenants).toEqual([
      { name: 'acme', issuer: acme },
      { name: 'globex', issuer: globex },
    ]);
    expect(await (await fetch(`${idp.url}/`)).json()).toEqual({
      issuers: [
        { tenant: 'acme', issuer: acme },
        { tenant: 'globex', issuer: globex },
      ],
    });
    for (const issuer of [acme, globex]) {
      const doc = await discovery(issuer);
      expect(doc.issuer).toBe(issuer);
      for (const field of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri']) {
        expect(doc[field]).toMatch(new RegExp(`^${issuer}/`));
      }
    }
  });

  it('tenants have different keys and personas', async () => {
    const [acmeKeys, globexKeys] = await Promise.all(
      [acme, globex].map(
        async (issuer) => (await (await fetch(`${issuer}/oauth2/v3/certs`)).json()).keys[0].kid,
      ),
    );
    expect(acmeKeys).not.toBe(globexKeys);
    const personas = async (issuer: string) =>
      ((await (await fetch(`${issuer}/admin/personas`)).json()) as { id: string }[]).map((p) => p.id);
    expect(await personas(acme)).toContain('fault-expired');
    expect(await personas(globex)).toContain('vip-gold');
    expect(await personas(globex)).not.toContain('fault-expired');
  });

  it('a full Code Flow at one tenant; its code is refused at the other', async () => {
    const config = await discoverRp(acme, defaultClient.client_id, defaultClient.client_secret);
    const { tokens } = await codeFlow(config, defaultClient.redirect_uri, 'persona-1');
    expect(tokens.claims()?.iss).toBe(acme);

    const code = new URL(
      (
        await fetch(
          client.buildAuthorizationUrl(config, {
            redirect_uri: defaultClient.redirect_uri,
            scope: 'openid',
            login_hint: 'persona-2',
          }),
          { redirect: 'manual' },
        )
      ).headers.get('location') as string,
    ).searchParams.get('code') as string;
    const elsewhere = await fetch(`${globex}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('mock-client:mock-secret').toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: defaultClient.redirect_uri,
      }),
    });
    expect(elsewhere.status).toBe(400);
    expect((await elsewhere.json()).error).toBe('invalid_grant');
  });

  it('the login page works under the prefix', async () => {
    const config = await discoverRp(globex, defaultClient.client_id, defaultClient.client_secret);
    const browser = new CookieClient();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: defaultClient.redirect_uri,
      scope: 'openid',
      state: 't',
    });
    const { response } = await browser.follow(url, idp.url);
    const html = await response.text();
    const action = /action="(\/globex\/interaction\/[^"]+\/login)"/.exec(html)?.[1];
    expect(action).toBeDefined();
    expect(html).toContain('src="/globex/avatars/');
    const { exit } = await browser.follow(new URL(action as string, idp.url), idp.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ persona: 'vip-gold' }),
    });
    expect(exit?.searchParams.get('code')).toMatch(/^4\/0A/);
  });
});
