import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { buildLpSdes } from '../../src/personas/lp-sdes.js';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { codeFlow, discoverRp } from '../helpers/rp.js';
import { lpSdesSchema } from '../personas/lp-sdes-schema.js';

const clock: Clock = { now: () => Math.floor(Date.now() / 1000) };

let idp: RunningIdp;
beforeAll(async () => {
  idp = await startTestIdp({ clock });
});
afterAll(() => idp.stop());

async function registered(metadata: Record<string, unknown>): Promise<client.Configuration> {
  const redirectUri = 'https://rp.example.test/cb';
  const response = await fetch(`${idp.url}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ redirect_uris: [redirectUri], ...metadata }),
  });
  const body = await response.json();
  return discoverRp(idp.issuer, body.client_id, body.client_secret);
}

describe('lp_sdes in the Code Flow', () => {
  it("the verified ID token carries the persona's lp_sdes and Google claims; userinfo does not", async () => {
    const config = await discoverRp(idp.issuer, defaultClient.client_id, defaultClient.client_secret);
    const persona = idp.personas[5]!;
    const { tokens } = await codeFlow(config, defaultClient.redirect_uri, persona.id);
    const claims = tokens.claims() as Record<string, unknown>;

    expect(claims.lp_sdes).toEqual(buildLpSdes(persona, clock.now()));
    expect(lpSdesSchema.safeParse(claims.lp_sdes).success).toBe(true);
    expect(claims).toMatchObject({
      sub: persona.sub,
      email: persona.email,
      phone_number: persona.phone_number,
      preferred_username: persona.preferred_username,
      gender: persona.gender,
    });

    const userinfo = await client.fetchUserInfo(config, tokens.access_token, persona.sub);
    for (const claim of ['lp_sdes', 'phone_number', 'preferred_username', 'gender']) {
      expect(userinfo).not.toHaveProperty(claim);
    }
  });

  it('a client registered with lp_sdes: false gets ID tokens without it', async () => {
    const config = await registered({ lp_sdes: false });
    const { tokens } = await codeFlow(config, 'https://rp.example.test/cb', 'persona-1');
    expect(tokens.claims()).not.toHaveProperty('lp_sdes');
    expect(tokens.claims()?.sub).toBe(idp.personas[0]!.sub);
  });

  it('registration refuses a non-boolean lp_sdes', async () => {
    const response = await fetch(`${idp.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['https://rp.example.test/cb'], lp_sdes: 'yes' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_client_metadata',
      error_description: 'lp_sdes must be true or false',
    });
  });
});
