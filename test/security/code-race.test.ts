import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { authorize } from '../helpers/rp.js';

/**
 * An authorization code is single use even under a race: of concurrent redemptions (each on a connection of its
 * own, so the IdP really handles them at once), exactly one gets tokens and the others `invalid_grant`.
 */

let idp: RunningIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.stop());

const basic = `Basic ${Buffer.from(`${defaultClient.client_id}:${defaultClient.client_secret}`).toString('base64')}`;

async function freshCode(): Promise<string> {
  const url = new URL(`${idp.url}/o/oauth2/v2/auth`);
  url.search = new URLSearchParams({
    client_id: defaultClient.client_id,
    redirect_uri: defaultClient.redirect_uri,
    response_type: 'code',
    scope: 'openid email',
    login_hint: 'persona-1',
    access_type: 'offline',
  }).toString();
  const { location } = await authorize(url);
  const code = location?.searchParams.get('code');
  if (!code) throw new Error(`no code: ${location}`);
  return code;
}

/** One redemption on a connection of its own; all requests are written before any answer is awaited. */
function redeem(code: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: defaultClient.redirect_uri,
  }).toString();
  const { port } = new URL(idp.url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/token',
        agent: new Agent({ keepAlive: false }),
        headers: {
          authorization: basic,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('authorization code: single use under a race', () => {
  it('two concurrent redemptions of one code: exactly one wins, the other is invalid_grant (30 races)', async () => {
    for (let race = 0; race < 30; race += 1) {
      const code = await freshCode();
      const results = await Promise.all([redeem(code), redeem(code)]);
      const winners = results.filter((r) => r.status === 200);
      const losers = results.filter((r) => r.status !== 200);
      expect(winners, `race ${race}: ${JSON.stringify(results)}`).toHaveLength(1);
      expect(winners[0]?.body.access_token).toEqual(expect.any(String));
      expect(losers).toHaveLength(1);
      expect(losers[0]).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    }
  });

  it('ten concurrent redemptions of one code: exactly one wins', async () => {
    for (let race = 0; race < 5; race += 1) {
      const code = await freshCode();
      const results = await Promise.all(Array.from({ length: 10 }, () => redeem(code)));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      for (const loser of results.filter((r) => r.status !== 200)) {
        expect(loser).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
      }
    }
  });

  it('after a race, the code stays used: a later redemption is invalid_grant too', async () => {
    const code = await freshCode();
    await Promise.all([redeem(code), redeem(code)]);
    expect(await redeem(code)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});
