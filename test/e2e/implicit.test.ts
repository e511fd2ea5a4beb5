import { compactDecrypt, createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { startTestIdp } from '../helpers/idp.js';
import { decryptionKey, platformKeys, register } from '../helpers/platform.js';
import { authorize, discoverRp } from '../helpers/rp.js';

const redirectUri = 'https://liveperson.example.test/popup';

let idp: RunningIdp;
let config: client.Configuration;
beforeAll(async () => {
  idp = await startTestIdp();
  const { client_id, client_secret } = await register(idp.url, {
    redirect_uris: [redirectUri],
    response_types: ['id_token', 'id_token token'],
    grant_types: ['implicit'],
  });
  config = await discoverRp(idp.issuer, client_id, client_secret);
  client.useIdTokenResponseType(config);
});
afterAll(() => idp.stop());

function implicitUrl(extra: Record<string, string>): URL {
  return client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    login_hint: 'persona-3',
    ...extra,
  });
}

/** The fields of the auto-submitting form a form_post response carries. */
function formFields(html: string): URLSearchParams {
  const fields = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    fields.set(
      match[1] as string,
      (match[2] as string)
        .replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c)))
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"'),
    );
  }
  return fields;
}

describe('Implicit Flow through the authorization endpoint (popup window)', () => {
  it('response_type=id_token, fragment: openid-client validates the ID token, state echoed', async () => {
    const nonce = client.randomNonce();
    const state = 'lp:{"ctx":"popup"} ü';
    const { location } = await authorize(implicitUrl({ nonce, state }));
    expect(location?.hash).toMatch(/^#/);
    const claims = await client.implicitAuthentication(config, location as URL, nonce, {
      expectedState: state,
    });
    expect(claims.sub).toBe(idp.personas[2]!.sub);
    expect(claims.nonce).toBe(nonce);
  });

  it('response_type=id_token, form_post: the form carries a valid ID token', async () => {
    const nonce = client.randomNonce();
    const { status, body } = await authorize(implicitUrl({ nonce, state: 's', response_mode: 'form_post' }));
    expect(status).toBe(200);
    const fields = formFields(body);
    expect(fields.get('state')).toBe('s');
    const request = new Request(redirectUri, { method: 'POST', body: fields });
    const claims = await client.implicitAuthentication(config, request, nonce, { expectedState: 's' });
    expect(claims.sub).toBe(idp.personas[2]!.sub);
  });

  it('response_type="id_token token": the ID token carries at_hash of the access token', async () => {
    const nonce = client.randomNonce();
    const { location } = await authorize(implicitUrl({ nonce, response_type: 'id_token token' }));
    const fragment = new URLSearchParams(location?.hash.slice(1));
    expect(fragment.get('access_token')).toMatch(/^ya29\./);
    const jwks = createRemoteJWKSet(new URL(`${idp.url}/oauth2/v3/certs`));
    const { payload } = await jwtVerify(fragment.get('id_token') as string, jwks, { issuer: idp.issuer });
    expect(payload.at_hash).toEqual(expect.any(String));
  });

  it('nonce is required: invalid_request', async () => {
    const url = new URL(`${idp.url}/o/oauth2/v2/auth`);
    const { client_id } = config.clientMetadata();
    url.search = new URLSearchParams({
      client_id,
      redirect_uri: redirectUri,
      response_type: 'id_token',
      scope: 'openid',
      login_hint: 'persona-3',
    }).toString();
    const { location } = await authorize(url);
    const fragment = new URLSearchParams(location?.hash.slice(1));
    expect(fragment.get('error')).toBe('invalid_request');
    expect(fragment.get('error_description')).toMatch(/nonce/);
  });

  it('prompt=none without a session: login_required in the fragment', async () => {
    const { location } = await authorize(
      client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid',
        nonce: 'n',
        prompt: 'none',
      }),
    );
    expect(new URLSearchParams(location?.hash.slice(1)).get('error')).toBe('login_required');
  });
});

describe("the platform's legacy popup mode: response_type=token answered with the JWT as token", () => {
  it('works for a client with legacy_token_response, encrypted to its key', async () => {
    const platform = await platformKeys();
    const { client_id } = await register(idp.url, {
      redirect_uris: [redirectUri],
      response_types: ['id_token'],
      grant_types: ['implicit'],
      legacy_token_response: true,
      jwks: platform.publicJwks,
      id_token_encrypted_response_alg: 'RSA-OAEP-256',
      id_token_encrypted_response_enc: 'A256GCM',
    });
    const url = new URL(`${idp.url}/o/oauth2/v2/auth`);
    url.search = new URLSearchParams({
      client_id,
      redirect_uri: redirectUri,
      response_type: 'token',
      scope: 'openid',
      state: 'legacy',
      login_hint: 'persona-4',
    }).toString();
    const { location } = await authorize(url);
    const fragment = new URLSearchParams(location?.hash.slice(1));
    expect(fragment.get('state')).toBe('legacy');
    expect(fragment.has('id_token')).toBe(false);
    const token = fragment.get('token') as string;
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT' });
    const { plaintext } = await compactDecrypt(token, await decryptionKey(platform, 'RSA-OAEP-256'));
    const jwks = createRemoteJWKSet(new URL(`${idp.url}/oauth2/v3/certs`));
    const { payload } = await jwtVerify(new TextDecoder().decode(plaintext), jwks, { audience: client_id });
    expect(payload.sub).toBe(idp.personas[3]!.sub);
  });

  it('stays unsupported_response_type for other clients', async () => {
    const url = new URL(`${idp.url}/o/oauth2/v2/auth`);
    url.search = new URLSearchParams({
      client_id: 'mock-client',
      redirect_uri: 'http://localhost:3000/callback',
      response_type: 'token',
      scope: 'openid',
    }).toString();
    const { location } = await authorize(url);
    expect(new URLSearchParams(location?.hash.slice(1)).get('error')).toBe('unsupported_response_type');
  });
});
