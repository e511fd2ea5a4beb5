/**
 * How faults are picked: per persona (scenario `faults:`), per client (`mock_faults` in a scenario or at
 * /register), and at runtime (`/admin/faults`, scoped with `for`, counted with `times`, or for the next
 * request only); how they compose; and that unknown or contradictory faults are refused wherever they are
 * written, with a message naming the valid faults or both contradicting ones.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadScenario } from '../../src/config/load.js';
import { faultNames } from '../../src/faults/catalogue.js';
import type { RunningIdp } from '../../src/server/start.js';
import { runCli } from '../helpers/cli.js';
import { startTestIdp } from '../helpers/idp.js';
import { register } from '../helpers/platform.js';
import {
  adminOf,
  authorizeFor,
  call,
  envelopeToken,
  nowSeconds,
  type RawClient,
  rawCodeFlow,
  rejectionOf,
} from './support.js';

const redirectUri = 'https://rp.example.test/callback';

/** The default scenario's fault personas, as scenarios/default.yaml defines them. */
const defaultFaultPersonas: Record<string, string[]> = {
  'fault-expired': ['expired'],
  'fault-not-yet-valid': ['not_yet_valid'],
  'fault-wrong-issuer': ['wrong_issuer'],
  'fault-wrong-audience': ['wrong_audience'],
  'fault-wrong-azp': ['wrong_azp'],
  'fault-bad-signature': ['bad_signature'],
  'fault-unknown-kid': ['unknown_kid'],
  'fault-unsigned': ['unsigned'],
  'fault-missing-claim-sub': ['missing_claim:sub'],
  'fault-wrong-nonce': ['wrong_nonce'],
  'fault-email-unverified': ['email_unverified'],
  'fault-wrong-encryption-key': ['wrong_encryption_key'],
  'fault-malformed': ['malformed'],
};

/** Every valid fault, as error messages must list them. */
const listsValidFaults = (text: string) => {
  for (const name of faultNames) expect(text).toContain(name);
};

function isExpired(token: string): boolean {
  return (decodeJwt(token).exp as number) < nowSeconds() - 600;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'mock-idp-faults-'));
}

/** Writes a scenario file to a fresh temp dir and returns its path. */
function scenarioFile(yaml: string): string {
  const file = join(tempDir(), 'scenario.yaml');
  writeFileSync(file, yaml);
  return file;
}

let idp: RunningIdp;
let admin: ReturnType<typeof adminOf>;
beforeAll(async () => {
  idp = await startTestIdp();
  admin = adminOf(idp.url);
});
afterEach(async () => {
  await admin.clearFaults();
});
afterAll(() => idp.stop());

const jwtFor = (persona: string, client_id = 'mock-client') => envelopeToken(idp.url, { persona, client_id });

async function rawClient(extra: Record<string, unknown> = {}): Promise<RawClient> {
  const { client_id, client_secret } = await register(idp.url, { redirect_uris: [redirectUri], ...extra });
  return { base: idp.url, clientId: client_id, secret: client_secret, redirectUri };
}

