import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { postJson } from '../helpers/platform.js';

let idp: RunningIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.stop());

const code = (body: unknown) => postJson(`${idp.url}/api/code`, body);

async function redeem(value: string, extra: Record<string, string> = {}) {
  const response = await fetch(`${idp.url}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from('mock-client:mock-secret').toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: value,
      redirect_uri: defaultClient.redirect_uri,
      ...extra,
    }),
  });
  return { status: response.status, body: await response.json() };
}

describe('POST /api/code', () => {
  it('gives a real code, redeemable once at the token endpoint', async () => {
    const { status, body } = await code({ persona: 'persona-1', client_id: 'mock-client', nonce: 'n' });
    expect(status).toBe(200);
    expect(body.code).toMatch(/^4\/0A/);
    expect(body.expires_in).toBe(600);
    const first = await redeem(body.code);
    expect(first.status).toBe(200);
    expect(first.body.id_token).toEqual(expect.any(String));
    const second = await redeem(body.code);
    expect(second.body.error).toBe('invalid_grant');
  });

  it("redirect_uri defaults to the client's first; the ID token carries the persona and nonce", async () => {
    const config = await client.discovery(
      new URL(idp.issuer),
      'mock-client',
      undefined,
      client.ClientSecretBasic('mock-secret'),
      {
        execute: [client.allowInsecureRequests],
      },
    );
    client.enableNonRepudiationChecks(config);
    const { body } = await code({ persona: idp.personas[4]!.email, client_id: 'mock-client', nonce: 'abc' });
    const callback = new URL(defaultClient.redirect_uri);
    callback.search = new URLSearchParams({ code: body.code, iss: idp.issuer }).toString();
    const tokens = await client.authorizationCodeGrant(config, callback, { expectedNonce: 'abc' });
    expect(tokens.claims()?.sub).toBe(idp.personas[4]!.sub);
  });

  it('honours PKCE S256: right verifier works, wrong one is invalid_grant', async () => {
    const verifier = client.randomPKCECodeVerifier();
    const challenge = await client.calculatePKCECodeChallenge(verifier);
    const request = {
      persona: 'persona-2',
      client_id: 'mock-client',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    const wrong = await code(request);
    expect(
      (await redeem(wrong.body.code, { code_verifier: client.randomPKCECodeVerifier() })).body.error,
    ).toBe('invalid_grant');
    const missing = await code(request);
    expect((await redeem(missing.body.code)).body.error).toBe('invalid_grant');
    const right = await code(request);
    expect((await redeem(right.body.code, { code_verifier: verifier })).status).toBe(200);
  });

  it('honours PKCE plain', async () => {
    const verifier = client.randomPKCECodeVerifier();
    const { body } = await code({
      persona: 'persona-2',
      client_id: 'mock-client',
      code_challenge: verifier,
      code_challenge_method: 'plain',
    });
    expect((await redeem(body.code, { code_verifier: verifier })).status).toBe(200);
  });

  it.each([
    [
      { persona: 'persona-1', client_id: 'mock-client', redirect_uri: 'https://evil.example/cb' },
      'invalid_redirect_uri',
    ],
    [{ persona: 'nobody', client_id: 'mock-client' }, 'unknown_persona'],
    [{ persona: 'persona-1', client_id: 'nobody' }, 'unknown_client'],
    [{ persona: 'persona-1', client_id: 'mock-client', scope: 'email' }, 'invalid_scope'],
    [{ persona: 'persona-1', client_id: 'mock-client', code_challenge: 'short' }, 'invalid_request'],
    [
      {
        persona: 'persona-1',
        client_id: 'mock-client',
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S512',
      },
      'invalid_request',
    ],
  ])('%j → 400 %s', async (request, error) => {
    const { status, body } = await code(request);
    expect(status).toBe(400);
    expect(body.error).toBe(error);
    expect(body.error_description).toEqual(expect.any(String));
  });
});
