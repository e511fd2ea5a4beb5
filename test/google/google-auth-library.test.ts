import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { authorize } from '../helpers/rp.js';

let idp: RunningIdp;
beforeAll(async () => {
  idp = await startTestIdp({ impersonateGoogle: true });
});
afterAll(() => idp.stop());

/** Google's own client library, its endpoints pointed at mock-idp: the README's drop-in snippet. */
function googleClient(): OAuth2Client {
  return new OAuth2Client({
    clientId: defaultClient.client_id,
    clientSecret: defaultClient.client_secret,
    redirectUri: defaultClient.redirect_uri,
    endpoints: {
      oauth2AuthBaseUrl: `${idp.url}/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${idp.url}/token`,
      oauth2RevokeUrl: `${idp.url}/revoke`,
      oauth2FederatedSignonPemCertsUrl: `${idp.url}/oauth2/v1/certs`,
      oauth2FederatedSignonJwkCertsUrl: `${idp.url}/oauth2/v3/certs`,
    },
  });
}

describe('google-auth-library against --impersonate-google', () => {
  it('names Google as issuer in discovery while every endpoint stays on this server', async () => {
    const doc = await (await fetch(`${idp.url}/.well-known/openid-configuration`)).json();
    expect(doc.issuer).toBe('https://accounts.google.com');
    expect(doc.token_endpoint).toBe(`${idp.url}/token`);
  });

  it('exchanges a code and verifyIdToken accepts the ID token', async () => {
    const google = googleClient();
    const url = google.generateAuthUrl({
      scope: ['openid', 'email', 'profile'],
      login_hint: 'persona-5',
      state: 's',
    });
    const { location } = await authorize(new URL(url));
    const code = location?.searchParams.get('code') as string;

    const { tokens } = await google.getToken(code);
    const ticket = await google.verifyIdToken({
      idToken: tokens.id_token as string,
      audience: defaultClient.client_id,
    });

    const payload = ticket.getPayload();
    expect(payload?.iss).toBe('https://accounts.google.com');
    expect(payload?.sub).toBe(idp.personas[4]?.sub);
    expect(payload?.email_verified).toBe(true);
  });
});