describe('per persona: the default scenario', () => {
  it('GET /admin/personas lists each fault persona with its faults, and the others with none', async () => {
    const { status, body } = await admin.personas();
    expect(status).toBe(200);
    const faults = Object.fromEntries(
      (body as Array<{ id: string; faults: string[] }>).map((p) => [p.id, p.faults]),
    );
    for (const [id, expected] of Object.entries(defaultFaultPersonas))
      expect(faults[id], id).toEqual(expected);
    for (let n = 1; n <= 10; n += 1) expect(faults[`persona-${n}`]).toEqual([]);
    expect(Object.keys(faults)).toHaveLength(10 + Object.keys(defaultFaultPersonas).length);
  });

  it('`mock-idp personas --json` lists the same personas with the same faults', async () => {
    const result = await runCli(['personas', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual((await admin.personas()).body);
  });

  it("only the fault persona's tokens carry its fault", async () => {
    expect(isExpired(await jwtFor('fault-expired'))).toBe(true);
    expect(isExpired(await jwtFor('persona-1'))).toBe(false);
  });
});

describe('per client, in a scenario file', () => {
  let scenarioIdp: RunningIdp;
  beforeAll(async () => {
    scenarioIdp = await startTestIdp({
      scenario: scenarioFile(`description: Per-client faults
personas:
  count: 2
  explicit:
    - id: wrong-issuer-person
      faults: [wrong_issuer]
clients:
  - client_id: expiring-client
    client_secret: expiring-secret
    redirect_uris: [${redirectUri}]
    mock_faults: [expired]
  - client_id: plain-client
    client_secret: plain-secret
    redirect_uris: [${redirectUri}]
`),
    });
  });
  afterAll(() => scenarioIdp.stop());

  const client = (clientId: string, secret: string): RawClient => ({
    base: scenarioIdp.url,
    clientId,
    secret,
    redirectUri,
  });

  it("the client's Code Flow tokens are expired, another client's are not, for the same persona", async () => {
    const faulted = await rawCodeFlow(client('expiring-client', 'expiring-secret'), 'persona-1');
    expect(faulted.status).toBe(200);
    expect(isExpired(faulted.body.id_token)).toBe(true);
    const plain = await rawCodeFlow(client('plain-client', 'plain-secret'), 'persona-1');
    expect(isExpired(plain.body.id_token)).toBe(false);
    const shared = await envelopeToken(scenarioIdp.url, { persona: 'persona-1', client_id: 'mock-client' });
    expect(isExpired(shared)).toBe(false);
  });

  it("a persona's faults and a client's faults compose", async () => {
    const token = await envelopeToken(scenarioIdp.url, {
      persona: 'wrong-issuer-person',
      client_id: 'expiring-client',
    });
    expect(isExpired(token)).toBe(true);
    expect(decodeJwt(token).iss).not.toBe(scenarioIdp.issuer);
    const alone = await envelopeToken(scenarioIdp.url, {
      persona: 'wrong-issuer-person',
      client_id: 'plain-client',
    });
    expect(isExpired(alone)).toBe(false);
    expect(decodeJwt(alone).iss).not.toBe(scenarioIdp.issuer);
  });
});

describe('per client, at /register (mock_faults)', () => {
  it("a registered client's faults act on its tokens only", async () => {
    const faulted = await rawClient({ mock_faults: ['expired'] });
    expect(isExpired(await jwtFor('persona-1', faulted.clientId))).toBe(true);
    expect(isExpired((await rawCodeFlow(faulted, 'persona-1')).body.id_token)).toBe(true);
    const plain = await rawClient();
    expect(isExpired(await jwtFor('persona-1', plain.clientId))).toBe(false);
  });

  it('an unknown fault name: 400 invalid_client_metadata naming the valid faults', async () => {
    const { status, body } = await call(idp.url, 'POST', '/register', {
      redirect_uris: [redirectUri],
      mock_faults: ['expird'],
    });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_client_metadata');
    expect(body.error_description).toContain('"expird"');
    listsValidFaults(body.error_description);
  });

  it('contradictory faults: 400 invalid_client_metadata naming both', async () => {
    const { status, body } = await call(idp.url, 'POST', '/register', {
      redirect_uris: [redirectUri],
      mock_faults: ['expired', 'not_yet_valid'],
    });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_client_metadata');
    expect(body.error_description).toMatch(/"expired" and "not_yet_valid" contradict/);
  });

  it('mock_faults that is not a list of names: 400', async () => {
    const { status, body } = await call(idp.url, 'POST', '/register', {
      redirect_uris: [redirectUri],
      mock_faults: 'expired',
    });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_client_metadata');
  });
});

describe('at runtime: PUT / GET / DELETE /admin/faults', () => {
  it('a global rule acts on every client and persona; GET lists it; DELETE clears it', async () => {
    const put = await admin.putFaults({ faults: ['expired'] });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ faults: [{ faults: ['expired'] }] });
    expect((await admin.faults()).body).toEqual({ faults: [{ faults: ['expired'] }] });
    const other = await rawClient();
    expect(isExpired(await jwtFor('persona-1'))).toBe(true);
    expect(isExpired(await jwtFor('persona-2', other.clientId))).toBe(true);

    expect((await admin.clearFaults()).body).toEqual({ faults: [] });
    expect((await admin.faults()).body).toEqual({ faults: [] });
    expect(isExpired(await jwtFor('persona-1'))).toBe(false);
  });

  it('for: {client_id} acts on that client only', async () => {
    const target = await rawClient();
    await admin.putFaults({ faults: ['wrong_audience'], for: { client_id: target.clientId } });
    expect((await admin.faults()).body.faults).toEqual([
      { faults: ['wrong_audience'], for: { client_id: target.clientId } },
    ]);
    expect(decodeJwt(await jwtFor('persona-1', target.clientId)).aud).not.toBe(target.clientId);
    expect(decodeJwt((await rawCodeFlow(target, 'persona-1')).body.id_token).aud).not.toBe(target.clientId);
    expect(decodeJwt(await jwtFor('persona-1')).aud).toBe('mock-client');
  });

  it('for: {persona} (by id or email) acts on that persona only, and is listed as given', async () => {
    const persona = idp.personas.find((p) => p.id === 'persona-4');
    await admin.putFaults({ faults: ['unknown_kid'], for: { persona: persona?.email } });
    expect((await admin.faults()).body.faults).toEqual([
      { faults: ['unknown_kid'], for: { persona: persona?.email } },
    ]);
    const kidOf = async (id: string) => decodeProtectedHeader(await jwtFor(id)).kid;
    const published = (await call(idp.url, 'GET', '/oauth2/v3/certs')).body.keys.map(
      (k: { kid: string }) => k.kid,
    );
    expect(published).not.toContain(await kidOf('persona-4'));
    expect(published).toContain(await kidOf('persona-5'));
  });

  it('for: {client_id, persona} acts on that pair only', async () => {
    const target = await rawClient();
    await admin.putFaults({ faults: ['expired'], for: { client_id: target.clientId, persona: 'persona-3' } });
    expect(isExpired(await jwtFor('persona-3', target.clientId))).toBe(true);
    expect(isExpired(await jwtFor('persona-2', target.clientId))).toBe(false);
    expect(isExpired(await jwtFor('persona-3'))).toBe(false);
  });

  it('times: N acts on the next N matching tokens, counts down in GET, then the rule is gone', async () => {
    const target = await rawClient();
    await admin.putFaults({ faults: ['expired'], for: { client_id: target.clientId }, times: 2 });
    expect((await admin.faults()).body.faults[0].remaining).toEqual({ expired: 2 });
    expect(isExpired(await jwtFor('persona-1'))).toBe(false); // another client: not counted
    expect(isExpired(await jwtFor('persona-1', target.clientId))).toBe(true);
    expect((await admin.faults()).body.faults[0].remaining).toEqual({ expired: 1 });
    expect(isExpired(await jwtFor('persona-1', target.clientId))).toBe(true);
    expect((await admin.faults()).body.faults).toEqual([]);
    expect(isExpired(await jwtFor('persona-1', target.clientId))).toBe(false);
  });

  it('times counts each fault of a rule at its own endpoint', async () => {
    const target = await rawClient();
    await admin.putFaults({
      faults: ['access_denied', 'expired'],
      for: { client_id: target.clientId },
      times: 1,
    });
    // The authorization fault is used up by the authorization request; the token fault is still waiting.
    expect((await authorizeFor(target, 'persona-1')).params.error).toBe('access_denied');
    expect((await admin.faults()).body.faults[0].remaining).toEqual({ access_denied: 0, expired: 1 });
    const flow = await rawCodeFlow(target, 'persona-1');
    expect(isExpired(flow.body.id_token)).toBe(true);
    expect((await admin.faults()).body.faults).toEqual([]);
  });

  it('POST /admin/faults/next applies to exactly the next matching request', async () => {
    const target = await rawClient();
    const { status, body } = await admin.nextFaults({
      faults: ['expired'],
      for: { client_id: target.clientId },
    });
    expect(status).toBe(200);
    expect(body.faults).toEqual([
      { faults: ['expired'], for: { client_id: target.clientId }, remaining: { expired: 1 } },
    ]);
    expect(isExpired(await jwtFor('persona-1'))).toBe(false); // not a matching request
    expect(isExpired(await jwtFor('persona-1', target.clientId))).toBe(true);
    expect(isExpired(await jwtFor('persona-1', target.clientId))).toBe(false);
  });

  it('POST /admin/faults/next with an authorization error: the next flow fails, the one after works', async () => {
    const target = await rawClient();
    await admin.nextFaults({ faults: ['login_required'], for: { persona: 'persona-6' } });
    expect((await authorizeFor(target, 'persona-6')).params.error).toBe('login_required');
    expect((await authorizeFor(target, 'persona-6')).params.code).toBeDefined();
  });

  it('rules add up: each PUT adds one, DELETE clears them all', async () => {
    await admin.putFaults({ faults: ['expired'], for: { persona: 'persona-1' } });
    await admin.putFaults({ faults: ['wrong_issuer'], for: { persona: 'persona-2' } });
    expect((await admin.faults()).body.faults).toHaveLength(2);
    await admin.clearFaults();
    expect((await admin.faults()).body.faults).toEqual([]);
  });
});

