/**
 * The `envelope` benchmark: `POST /api/jwt` (envelope ID token) over HTTP against one mock-idp CLI process,
 * signed (default client) and signed + encrypted (a client registered at /register with an RSA-OAEP-256 /
 * A256GCM key made here), REQUESTS each after WARMUP, CONCURRENCY in flight. Each is set against the raw
 * `jose` rate measured in this process with the same concurrency: SignJWT RS256 (2048-bit key, like mock-idp's)
 * of the very header and claims mock-idp put in a token it issued, and that plus CompactEncrypt
 * RSA-OAEP-256/A256GCM to the registered key. The HTTP figure is a percentage of that limit.
 *
 * Context figures (where the time goes): `idp.idToken()` (what /api/jwt runs) called in this process through
 * the programmatic API, without HTTP; GET jwks_uri over HTTP, a request with no crypto, as the HTTP floor; CPU
 * time per request of the IdP process and of this one. The HTTP load generator (undici `Pool`, keep-alive, see
 * `loadClient`) shares the 2 cores with the IdP, while raw jose and the in-process figures have them to
 * themselves: so besides the rate ratio, "IdP CPU per token vs jose" compares like with like, the CPU one token
 * costs the IdP process (HTTP included; its signing runs on libuv's thread pool, as jose's does here) against
 * what it costs raw jose. The contenders take turns (measureInterleaved), so load from elsewhere on the machine
 * falls on all of them alike.
 */
import {
  CompactEncrypt,
  compactDecrypt,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
} from 'jose';
import { Pool } from 'undici';
import { measureInterleaved } from './load.mjs';
import { mockClient, startAndProbe } from './mock-idp.mjs';
import { excerpt } from './oidc-flow.mjs';
import { round } from './stats.mjs';
import { verdict } from './table.mjs';

const CONCURRENCY = 16;
const WARMUP = 200;
const REQUESTS = 2000;
const TARGET_PERCENT = 80;
/** Contenders take turns, ROUNDS turns each (see measureInterleaved). */
const ROUNDS = 4;
/** The context figures (in-process idToken(), HTTP floor) need fewer samples. */
const EXTRA_REQUESTS = 1000;
const REQUEST_TIMEOUT_MS = 10_000;

const encoder = new TextEncoder();

async function postJson(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  return { status: response.status, text };
}

/**
 * The load generator's HTTP client for the measured requests: undici's `Pool` (keep-alive, one connection per
 * request in flight), which costs the shared cores about a third of what global `fetch` does per request
 * (fetch implements the whole WHATWG fetch: streams, Headers, Response objects). The server under test gets
 * the same requests either way; less of the machine goes to the load generator.
 */
