import { Agent, type IncomingHttpHeaders, type IncomingMessage, request } from 'node:http';
import accepts from 'accepts';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { RunningIdp, StartOptions } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { codeFlow, discoverRp } from '../helpers/rp.js';

/**
 * Cases per fuzzed endpoint: 1000 by default (CI), `FUZZ_RUNS=20000 npx vitest run test/fuzz` for a longer hunt.
 * `FUZZ_SEED` replays a run (fast-check prints the seed and the shrunk counterexample of a failure).
 */
export const FUZZ_RUNS = positiveInt(process.env.FUZZ_RUNS, 1000);
const FUZZ_SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

function positiveInt(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return text !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
}

/** fast-check parameters for one endpoint's property; the test's timeout grows with the number of runs. */
export function fuzzParameters<T>(): fc.Parameters<T> {
  return { numRuns: FUZZ_RUNS, ...(FUZZ_SEED !== undefined ? { seed: FUZZ_SEED } : {}), endOnFailure: false };
}

/** A vitest timeout for `runs` cases of a property (generous: a 2-core CI machine runs several files at once). */
export function fuzzTimeout(msPerCase = 30): number {
  return 60_000 + FUZZ_RUNS * msPerCase;
}

/** One request exactly as sent: the raw path (query included), the headers (repeatable), the body bytes. */
export interface FuzzRequest {
  method: string;
  /** Path and query, already encoded (sent byte for byte). */
  path: string;
  headers?: Record<string, string | string[]>;
  body?: Buffer;
}

export interface FuzzResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** Requests per case are bounded in time: a hang fails the case instead of stalling the run. */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * An HTTP/1.1 client over keep-alive connections to one loopback server that sends what it is given as it is:
 * raw paths, repeated headers, any body bytes under any content type (which `fetch` would not allow).
 */
