/**
 * An example suite to copy into your project: start mock-idp in beforeAll, run a Code Flow with openid-client,
 * assert on what the IdP saw, stop it in afterAll. (In your project: `import { startMockIdp } from 'mock-idp'`.)
 */
import * as client from 'openid-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type MockIdp, startMockIdp } from '../../src/index.js';

let idp: MockIdp;

beforeAll(async () => {
  idp = await startMockIdp({ scenario: 'liveperson' });
});

afterAll(async () => {
  await idp.stop();
});

test("the platform redeems a code and sees the consumer's verified profile", async () => {
  // The code under test would do this part: discover the IdP and redeem a code from the brand.
  const config = await client.discovery(
    new URL(idp.issuer),
    'liveperson',
    undefined,
    client.ClientSecretBasic('liveperson-secret'),
    {
      execute: [client.allowInsecureRequests],
    },
  );
  client.enableNonRepudiationChecks(config);
  const redirectUri = 'https://liveperson.net/oauth2/code_redirect';
  const { code } = await idp.code({ persona: 'vip-gold', clientId: 'liveperson', redirectUri });
  const callback = new URL(redirectUri);
  callback.search = new URLSearchParams({ code, iss: idp.issuer }).toString();
  const tokens = await client.authorizationCodeGrant(config, callback);

  // Assert on the verified identity and on what the IdP received.
  expect(tokens.claims()?.email).toBe(idp.personas.find((p) => p.id === 'vip-gold')?.email);
  const tokenRequest = idp.requests.find((r) => r.path === '/token');
  expect(tokenRequest).toMatchObject({
    method: 'POST',
    status: 200,
    client_id: 'liveperson',
    persona: 'vip-gold',
  });
  expect(tokenRequest?.params.code).toBe(code);
});
