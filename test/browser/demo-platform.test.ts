import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reset } from '../../src/admin/reset.js';
import { DEMO_CLIENT_ID, DEMO_ENCRYPTED_CLIENT_ID } from '../../src/demo/clients.js';
import type { RunningIdp } from '../../src/server/start.js';
import { startTestIdp } from '../helpers/idp.js';
import { postJson } from '../helpers/platform.js';

/** The demo's server side without a browser: its key pair, its clients, and what `/demo/platform/verify` takes. */

let idp: RunningIdp;
const keysDir = mkdtempSync(join(tmpdir(), 'mock-idp-demo-'));
const keysFile = join(keysDir, 'keys.json');
const privateJwkFile = join(keysDir, 'demo', 'platform-private.jwk.json');

beforeAll(async () => {
  idp = await startTestIdp({ keysFile });
});
afterAll(() => idp.stop());

async function demoPage(server = idp): Promise<string> {
  const response = await fetch(`${server.url}/demo`);
  expect(response.status).toBe(200);
  return response.text();
}

describe('the demo platform, server side', () => {
  it('makes its key pair on first use beside the signing keys, private files 0600, and keeps it across restarts', async () => {
    await demoPage();
    const jwk = JSON.parse(readFileSync(privateJwkFile, 'utf8')) as { kid: string; d: string };
    expect(jwk.kid).toMatch(/^mock-idp-demo-\d{4}$/);
    expect(statSync(privateJwkFile).mode & 0o777).toBe(0o600);
    const again = await startTestIdp({ keysFile });
    try {
      await demoPage(again);
      expect(JSON.parse(readFileSync(privateJwkFile, 'utf8'))).toEqual(jwk);
    } finally {
      await again.stop();
    }
  });

  it('never sends the private key to the browser', async () => {
    const { d } = JSON.parse(readFileSync(privateJwkFile, 'utf8')) as { d: string };
    expect(await demoPage()).not.toContain(d);
    const { code } = (
      await postJson(`${idp.url}/api/code`, {
        persona: 'persona-5',
        client_id: DEMO_ENCRYPTED_CLIENT_ID,
        redirect_uri: `${idp.url}/demo/callback`,
      })
    ).body as { code: string };
    const { status, body } = await postJson(`${idp.url}/demo/platform/verify`, {
      flow: 'code',
      encrypt: true,
      code,
      redirect_uri: `${idp.url}/demo/callback`,
    });
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.token.format).toBe('JWE');
    expect(body.token.jweHeader).toMatchObject({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT' });
    expect(body.token.jwsHeader).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(JSON.stringify(body)).not.toContain(d);
  });

  it('registers its two clients again after a reset', async () => {
    await reset(idp.context);
    expect(await idp.context.provider.Client.find(DEMO_CLIENT_ID)).toBeUndefined();
    await demoPage();
    const plain = await idp.context.provider.Client.find(DEMO_CLIENT_ID);
    const encrypted = await idp.context.provider.Client.find(DEMO_ENCRYPTED_CLIENT_ID);
    expect(plain?.redirectUris).toEqual([`${idp.url}/demo/callback`]);
    expect(plain?.metadata().jwks).toBeUndefined();
    expect(encrypted?.metadata()).toMatchObject({
      id_token_encrypted_response_alg: 'RSA-OAEP-256',
      id_token_encrypted_response_enc: 'A256GCM',
    });
  });

  it('refuses a malformed hand-over with a 400 that names the field', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ flow: 'code', encrypt: false }, /"code"/],
      [{ flow: 'implicit', encrypt: false, code: 'x' }, /"jwt"/],
      [{ flow: 'hybrid', encrypt: false, code: 'x' }, /"flow"/],
      [{ flow: 'code', code: 'x' }, /"encrypt"/],
    ];
    for (const [body, message] of cases) {
      const answer = await postJson(`${idp.url}/demo/platform/verify`, body);
      expect(answer.status).toBe(400);
      expect(answer.body.error_description).toMatch(message);
    }
  });

  it('reports a failing check in plain words: a wrong audience', async () => {
    const { id_token } = (
      await postJson(`${idp.url}/api/jwt`, { persona: 'fault-wrong-audience', client_id: DEMO_CLIENT_ID })
    ).body as { id_token: string };
    const { body } = await postJson(`${idp.url}/demo/platform/verify`, {
      flow: 'implicit',
      encrypt: false,
      jwt: id_token,
    });
    expect(body.ok).toBe(false);
    expect(body.agent).toMatchObject({
      authenticated: false,
      reason: expect.stringMatching(/another client/),
    });
  });
});
