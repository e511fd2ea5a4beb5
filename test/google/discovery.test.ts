import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { startTestIdp } from '../helpers/idp.js';

const google = JSON.parse(
  readFileSync(new URL('../fixtures/google-discovery.json', import.meta.url), 'utf8'),
);

/** Fields mock-idp adds to Google's set, each for a feature it serves. */
const additions = [
  'response_modes_supported',
  'authorization_response_iss_parameter_supported',
  'registration_endpoint',
  'id_token_encryption_alg_values_supported',
  'id_token_encryption_enc_values_supported',
  'end_session_endpoint',
];

/** Google's endpoint URLs, moved onto our issuer with the same paths. */
const endpointFields = [
  'authorization_endpoint',
  'token_endpoint',
  'userinfo_endpoint',
  'revocation_endpoint',
  'jwks_uri',
];

let idp: RunningIdp;
let ours: Record<string, unknown>;
beforeAll(async () => {
  idp = await startTestIdp();
  ours = await (await fetch(`${idp.url}/.well-known/openid-configuration`)).json();
});
afterAll(() => idp.stop());

describe('discovery document, field by field against Google', () => {
  it('has every field of Google, except the device flow it does not serve, and only the listed additions', () => {
    const expected = Object.keys(google).filter((k) => k !== 'device_authorization_endpoint');
    expect(Object.keys(ours)).toEqual([...expected, ...additions]);
  });

  it.each([
    'subject_types_supported',
    'id_token_signing_alg_values_supported',
    'scopes_supported',
    'token_endpoint_auth_methods_supported',
    'code_challenge_methods_supported',
  ])("%s is Google's value", (field) => {
    expect(ours[field]).toEqual(google[field]);
  });

  it.each(endpointFields)("%s has Google's path on our issuer", (field) => {
    expect(ours[field]).toBe(`${idp.url}${new URL(google[field]).pathname}`);
  });

  it("lists Google's claims plus the extra claims mock-idp issues", () => {
    expect(ours.claims_supported).toEqual(expect.arrayContaining(google.claims_supported));
    expect(ours.claims_supported).toEqual(expect.arrayContaining(['locale', 'hd']));
  });

  it("advertises only response and grant types it serves, as a subset of Google's values", () => {
    expect(ours.response_types_supported).toEqual(expect.arrayContaining(['code', 'id_token']));
    for (const type of ours.response_types_supported as string[])
      expect(google.response_types_supported).toContain(type);
    expect(ours.grant_types_supported).toEqual(['authorization_code', 'refresh_token']);
  });

  it('names its own issuer and registration endpoint', () => {
    expect(ours.issuer).toBe(idp.url);
    expect(ours.registration_endpoint).toBe(`${idp.url}/register`);
  });
});

describe('signing keys', () => {
  it('publishes RS256 keys with Google-shaped kids, and the same keys as PEM certificates', async () => {
    const jwks = await (await fetch(`${idp.url}/oauth2/v3/certs`)).json();
    const pem = await (await fetch(`${idp.url}/oauth2/v1/certs`)).json();
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
      expect(key.kid).toMatch(/^[0-9a-f]{40}$/);
      expect(key.d).toBeUndefined();
      expect(pem[key.kid]).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
      const certified = new X509Certificate(pem[key.kid]).publicKey.export({ format: 'jwk' });
      expect(certified.n).toBe(key.n);
    }
    expect(Object.keys(pem)).toEqual(jwks.keys.map((k: { kid: string }) => k.kid));
  });
});
