import { exportJWK, importSPKI } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { startTestIdp } from '../helpers/idp.js';

let idp: RunningIdp;
let jwk: { n: string };
beforeAll(async () => {
  idp = await startTestIdp();
  jwk = (await (await fetch(`${idp.url}/oauth2/v3/certs`)).json()).keys[0];
});
afterAll(() => idp.stop());

describe('GET /api/public-key', () => {
  it("format=spki-line: the one-line base64 SPKI the platform's connector field takes", async () => {
    const response = await fetch(`${idp.url}/api/public-key?format=spki-line`);
    const line = (await response.text()).trim();
    expect(line).toMatch(/^[A-Za-z0-9+/=]+$/);
    const pem = `-----BEGIN PUBLIC KEY-----\n${line.match(/.{1,64}/g)?.join('\n')}\n-----END PUBLIC KEY-----`;
    expect((await exportJWK(await importSPKI(pem, 'RS256'))).n).toBe(jwk.n);
  });

  it('format=pem and the default jwks', async () => {
    expect(await (await fetch(`${idp.url}/api/public-key?format=pem`)).text()).toMatch(
      /^-----BEGIN PUBLIC KEY-----/,
    );
    expect((await (await fetch(`${idp.url}/api/public-key`)).json()).keys[0].n).toBe(jwk.n);
  });

  it('an unknown format is a 400 naming the valid ones', async () => {
    const response = await fetch(`${idp.url}/api/public-key?format=der`);
    expect(response.status).toBe(400);
    expect((await response.json()).error_description).toMatch(/jwks, pem, spki-line/);
  });
});
