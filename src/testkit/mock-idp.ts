import { addClient } from '../admin/clients.js';
import { addPersona } from '../admin/personas.js';
import { reset } from '../admin/reset.js';
import { type CodeRequest, issueCode } from '../api/authorization-code.js';
import { type EnvelopeJwtRequest, issueEnvelopeJwt } from '../api/envelope-jwt.js';
import type { AdjustableClock } from '../clock.js';
import type { ClientConfig, PersonaOverrides } from '../config/schema.js';
import type { FaultSubject } from '../faults/book.js';
import type { IssuedRecord, RequestRecord } from '../log/records.js';
import type { Persona } from '../personas/persona.js';
import { type RunningIdp, type StartOptions, startIdp } from '../server/start.js';

/** What `waitForRequest` matches on: any of a request record's simple fields. */
export type RequestMatch = Partial<
  Pick<RequestRecord, 'method' | 'path' | 'client_id' | 'persona' | 'status'>
>;

export interface FaultOptions {
  /** Only requests about this client or persona (id or email). */
  for?: { client_id?: string; persona?: string };
  /** Each fault acts on the next N matching requests at its endpoint, then goes. */
  times?: number;
}

/** Options of `startMockIdp`: those of `mock-idp start`, plus personas, clients and faults given in code. */
export interface MockIdpOptions extends Omit<StartOptions, 'personas' | 'clients'> {
  /** More personas, as a scenario file's `personas.explicit[]` entries (they stay after `reset()`). */
  personas?: PersonaOverrides[];
  /** More clients, as a scenario file's `clients[]` entries (they stay after `reset()`). */
  clients?: ClientConfig[];
  /** Faults in force from the start for every request (set again by `reset()`). */
  faults?: string[];
}

/** A running mock IdP, for test suites. */
export class MockIdp {
  readonly #running: RunningIdp;
  readonly #faults: string[];

  constructor(running: RunningIdp, faults: string[] = []) {
    this.#running = running;
    this.#faults = faults;
  }

  /** The issuer RPs must expect in `iss`. */
  get issuer(): string {
    return this.#running.issuer;
  }

  /** The base URL every endpoint is on. */
  get url(): string {
    return this.#running.url;
  }

  /** The personas it can log in (scenario, added, and created from `login_hint` emails). */
  get personas(): Persona[] {
    return this.#running.context.personas.list();
  }

  /** The IdP's clock: `advance(seconds)`, `setOffset`, `freeze`, `reset`. */
  get clock(): AdjustableClock {
    return this.#running.context.clock;
  }

  /** What the IdP received, oldest first, secrets masked. */
  get requests(): RequestRecord[] {
    return [...this.#running.context.log.requests];
  }

  /** What the IdP issued (ID and access tokens), oldest first, with decoded headers and claims. */
  get issued(): IssuedRecord[] {
    return [...this.#running.context.log.issued];
  }

  /** A real authorization code for a persona, as `POST /api/code`. */
  async code(request: { persona: string; clientId: string } & Partial<CodeRequest>) {
    return issueCode(this.#running.context, request);
  }

  /** An envelope ID token for a persona, as `POST /api/jwt`. */
  async idToken(request: EnvelopeJwtRequest) {
    return issueEnvelopeJwt(this.#running.context, request);
  }

  /** Adds a persona (a scenario `personas.explicit[]` entry); gone at `reset()`. */
  async addPersona(persona: PersonaOverrides): Promise<Persona> {
    return addPersona(this.#running.context, persona);
  }

  /** Adds a client (a scenario `clients[]` entry, OIDC metadata names); gone at `reset()`. */
  async addClient(client: ClientConfig): Promise<Record<string, unknown>> {
    return addClient(this.#running.context, client);
  }

  /** Replaces the runtime faults with these (an empty list clears them). */
  async setFaults(faults: string[], options: FaultOptions = {}): Promise<void> {
    const { context } = this.#running;
    const persona = options.for?.persona;
    const sub = persona === undefined ? undefined : context.personas.find(persona)?.sub;
    if (persona !== undefined && sub === undefined) throw new Error(`no persona "${persona}"`);
    await context.faults.clear();
    if (faults.length === 0) return;
    const scope: FaultSubject | undefined = options.for && { clientId: options.for.client_id, sub };
    await context.faults.add({ faults, for: scope, shown: options.for, times: options.times });
  }

  /** Resolves with the next request matching `match` that arrives after the call. */
  waitForRequest(match: RequestMatch, options: { timeoutMs?: number } = {}): Promise<RequestRecord> {
    return this.#running.context.log.waitForRequest(match, options.timeoutMs);
  }

  /**
   * Clears the logs, added personas and clients, registered clients, sessions, faults and the clock offset;
   * keeps the keys and the scenario (and what `startMockIdp` was given).
   */
  async reset(): Promise<void> {
    await reset(this.#running.context);
    if (this.#faults.length > 0) await this.setFaults(this.#faults);
  }

  /** Stops listening, closes keep-alive connections and frees the port. */
  stop(): Promise<void> {
    this.#running.context.log.cancelWaits();
    return this.#running.stop();
  }
}

/**
 * Starts a mock IdP in this process, for a test suite:
 *
 * ```ts
 * const idp = await startMockIdp({ port: 0, scenario: 'liveperson' });
 * // … point the code under test at idp.issuer, drive a flow …
 * expect(idp.requests.some((r) => r.path === '/token')).toBe(true);
 * await idp.stop();
 * ```
 */
export async function startMockIdp(options: MockIdpOptions = {}): Promise<MockIdp> {
  const { faults, ...start } = options;
  const idp = new MockIdp(await startIdp({ port: 0, ...start }), faults);
  if (faults && faults.length > 0) {
    await idp.setFaults(faults).catch(async (error: unknown) => {
      await idp.stop();
      throw error;
    });
  }
  return idp;
}
