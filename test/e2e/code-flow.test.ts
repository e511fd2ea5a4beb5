import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { type AuthMethod, codeFlow, discoverRp, registerRp } from '../helpers/rp.js';

let idp: RunningIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.stop());

describe.each<AuthMethod>(['client_secret_basic', 'client_secret_post'])('Code Flow with %s', (method) => {
  it('registers a client, logs a persona in headlessly, redeems the code with PKCE and reads userinfo', async () => {
    const redirectUri = 'https://rp.example.test/callback';
    const config = await registerRp(idp.issuer, redirectUri, method);
    const persona = idp.personas[0]!;

    const { tokens } = await codeFlow(config, redirectUri, persona.id);

    const claims = tokens.claims();
    expect(claims?.sub).toBe(persona.sub);
    expect(claims?.email).toBe(persona.email);
    expect(claims?.aud).toBe(config.clientMetadata().client_id);
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, persona.sub);
    expect(userinfo).toMatchObject({ sub: persona.sub, email: persona.email, name: persona.name });
  });
});

describe('the default client', () => {
  it('completes a Code Flow with the documented client id and secret', async () => {
    const config = await discoverRp(idp.issuer, defaultClient.client_id, defaultClient.client_secret);
    const { tokens } = await codeFlow(config, defaultClient.redirect_uri, idp.personas[1]!.email);
    expect(tokens.claims()?.sub).toBe(idp.personas[1]!.sub);
  });

  it('issues a refresh token only with access_type=offline, and the refresh token works', async () => {
    const config = await discoverRp(idp.issuer, defaultClient.client_id, defaultClient.client_secret);
    const online = await codeFlow(config, defaultClient.redirect_uri, 'persona-3');
    expect(online.tokens.refresh_token).toBeUndefined();

    const offline = await codeFlow(config, defaultClient.redirect_uri, 'persona-3', {
      access_type: 'offline',
    });
    expect(offline.tokens.refresh_token).toMatch(/^1\/\/0/);
    const refreshed = await client.refreshTokenGrant(config, offline.tokens.refresh_token as string);
    expect(refreshed.access_token).toMatch(/^ya29\./);
  });

  it('accepts PKCE plain, as Google does', async () => {
    const config = await discoverRp(idp.issuer, defaultClient.client_id, defaultClient.client_secret);
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: defaultClient.redirect_uri,
      scope: 'openid email',
      code_challenge: verifier,
      code_challenge_method: 'plain',
      login_hint: 'persona-4',
    });
    const location = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location') as string);
    const tokens = await client.authorizationCodeGrant(config, location, { pkceCodeVerifier: verifier });
    expect(tokens.claims()?.sub).toBe(idp.personas[3]!.sub);
  });
});