function loadClient(origin) {
  const pool = new Pool(origin, { connections: CONCURRENCY });
  const request = async (options) => {
    const { statusCode, body } = await pool.request({ ...options, headersTimeout: REQUEST_TIMEOUT_MS });
    return { status: statusCode, text: await body.text() };
  };
  return {
    /** Resolves with the id_token of one `POST /api/jwt`, or rejects naming the status. */
    async envelopeToken(body) {
      const { status, text } = await request({
        method: 'POST',
        path: '/api/jwt',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (status !== 200) throw new Error(`/api/jwt answered ${status}: ${excerpt(text)}`);
      const { id_token } = JSON.parse(text);
      if (typeof id_token !== 'string') throw new Error('/api/jwt answered without an id_token');
      return id_token;
    },
    async getOk(path) {
      const { status } = await request({ method: 'GET', path });
      if (status !== 200) throw new Error(`GET ${path} answered ${status}`);
    },
    close: () => pool.close(),
  };
}

/** Registers a client with an RSA-OAEP-256 / A256GCM encryption key; resolves with its id and the key pair. */
async function registerEncryptingClient(url, discovery) {
  const { publicKey, privateKey } = await generateKeyPair('RSA-OAEP-256', { extractable: true });
  const publicJwk = await exportJWK(publicKey); // no `alg`, as asked for
  const { status, text } = await postJson(discovery.registration_endpoint ?? `${url}/register`, {
    redirect_uris: ['https://liveperson.net'],
    jwks: { keys: [publicJwk] },
    id_token_encrypted_response_alg: 'RSA-OAEP-256',
    id_token_encrypted_response_enc: 'A256GCM',
  });
  if (status !== 201) throw new Error(`/register answered ${status}: ${excerpt(text)}`);
  return { clientId: JSON.parse(text).client_id, publicKey, privateKey };
}

export async function envelope(context) {
  const data = {
    concurrency: CONCURRENCY,
    warmup: WARMUP,
    requests: REQUESTS,
    rounds: ROUNDS,
    targetPercent: TARGET_PERCENT,
  };
  const { idp, discovery } = await startAndProbe(context);
  const client = loadClient(idp.url);
  const { startMockIdp } = await import('../../dist/index.js');
  const local = await startMockIdp({ keysFile: await context.keysFile() });
  try {
    const recipient = await registerEncryptingClient(idp.url, discovery);
    const localRecipient = await registerEncryptingClient(local.url, {});
    const signedBody = { persona: 'persona-1', client_id: mockClient.clientId };
    const encryptedBody = { persona: 'persona-1', client_id: recipient.clientId, encrypt: true };

    // What the tokens look like, checked once: signed verifies against the JWKS, encrypted decrypts to a JWT.
    const signed = await client.envelopeToken(signedBody);
    const jwks = await (await fetch(discovery.jwks_uri)).json();
    await jwtVerify(signed, createLocalJWKSet(jwks), { issuer: discovery.issuer });
    const encrypted = await client.envelopeToken(encryptedBody);
    const { plaintext, protectedHeader } = await compactDecrypt(encrypted, recipient.privateKey);
    await jwtVerify(new TextDecoder().decode(plaintext), createLocalJWKSet(jwks));
    const header = decodeProtectedHeader(signed);
    const { iat, exp, jti, ...claims } = decodeJwt(signed);
    data.sample = {
      header,
      claims: { ...claims, iat, exp, jti },
      signedLength: signed.length,
      encryptedLength: encrypted.length,
      encryptionHeader: protectedHeader,
    };

    // Raw jose: the same header and claims (fresh jti, iat, exp), a 2048-bit RS256 key like mock-idp's.
    const { privateKey: signingKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
    const sign = () =>
      new SignJWT({ ...claims, jti: crypto.randomUUID() })
        .setProtectedHeader(header)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(signingKey);
    const encryptionHeader = { alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT' };
    const signAndEncrypt = async () =>
      new CompactEncrypt(encoder.encode(await sign()))
        .setProtectedHeader(encryptionHeader)
        .encrypt(recipient.publicKey);

    const serverPid = idp.child.pid;
    const extra = { total: EXTRA_REQUESTS };
    console.error('  signed: HTTP, jose, in-process, HTTP floor, taking turns...');
    const signedRun = await measureInterleaved({
      contenders: {
        http: { task: () => client.envelopeToken(signedBody), serverPid },
        jose: { task: sign },
        inProcess: {
          task: () => local.idToken({ persona: 'persona-1', clientId: mockClient.clientId }),
          ...extra,
        },
        httpFloor: { task: () => client.getOk(new URL(discovery.jwks_uri).pathname), serverPid, ...extra },
      },
      concurrency: CONCURRENCY,
      warmup: WARMUP,
      total: REQUESTS,
      rounds: ROUNDS,
    });
    console.error('  signed+encrypted: HTTP, jose, in-process, taking turns...');
    const encryptedRun = await measureInterleaved({
      contenders: {
        http: { task: () => client.envelopeToken(encryptedBody), serverPid },
        jose: { task: signAndEncrypt },
        inProcess: {
          task: () =>
            local.idToken({ persona: 'persona-1', clientId: localRecipient.clientId, encrypt: true }),
          ...extra,
        },
      },
      concurrency: CONCURRENCY,
      warmup: WARMUP,
      total: REQUESTS,
      rounds: ROUNDS,
    });
    data.signed = signedRun;
    data.encrypted = encryptedRun;
  } finally {
    await client.close();
    await local.stop();
    await idp.stop();
  }

  const figures = [];
  for (const [label, { http, jose, inProcess }] of [
    ['signed', data.signed],
    ['signed+encrypted', data.encrypted],
  ]) {
    const percent = (100 * http.perSecond) / jose.perSecond;
    http.percentOfJose = percent;
    const cpuPercent = (100 * jose.clientCpuMsPerCall) / http.serverCpuMsPerCall;
    http.cpuPercentOfJose = cpuPercent;
    figures.push(
      {
        metric: `${label}: /api/jwt over HTTP`,
        value: round(http.perSecond),
        unit: 'req/s',
        note: `p50 ${round(http.p50Ms)} ms, p99 ${round(http.p99Ms)} ms; CPU per request: IdP ${round(http.serverCpuMsPerCall, 2)} ms, load generator ${round(http.clientCpuMsPerCall, 2)} ms${http.failures ? `; ${http.failures} FAILED` : ''}`,
      },
      {
        metric: `${label}: raw jose limit`,
        value: round(jose.perSecond),
        unit: 'tokens/s',
        note: `in this process (CPU ${round(jose.clientCpuMsPerCall, 2)} ms per token, threads included)`,
      },
      {
        metric: `${label}: HTTP as % of jose`,
        value: round(percent),
        unit: '%',
        note: verdict(percent, TARGET_PERCENT, '%', { atLeast: true }),
      },
      {
        metric: `${label}: IdP CPU per token vs jose`,
        value: round(cpuPercent),
        unit: '%',
        note: `jose ${round(jose.clientCpuMsPerCall, 2)} ms / IdP ${round(http.serverCpuMsPerCall, 2)} ms of CPU per token: the rate the IdP would reach with the cores to itself, as % of jose's`,
      },
      {
        metric: `${label}: idp.idToken() in-process`,
        value: round(inProcess.perSecond),
        unit: 'tokens/s',
        note: `same minting, no HTTP: ${round((100 * inProcess.perSecond) / jose.perSecond)}% of jose; CPU ${round(inProcess.clientCpuMsPerCall, 2)} ms per token`,
      },
    );
  }
  const floor = data.signed.httpFloor;
  figures.push({
    metric: 'HTTP floor: GET jwks_uri',
    value: round(floor.perSecond),
    unit: 'req/s',
    note: `no crypto; p50 ${round(floor.p50Ms)} ms; CPU per request: IdP ${round(floor.serverCpuMsPerCall, 2)} ms, load generator ${round(floor.clientCpuMsPerCall, 2)} ms`,
  });
  const all = [
    ...Object.entries(data.signed).map(([name, run]) => [`signed ${name}`, run]),
    ...Object.entries(data.encrypted).map(([name, run]) => [`signed+encrypted ${name}`, run]),
  ];
  data.errors = all.flatMap(([name, run]) => run.errors.map((e) => ({ ...e, phase: `${name} ${e.phase}` })));
  return { figures, data, failed: all.some(([, run]) => run.failures > 0) };
}