describe('faults compose', () => {
  it('[slow:200, expired] for a client: the token request is slow and the token expired', async () => {
    const target = await rawClient({ mock_faults: ['slow:200', 'expired'] });
    const start = performance.now();
    const { status, body } = await rawCodeFlow(target, 'persona-1');
    expect(performance.now() - start).toBeGreaterThanOrEqual(2 * 200 - 10); // authorization + token
    expect(status).toBe(200);
    expect(isExpired(body.id_token)).toBe(true);
  });

  it('[slow:200, expired] at runtime, the same', async () => {
    const target = await rawClient();
    await admin.putFaults({ faults: ['slow:200', 'expired'], for: { client_id: target.clientId } });
    const start = performance.now();
    const { status, body } = await rawCodeFlow(target, 'persona-1');
    expect(performance.now() - start).toBeGreaterThanOrEqual(2 * 200 - 10);
    expect(status).toBe(200);
    expect(isExpired(body.id_token)).toBe(true);
  });

  it("a persona's scenario fault and a runtime rule compose", async () => {
    await admin.putFaults({ faults: ['wrong_issuer'], for: { persona: 'fault-expired' } });
    const token = await jwtFor('fault-expired');
    expect(isExpired(token)).toBe(true);
    expect(decodeJwt(token).iss).not.toBe(idp.issuer);
  });

  // Each source is checked for contradictions on its own; across sources all faults act (commit 27d2117 fixed
  // the HTTP 500 "unexpected error" this case used to give, at the authorization endpoint already).
  it('a client fault contradicting a persona fault (each valid alone): both act, nothing crashes', async () => {
    const target = await rawClient({ mock_faults: ['not_yet_valid'] });
    const { status, params } = await authorizeFor(target, 'fault-expired');
    expect(status).toBe(303);
    expect(params.code).toBeDefined();
    const { status: jwtStatus, body } = await call(idp.url, 'POST', '/api/jwt', {
      persona: 'fault-expired',
      client_id: target.clientId,
    });
    expect(jwtStatus).toBe(200);
    // Whichever time fault is applied last, the token is not valid now.
    const { exp, nbf } = decodeJwt(body.id_token);
    const now = nowSeconds();
    expect((exp as number) < now - 600 || (nbf as number) > now + 600).toBe(true);
  });

  it('a client slow rule also delays /api/jwt for that client (JSON body)', async () => {
    const target = await rawClient();
    await admin.putFaults({ faults: ['slow:200', 'expired'], for: { client_id: target.clientId } });
    const start = performance.now();
    const token = await jwtFor('persona-1', target.clientId);
    expect(performance.now() - start).toBeGreaterThanOrEqual(195);
    expect(isExpired(token)).toBe(true);
  });
});