export class RawClient {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 8 });
  readonly #port: number;

  constructor(readonly baseUrl: string) {
    const url = new URL(baseUrl);
    if (url.hostname !== '127.0.0.1') throw new Error(`fuzzing is for loopback only, not ${url.hostname}`);
    this.#port = Number(url.port);
  }

  send(fuzz: FuzzRequest): Promise<FuzzResponse> {
    // Node's client sends a GET's body with neither Content-Length nor chunking: say how long it is.
    const headers =
      fuzz.body && fuzz.body.length > 0 && !hasHeader(fuzz.headers, 'content-length')
        ? { ...fuzz.headers, 'content-length': String(fuzz.body.length) }
        : fuzz.headers;
    return new Promise((resolve, reject) => {
      let answered = false;
      const outgoing = request(
        {
          host: '127.0.0.1',
          port: this.#port,
          method: fuzz.method,
          path: fuzz.path,
          headers,
          agent: this.#agent,
          timeout: REQUEST_TIMEOUT_MS,
        },
        (response) => {
          answered = true;
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const body = Buffer.concat(chunks);
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body,
              text: body.toString('utf8'),
            });
          });
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      // Once the answer is in (e.g. a 413 before the whole body was sent), a broken pipe is expected.
      outgoing.on('error', (error) => {
        if (!answered) reject(error);
      });
      outgoing.end(fuzz.body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

function hasHeader(headers: FuzzRequest['headers'], name: string): boolean {
  return Object.keys(headers ?? {}).some((key) => key.toLowerCase() === name);
}

/** The request, printed short when fast-check reports it as a counterexample (bodies can be 1 MB). */
export function fuzzRequest(sent: FuzzRequest): FuzzRequest {
  return Object.assign(sent, { [fc.toStringMethod]: () => describeRequest(sent) });
}

/** Where an answer comes from: a JSON API (errors are `{ error, error_description }`) or a browser page. */
export type Surface = 'json' | 'browser';

export interface Expectations {
  surface: Surface;
  /** For redirects: whether the IdP may send the browser there (its own pages, registered redirect URIs). */
  redirectAllowed?: (location: URL) => boolean;
  /** How `FUZZ_STATS=1` names the property's answers (default: method and path). */
  label?: string;
}

const STACK_TRACE =
  /\n\s+at \S|\bat (?:async )?\S+ \((?:file:|node:|\/)|node:internal|\.(?:ts|js|mjs|cjs):\d+:\d+|(?:^|\W)(?:TypeError|RangeError|ReferenceError|SyntaxError): /;

function mediaType(response: FuzzResponse): string {
  return String(response.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
}

function jsonBody(response: FuzzResponse): unknown {
  try {
    return JSON.parse(response.text);
  } catch {
    return undefined;
  }
}

function isOAuthError(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { error?: unknown }).error === 'string' &&
    ['string', 'undefined'].includes(typeof (body as { error_description?: unknown }).error_description)
  );
}

/**
 * What is wrong with an answer, if anything: a 5xx, a stack trace, a JSON endpoint's error that is not
 * `{ error: string, error_description?: string }`, a body that says JSON and is not, an HTML error page on a
 * JSON endpoint, a redirect to somewhere not allowed.
 */
export function problemsOf(
  sent: FuzzRequest,
  response: FuzzResponse,
  expected: Expectations,
  baseUrl = 'http://127.0.0.1',
): string[] {
  const problems: string[] = [];
  const { status } = response;
  if (status >= 500) problems.push(`status ${status}`);
  if (status < 100) problems.push(`no status (${status})`);
  if (STACK_TRACE.test(response.text)) problems.push('the body carries a stack trace or an exception');
  const type = mediaType(response);
  const hasBody = sent.method !== 'HEAD' && response.body.length > 0;
  const json = type === 'application/json' || type.endsWith('+json');
  if (hasBody && json && jsonBody(response) === undefined) problems.push('content-type JSON, body not JSON');
  if (status >= 300 && status < 400 && status !== 304) {
    const location = response.headers.location;
    if (!location) problems.push(`redirect ${status} without a Location`);
    else {
      let target: URL | undefined;
      try {
        // A relative Location (the IdP's own pages) is resolved as a browser would.
        target = new URL(location, baseUrl);
      } catch {
        problems.push(`redirect to a broken Location ${location}`);
      }
      if (target && !expected.redirectAllowed?.(target)) problems.push(`redirect to ${location}`);
    }
  }
  if (status >= 400 && sent.method !== 'HEAD') {
    if (expected.surface === 'json' && !(type === 'text/html' && prefersHtml(sent))) {
      if (!json) problems.push(`error answered as ${type || 'no content-type'}, not JSON`);
      else if (!isOAuthError(jsonBody(response))) problems.push('JSON error without a string "error"');
    } else if (json) {
      if (!isOAuthError(jsonBody(response))) problems.push('JSON error without a string "error"');
    } else if (type !== 'text/html') {
      problems.push(`error answered as ${type || 'no content-type'}, neither HTML nor JSON`);
    }
  }
  return problems;
}

/**
 * Whether the request's Accept header prefers HTML to JSON, as Koa negotiates it: oidc-provider then renders its
 * errors as a page on every endpoint, the JSON ones too (reported as a finding; accepted here).
 */
function prefersHtml(sent: FuzzRequest): boolean {
  const accept = Object.entries(sent.headers ?? {}).find(([name]) => name.toLowerCase() === 'accept')?.[1];
  if (accept === undefined) return false;
  const message = { headers: { accept: Array.isArray(accept) ? accept.join(', ') : accept } };
  return accepts(message as unknown as IncomingMessage).type(['json', 'html']) === 'html';
}

/** A request as text, for a failure's report (bodies cut short). */
export function describeRequest(sent: FuzzRequest): string {
  const body = sent.body
    ? ` body(${sent.body.length} bytes)=${JSON.stringify(sent.body.subarray(0, 300).toString('latin1'))}`
    : '';
  return `${sent.method} ${sent.path.slice(0, 600)} headers=${JSON.stringify(sent.headers ?? {}).slice(0, 600)}${body}`;
}

/** Answers by status, per property: `FUZZ_STATS=1` prints them, to see how deep the cases get. */
const tallies = new Map<string, Map<number, number>>();

function tally(label: string, status: number): void {
  const counts = tallies.get(label) ?? new Map<number, number>();
  counts.set(status, (counts.get(status) ?? 0) + 1);
  tallies.set(label, counts);
}

/** With `FUZZ_STATS=1`: prints how many answers of each status every property got. */
export function printStats(): void {
  if (!process.env.FUZZ_STATS) return;
  for (const [label, counts] of tallies) {
    const sorted = [...counts].sort(([a], [b]) => a - b);
    console.log(`${label}: ${sorted.map(([status, n]) => `${status}×${n}`).join(' ')}`);
  }
}

/** Sends one fuzz case and fails it (with the request and the answer) when the answer has problems. */
export async function sendAndCheck(
  client: RawClient,
  sent: FuzzRequest,
  expected: Expectations,
): Promise<FuzzResponse> {
  const response = await client.send(sent);
  tally(expected.label ?? `${sent.method} ${sent.path.split('?')[0]}`, response.status);
  if (process.env.FUZZ_STATS === 'errors' && response.status >= 400) {
    const body = jsonBody(response) as { error?: string; error_description?: string } | undefined;
    const title = /<title>([^<]*)<\/title>/.exec(response.text)?.[1];
    const reason = body?.error
      ? `${body.error}: ${body.error_description}`
      : (title ?? response.text.slice(0, 80));
    tally(`  ${expected.label ?? sent.path.split('?')[0]} ${response.status} ${reason.slice(0, 120)}`, 0);
  }
  const problems = problemsOf(sent, response, expected, client.baseUrl);
  if (problems.length > 0) {
    throw new Error(
      `${problems.join('; ')}\nrequest: ${describeRequest(sent)}\nanswer: ${response.status} ${JSON.stringify(
        response.headers,
      )} ${response.text.slice(0, 500)}`,
    );
  }
  return response;
}

/**
 * What the IdP itself reports while fuzzed: oidc-provider's `server_error` events and anything written to
 * `console.error` (the error boundary logs every unexpected error there). Both must stay empty.
 */
export function watchIdp(idp: RunningIdp): { errors: string[]; stop(): void } {
  const errors: string[] = [];
  const onServerError = (_ctx: unknown, error: Error) => errors.push(`server_error: ${error.stack}`);
  idp.context.provider.on('server_error', onServerError);
  const original = console.error;
  console.error = (...args: unknown[]) => {
    errors.push(args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' '));
    original(...args);
  };
  return {
    errors,
    stop() {
      idp.context.provider.off('server_error', onServerError);
      console.error = original;
    },
  };
}

/** What a fuzz file works against: its own IdP, a raw HTTP client to it, and the watch on what the IdP reports. */
export interface FuzzTarget {
  idp: RunningIdp;
  client: RawClient;
  watch: ReturnType<typeof watchIdp>;
}

/** Starts a fuzz file's IdP (in `beforeAll`), with its client and watch. */
export async function startFuzzTarget(options: StartOptions): Promise<FuzzTarget> {
  const idp = await startTestIdp(options);
  return { idp, client: new RawClient(idp.url), watch: watchIdp(idp) };
}

/** Undoes `startFuzzTarget` (in `afterAll`), whatever part of it was reached. */
export async function stopFuzzTarget(target: Partial<FuzzTarget>): Promise<void> {
  target.watch?.stop();
  target.client?.close();
  await target.idp?.stop();
}

/** After fuzzing: the server still answers, and a normal Code Flow (openid-client, every check on) succeeds. */
export async function expectNormalFlow(idp: RunningIdp): Promise<void> {
  const health = await fetch(`${idp.url}/.well-known/openid-configuration`);
  expect(health.status).toBe(200);
  const config = await discoverRp(idp.issuer, defaultClient.client_id, defaultClient.client_secret);
  const { tokens } = await codeFlow(config, defaultClient.redirect_uri, 'persona-1');
  expect(tokens.claims()?.email).toBe(idp.personas[0]!.email);
}
