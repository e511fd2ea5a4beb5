/**
 * The IdP's clock (`/admin/clock`): shifting it moves new tokens' iat/exp and expires codes without sleeping;
 * freezing it pins iat; DELETE restores real time; bad bodies are a 400.
 */
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { adminOf, authorizeFor, envelopeToken, nowSeconds, type RawClient, redeemCode } from './support.js';

/** Seconds of slack between our clock reading and the IdP's. */
const SLACK = 3;

let idp: RunningIdp;
let admin: ReturnType<typeof adminOf>;
let rp: RawClient;
beforeAll(async () => {
  idp = await startTestIdp();
  admin = adminOf(idp.url);
  rp = {
    base: idp.url,
    clientId: defaultClient.client_id,
    secret: defaultClient.client_secret,
    redirectUri: defaultClient.redirect_uri,
  };
});
afterEach(async () => {
  await admin.resetClock();
});
afterAll(() => idp.stop());

const jwtClaims = async () =>
  decodeJwt(await envelopeToken(idp.url, { persona: 'persona-1', client_id: 'mock-client' }));

/** A whole Code Flow by hand; the ID token's claims. */
async function codeFlowClaims() {
  const { params, verifier } = await authorizeFor(rp, 'persona-2');
  const { status, body } = await redeemCode(rp, params.code as string, verifier);
  expect(status, JSON.stringify(body)).toBe(200);
  return decodeJwt(body.id_token);
}

function expectNear(actual: unknown, expected: number) {
  expect(actual).toBeGreaterThanOrEqual(expected - SLACK);
  expect(actual).toBeLessThanOrEqual(expected + SLACK);
}

describe('PUT /admin/clock {offset_s}', () => {
  it('moves the clock: GET shows it, and a new envelope token has iat ≈ now + 700', async () => {
    const put = await admin.putClock({ offset_s: 700 });
    expect(put.status).toBe(200);
    expect(put.body.offset_s).toBe(700);
    expectNear(put.body.now, nowSeconds() + 700);
    expect(put.body).not.toHaveProperty('frozen_at');
    expect((await admin.clock()).body.offset_s).toBe(700);

    const claims = await jwtClaims();
    expectNear(claims.iat, nowSeconds() + 700);
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
  });

  it('a Code Flow within the code lifetime (offset 300) issues an ID token with iat ≈ now + 300', async () => {
    await admin.putClock({ offset_s: 300 });
    expectNear((await codeFlowClaims()).iat, nowSeconds() + 300);
  });

  it('a Code Flow after shifting 700 s issues an ID token with iat ≈ now + 700', async () => {
    await admin.putClock({ offset_s: 700 });
    expectNear((await codeFlowClaims()).iat, nowSeconds() + 700);
  });

  it('a code issued before the shift, redeemed after shifting past its 600 s lifetime, is invalid_grant', async () => {
    const { params, verifier } = await authorizeFor(rp, 'persona-3');
    expect(params.code).toBeDefined();
    await admin.putClock({ offset_s: 700 });
    const { status, body } = await redeemCode(rp, params.code as string, verifier);
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
  });

  it('control: a code issued before a shift that stays within its lifetime still redeems', async () => {
    const { params, verifier } = await authorizeFor(rp, 'persona-3');
    await admin.putClock({ offset_s: 300 });
    const { status, body } = await redeemCode(rp, params.code as string, verifier);
    expect(status).toBe(200);
    expectNear(decodeJwt(body.id_token).iat, nowSeconds() + 300);
  });

  it('a negative offset moves the clock back', async () => {
    await admin.putClock({ offset_s: -7200 });
    const claims = await jwtClaims();
    expectNear(claims.iat, nowSeconds() - 7200);
    expect(claims.exp as number).toBeLessThan(nowSeconds());
  });
});

describe('PUT /admin/clock {frozen_at}', () => {
  it('stops the clock at T: every new ID token has iat === T (envelope and Code Flow)', async () => {
    const frozenAt = nowSeconds() - 120;
    const put = await admin.putClock({ frozen_at: frozenAt });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ now: frozenAt, frozen_at: frozenAt });
    const envelope = await jwtClaims();
    expect(envelope.iat).toBe(frozenAt);
    expect(envelope.exp).toBe(frozenAt + 3600);
    expect((await codeFlowClaims()).iat).toBe(frozenAt);
    expect((await jwtClaims()).iat).toBe(frozenAt);
    expect((await admin.clock()).body.now).toBe(frozenAt);
  });
});

describe('DELETE /admin/clock', () => {
  it('restores real time after an offset', async () => {
    await admin.putClock({ offset_s: 5000 });
    const reset = await admin.resetClock();
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ now: expect.any(Number), offset_s: 0 });
    expectNear(reset.body.now, nowSeconds());
    expectNear((await jwtClaims()).iat, nowSeconds());
  });

  it('restores real time after a freeze', async () => {
    await admin.putClock({ frozen_at: 1_000_000_000 });
    expect((await jwtClaims()).iat).toBe(1_000_000_000);
    await admin.resetClock();
    expect((await admin.clock()).body).not.toHaveProperty('frozen_at');
    expectNear((await jwtClaims()).iat, nowSeconds());
    expectNear((await codeFlowClaims()).iat, nowSeconds());
  });
});

describe('bad bodies: 400 invalid_request, clock unchanged', () => {
  it.each([
    [{}, /send \{"offset_s": <seconds>\} or \{"frozen_at": <epoch seconds>\}/],
    [{ offset_s: 1, frozen_at: 2 }, /send \{"offset_s"/],
    [{ speed: 2 }, /send \{"offset_s"/],
    [{ offset_s: 700, speed: 2 }, /send \{"offset_s"/],
    [{ offset_s: 1.5 }, /"offset_s" must be a whole number of seconds/],
    [{ offset_s: '700' }, /"offset_s" must be a whole number of seconds/],
    [{ offset_s: null }, /"offset_s" must be a whole number of seconds/],
    [{ frozen_at: 'now' }, /"frozen_at" must be a whole number of seconds/],
    [{ offset_s: 1e300 }, /"offset_s" must be between -3153600000 and 3153600000 seconds/],
    [{ offset_s: -3_153_600_001 }, /"offset_s" must be between/],
    [{ frozen_at: -1 }, /"frozen_at" must be between 0 and 253402300799 seconds/],
    [{ frozen_at: 253_402_300_800 }, /"frozen_at" must be between/],
    [[700], /JSON object/],
  ])('%j', async (body, message) => {
    const response = await admin.putClock(body);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
    expect(response.body.error_description).toMatch(message);
    expect((await admin.clock()).body.offset_s).toBe(0);
  });

  it('a body that is not JSON', async () => {
    const response = await fetch(`${idp.url}/admin/clock`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"offset_s":',
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_request');
  });
});