describe('contradictory faults are refused, naming both', () => {
  it.each([
    [['expired', 'not_yet_valid'], 'expired', 'not_yet_valid'],
    [['bad_signature', 'unsigned'], 'bad_signature', 'unsigned'],
    [['unknown_kid', 'bad_signature'], 'unknown_kid', 'bad_signature'],
    [['access_denied', 'login_required'], 'access_denied', 'login_required'],
    [['malformed', 'wrong_issuer'], 'malformed', 'wrong_issuer'],
  ])('PUT /admin/faults %j: 400', async (faults, first, second) => {
    const { status, body } = await admin.putFaults({ faults });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_request');
    expect(body.error_description).toContain(`"${first}"`);
    expect(body.error_description).toContain(`"${second}"`);
    expect(body.error_description).toContain('contradict');
    expect((await admin.faults()).body.faults).toEqual([]);
  });

  it('POST /admin/faults/next refuses them too', async () => {
    const { status, body } = await admin.nextFaults({ faults: ['bad_signature', 'unsigned'] });
    expect(status).toBe(400);
    expect(body.error_description).toMatch(/"bad_signature" and "unsigned" contradict/);
  });

  it('in a scenario file: ConfigError naming the file, the field path and both faults', async () => {
    const file = scenarioFile(`description: Contradictions
personas:
  explicit:
    - id: ok-person
    - id: torn-person
      faults: [expired, not_yet_valid]
clients:
  - client_id: torn-client
    redirect_uris: [${redirectUri}]
    mock_faults: [bad_signature, unsigned]
`);
    const error = await rejectionOf(loadScenario(file));
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as unknown as ConfigError;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBe(
      `${file}: personas.explicit[1].faults: faults "expired" and "not_yet_valid" contradict each other: both set the token times`,
    );
    expect(problems[1]).toMatch(
      new RegExp(`^${file}: clients\\[0\\]\\.mock_faults: faults "bad_signature" and "unsigned" contradict`),
    );
  });

  it('starting an IdP on that scenario fails with the same ConfigError', async () => {
    const file = scenarioFile(`description: Contradiction
personas:
  explicit:
    - id: torn-person
      faults: [bad_signature, unsigned]
`);
    const error = await rejectionOf(startTestIdp({ scenario: file }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('personas.explicit[0].faults: faults "bad_signature" and "unsigned"');
  });
});

describe('unknown fault names are refused everywhere, naming the valid ones', () => {
  it.each([
    ['expird'],
    ['slow'],
    ['slow:abc'],
    ['slow:60001'],
    ['missing_claim'],
    ['missing_claim:'],
    ['EXPIRED'],
  ])('PUT /admin/faults [%j]: 400', async (name) => {
    const { status, body } = await admin.putFaults({ faults: [name] });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_request');
    expect(body.error_description).toContain(`unknown fault "${name}"`);
    listsValidFaults(body.error_description);
  });

  it.each([['toString'], ['constructor'], ['__proto__'], ['hasOwnProperty']])(
    'PUT /admin/faults [%j]: 400 (a name inherited from Object.prototype)',
    async (name) => {
      const { status, body } = await admin.putFaults({ faults: [name] });
      expect(status).toBe(400);
      expect(body.error_description).toContain(`unknown fault "${name}"`);
    },
  );

  it('POST /admin/faults/next: 400 naming the valid faults', async () => {
    const { status, body } = await admin.nextFaults({ faults: ['wrong_kid'] });
    expect(status).toBe(400);
    expect(body.error_description).toContain('unknown fault "wrong_kid"');
    listsValidFaults(body.error_description);
  });

  it('in a scenario file (persona faults and client mock_faults): ConfigError naming the valid faults', async () => {
    const file = scenarioFile(`description: Typos
personas:
  explicit:
    - id: typo-person
      faults: [expird]
clients:
  - client_id: typo-client
    redirect_uris: [${redirectUri}]
    mock_faults: [slow:fast]
`);
    const error = (await rejectionOf(loadScenario(file))) as unknown as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.problems).toHaveLength(2);
    expect(error.problems[0]).toContain(`${file}: personas.explicit[0].faults: unknown fault "expird"`);
    expect(error.problems[1]).toContain(`${file}: clients[0].mock_faults: unknown fault "slow:fast"`);
    for (const problem of error.problems) listsValidFaults(problem);
  });

  it('`mock-idp scenario check` reports it and exits non-zero', async () => {
    const file = scenarioFile(
      'description: Typo\npersonas:\n  explicit:\n    - id: p\n      faults: [expird]\n',
    );
    const result = await runCli(['scenario', 'check', file]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('personas.explicit[0].faults: unknown fault "expird"');
  });
});

describe('the admin API refuses malformed rules with a clear 400', () => {
  it.each([
    [{}, /"faults" must be a non-empty array/],
    [{ faults: [] }, /"faults" must be a non-empty array/],
    [{ faults: 'expired' }, /"faults" must be a non-empty array/],
    [{ faults: [1] }, /"faults" must be a non-empty array/],
    [{ faults: ['expired'], times: 0 }, /"times" must be a whole number of at least 1/],
    [{ faults: ['expired'], times: 1.5 }, /"times" must be a whole number of at least 1/],
    [{ faults: ['expired'], until: 'later' }, /unknown field "until"/],
    [{ faults: ['expired'], for: {} }, /"for" must be/],
    [{ faults: ['expired'], for: { client: 'x' } }, /"for" must be/],
    [{ faults: ['expired'], for: { client_id: 5 } }, /"for.client_id" must be a string/],
  ])('%j', async (rule, message) => {
    const { status, body } = await admin.putFaults(rule);
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_request');
    expect(body.error_description).toMatch(message);
  });

  it('an unknown persona in for: 400 unknown_persona naming the known ids', async () => {
    const { status, body } = await admin.putFaults({ faults: ['expired'], for: { persona: 'nobody' } });
    expect(status).toBe(400);
    expect(body.error).toBe('unknown_persona');
    expect(body.error_description).toMatch(/known persona ids: persona-1, .*fault-expired/);
  });
});
