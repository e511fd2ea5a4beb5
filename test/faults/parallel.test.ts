/**
 * Faults do not leak between flows that run at the same time: per-persona and per-client faults stay with
 * their persona and client, and a counted runtime rule (`times: N`) acts exactly N times however many flows
 * race.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { register } from '../helpers/platform.js';
import { codeFlow, discoverRp } from '../helpers/rp.js';
import { adminOf, nowSeconds, type RawClient, rawCodeFlow } from './support.js';

const FLOWS = 20;
const redirectUri = 'https://rp.example.test/callback';

let idp: RunningIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.stop());

const isExpired = (token: string) => (decodeJwt(token).exp as number) < nowSeconds() - 600;

function subOf(id: string): string {
  return idp.personas.find((p) => p.id === id)?.sub as string;
}

/** 20 logins: every other one is fault-expired, the rest persona-1 … persona-10. */
const mixedPersonas = Array.from({ length: FLOWS }, (_, i) =>
  i % 2 === 0 ? 'fault-expired' : `persona-${(i >> 1) + 1}`,
);

describe(`${FLOWS} concurrent Code Flows`, () => {
  it('mixing fault-expired and normal personas: only the fault persona gets expired tokens', async () => {
    const rp: RawClient = {
      base: idp.url,
      clientId: defaultClient.client_id,
      secret: defaultClient.client_secret,
      redirectUri: defaultClient.redirect_uri,
    };
    const results = await Promise.all(mixedPersonas.map((persona) => rawCodeFlow(rp, persona)));
    results.forEach(({ status, body }, i) => {
      const persona = mixedPersonas[i] as string;
      expect(status, persona).toBe(200);
      const claims = decodeJwt(body.id_token);
      expect(claims.sub, persona).toBe(subOf(persona));
      expect(isExpired(body.id_token), persona).toBe(persona === 'fault-expired');
    });
  });

  it('through openid-client: the normal personas log in, every fault-expired login is refused as expired', async () => {
    const config = await discoverRp(idp.issuer, defaultClient.client_id, defaultClient.client_secret);
    const outcomes = await Promise.allSettled(
      mixedPersonas.map((persona) => codeFlow(config, defaultClient.redirect_uri, persona)),
    );
    outcomes.forEach((outcome, i) => {
      const persona = mixedPersonas[i] as string;
      if (persona === 'fault-expired') {
        expect(outcome.status, persona).toBe('rejected');
        const reason = (outcome as PromiseRejectedResult).reason as { code?: string };
        expect(reason.code, persona).toBe('OAUTH_JWT_TIMESTAMP_CHECK_FAILED');
      } else {
        expect(outcome.status, `${persona}: ${(outcome as PromiseRejectedResult).reason}`).toBe('fulfilled');
        const { tokens } = (outcome as PromiseFulfilledResult<Awaited<ReturnType<typeof codeFlow>>>).value;
        expect(tokens.claims()?.sub).toBe(subOf(persona));
      }
    });
  });

  it("mixing a faulted and a plain client: only the faulted client's tokens carry its fault", async () => {
    const make = async (extra: Record<string, unknown>): Promise<RawClient> => {
      const { client_id, client_secret } = await register(idp.url, {
        redirect_uris: [redirectUri],
        ...extra,
      });
      return { base: idp.url, clientId: client_id, secret: client_secret, redirectUri };
    };
    const faulted = await make({ mock_faults: ['wrong_issuer'] });
    const plain = await make({});
    const clients = Array.from({ length: FLOWS }, (_, i) => (i % 2 === 0 ? faulted : plain));
    const results = await Promise.all(clients.map((rp, i) => rawCodeFlow(rp, `persona-${(i % 10) + 1}`)));
    results.forEach(({ body }, i) => {
      const rp = clients[i] as RawClient;
      const claims = decodeJwt(body.id_token);
      expect(claims.aud).toBe(rp.clientId);
      expect(claims.iss === idp.issuer, rp === faulted ? 'faulted client' : 'plain client').toBe(
        rp === plain,
      );
    });
  });

  it('a runtime rule with times: 5 expires exactly 5 of 20 racing flows', async () => {
    const { client_id, client_secret } = await register(idp.url, { redirect_uris: [redirectUri] });
    const rp: RawClient = { base: idp.url, clientId: client_id, secret: client_secret, redirectUri };
    const admin = adminOf(idp.url);
    await admin.putFaults({ faults: ['expired'], for: { client_id }, times: 5 });
    const results = await Promise.all(
      Array.from({ length: FLOWS }, (_, i) => rawCodeFlow(rp, `persona-${(i % 10) + 1}`)),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => isExpired(r.body.id_token))).toHaveLength(5);
    expect((await admin.faults()).body.faults).toEqual([]);
  });
});
