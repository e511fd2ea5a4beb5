/**
 * Key rotation (`POST /admin/keys/rotate`): the new key signs at once, the previous one stays published for
 * one rotation, older ones go; an RP with a cached JWKS recovers by refetching on the unknown kid. The IdP
 * runs on its own temp key file so rotating does not touch other tests' keys.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRemoteJWKSet,
  customFetch,
  decodeProtectedHeader,
  type JWTVerifyOptions,
  jwtVerify,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { codeFlow, discoverRp } from '../helpers/rp.js';
import { adminOf, call, envelopeToken, rejectionOf } from './support.js';

const keysFile = join(mkdtempSync(join(tmpdir(), 'mock-idp-rotation-')), 'keys.json');

let idp: RunningIdp;
let admin: ReturnType<typeof adminOf>;
beforeAll(async () => {
  idp = await startTestIdp({ keysFile });
  admin = adminOf(idp.url);
});
afterAll(() => idp.stop());

const checks = (): JWTVerifyOptions => ({
  issuer: idp.issuer,
  audience: defaultClient.client_id,
  algorithms: ['RS256'],
});
const newToken = () => envelopeToken(idp.url, { persona: 'persona-1', client_id: defaultClient.client_id });
const kidOf = (token: string) => decodeProtectedHeader(token).kid as string;

async function publishedKids(): Promise<string[]> {
  const { status, body } = await call(idp.url, 'GET', '/oauth2/v3/certs');
  expect(status).toBe(200);
  return (body.keys as Array<{ kid: string }>).map((key) => key.kid);
}

async function pemKids(): Promise<string[]> {
  const { status, body } = await call(idp.url, 'GET', '/oauth2/v1/certs');
  expect(status).toBe(200);
  return Object.keys(body);
}

describe('POST /admin/keys/rotate', () => {
  it('an RP with a cached JWKS refetches on the new kid; the old kid lasts one rotation', async () => {
    let fetches = 0;
    const jwks = createRemoteJWKSet(new URL(`${idp.url}/oauth2/v3/certs`), {
      cooldownDuration: 0,
      [customFetch]: (url, options) => {
        fetches += 1;
        return fetch(url, options);
      },
    });

    const first = await newToken();
    const kid0 = kidOf(first);
    await jwtVerify(first, jwks, checks());
    await jwtVerify(await newToken(), jwks, checks());
    expect(fetches).toBe(1); // cached

    const rotated = await admin.rotateKeys();
    expect(rotated.status).toBe(200);
    const kid1 = rotated.body.kid as string;
    expect(kid1).not.toBe(kid0);
    expect(rotated.body.published).toEqual([kid1, kid0]);
    expect(await publishedKids()).toEqual([kid1, kid0]);
    expect(await pemKids()).toEqual([kid1, kid0]);

    const second = await newToken();
    expect(kidOf(second)).toBe(kid1);
    const { payload } = await jwtVerify(second, jwks, checks());
    expect(payload.sub).toBe(idp.personas[0]?.sub);
    expect(fetches).toBe(2); // refetched once, on the unknown kid
    // A token signed before the rotation still verifies: its key is still published.
    await jwtVerify(first, jwks, checks());
    await expect(
      jwtVerify(first, createRemoteJWKSet(new URL(`${idp.url}/oauth2/v3/certs`)), checks()),
    ).resolves.toBeTruthy();

    const again = await admin.rotateKeys();
    const kid2 = again.body.kid as string;
    expect(again.body.published).toEqual([kid2, kid1]);
    expect(await publishedKids()).toEqual([kid2, kid1]);
    expect(await pemKids()).toEqual([kid2, kid1]);

    const third = await newToken();
    expect(kidOf(third)).toBe(kid2);
    await jwtVerify(third, jwks, checks());
    await jwtVerify(second, jwks, checks());
    // The first key is gone: an RP with fresh keys cannot verify its tokens any more.
    const fresh = createRemoteJWKSet(new URL(`${idp.url}/oauth2/v3/certs`));
    const error = await rejectionOf(jwtVerify(first, fresh, checks()));
    expect(error.code).toBe('ERR_JWKS_NO_MATCHING_KEY');
    const stale = await rejectionOf(jwtVerify(first, jwks, checks()));
    expect(stale.code).toBe('ERR_JWKS_NO_MATCHING_KEY');
  });

  it('the rotated keys are saved to the key file, and an IdP restarted on it publishes them', async () => {
    const before = await publishedKids();
    const { body } = await admin.rotateKeys();
    const saved = readFileSync(keysFile, 'utf8');
    expect(saved).toContain(body.kid);
    const restarted = await startTestIdp({ keysFile });
    try {
      const { body: jwks } = await call(restarted.url, 'GET', '/oauth2/v3/certs');
      expect(jwks.keys.map((key: { kid: string }) => key.kid)).toEqual([body.kid, before[0]]);
      const token = await envelopeToken(restarted.url, { persona: 'persona-2', client_id: 'mock-client' });
      expect(kidOf(token)).toBe(body.kid);
    } finally {
      await restarted.stop();
    }
  });

  it('the Code Flow signs with the new key, and an RP that discovers afterwards validates it', async () => {
    const { body } = await admin.rotateKeys();
    const config = await discoverRp(idp.issuer, defaultClient.client_id, defaultClient.client_secret);
    const { tokens } = await codeFlow(config, defaultClient.redirect_uri, 'persona-3');
    expect(kidOf(tokens.id_token as string)).toBe(body.kid);
    expect(tokens.claims()?.sub).toBe(idp.personas[2]?.sub);
  });
});
