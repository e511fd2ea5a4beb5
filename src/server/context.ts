import type Provider from 'oidc-provider';
import { AdjustableClock, type Clock } from '../clock.js';
import type { Scenario } from '../config/schema.js';
import type { Setup } from '../config/setup.js';
import { FaultBook } from '../faults/book.js';
import type { SigningKey } from '../keys/signing-keys.js';
import { ActivityLog } from '../log/activity-log.js';
import type { IssuedRecord } from '../log/records.js';
import { PersonaRegistry } from '../personas/registry.js';
import { checkClients } from '../provider/check-clients.js';
import { createProvider } from '../provider/create-provider.js';
import { memoryStore } from '../provider/memory-adapter.js';
import type { Store } from '../store/store.js';
import type { MintedIdToken } from '../tokens/id-token.js';
import { IdTokenIssuer } from '../tokens/issuer.js';

/**
 * The parts of an IdP its issuer decides: oidc-provider fixes one issuer per instance, and the ID token issuer
 * writes it in `iss`. With `--trust-proxy` each public origin has its own (see `reissued`).
 */
export interface IssuerParts {
  provider: Provider;
  idTokens: IdTokenIssuer;
  /** Public base URL (for avatar URLs in claims). */
  baseUrl: string;
}

/** Everything one running IdP is made of; the HTTP routes, the admin API and the programmatic API share it. */
export interface IdpContext extends IssuerParts {
  personas: PersonaRegistry;
  /** Signing keys, newest first (a rotation keeps the previous one published). */
  keys: SigningKey[];
  /** Where the keys are persisted. */
  keyFile: string;
  clock: AdjustableClock;
  faults: FaultBook;
  /** The scenario's `lp_sdes` default and encryption defaults. */
  lpSdes: boolean;
  encryption: Scenario['encryption'];
  /** What the IdP received and issued. */
  log: ActivityLog;
  store: Store;
  /** The scenario's personas and clients as loaded (what `reset()` returns to). */
  setup: Setup;
}

export interface ContextOptions {
  issuer: string;
  baseUrl: string;
  keys: SigningKey[];
  keyFile: string;
  clock?: Clock;
  /**
   * A Redis URL: oidc-provider's models, the signing key set (`keys`, changed in place) and the runtime state
   * (added personas, faults, the clock, the logs) are shared with every instance on the same Redis and issuer.
   * In memory by default.
   */
  store?: string;
}

/** Clients' own faults (`mock_faults` metadata), as oidc-provider knows the client. */
async function clientFaults(provider: Provider, clientId: string): Promise<readonly string[]> {
  const client = await provider.Client.find(clientId).catch(() => undefined);
  return (client as { mock_faults?: string[] } | undefined)?.mock_faults ?? [];
}

function idTokenRecord(
  minted: MintedIdToken,
  issued: { clientId: string; sub?: string; faults: string[] },
  personas: PersonaRegistry,
): IssuedRecord {
  return {
    time: new Date().toISOString(),
    kind: 'id_token',
    token: minted.token,
    client_id: issued.clientId,
    persona: issued.sub ? personas.bySub(issued.sub)?.id : undefined,
    header: minted.header,
    encryption: minted.encryption,
    claims: minted.claims ?? {},
    ...(issued.faults.length > 0 ? { faults: issued.faults } : {}),
  };
}

/** Access tokens are oidc-provider's: they are logged as it saves them. */
function recordAccessTokens(provider: Provider, log: ActivityLog, personas: PersonaRegistry): void {
  provider.on(
    'access_token.saved',
    (token: {
      jti: string;
      clientId?: string;
      accountId?: string;
      scope?: string;
      iat?: number;
      exp?: number;
    }) => {
      log.recordIssued({
        time: new Date().toISOString(),
        kind: 'access_token',
        token: token.jti,
        client_id: token.clientId,
        persona: token.accountId ? personas.bySub(token.accountId)?.id : undefined,
        claims: { sub: token.accountId, scope: token.scope, iat: token.iat, exp: token.exp },
      });
    },
  );
}

/** Builds one IdP from a loaded setup: personas, clock, faults, ID token issuer and oidc-provider. */
export async function buildContext(setup: Setup, options: ContextOptions): Promise<IdpContext> {
  const { scenario } = setup;
  const personas = new PersonaRegistry(scenario.seed, setup.personas);
  const clock = new AdjustableClock(options.clock);
  let provider: Provider | undefined;
  const faults = new FaultBook(
    (sub) => personas.bySub(sub)?.faults ?? [],
    (clientId) => (provider ? clientFaults(provider, clientId) : Promise.resolve([])),
  );
  const log = new ActivityLog();
  const store: Store = options.store
    ? await (await import('../store/redis-store.js')).redisStore(options.store, {
        namespace: options.issuer,
        clock,
        keys: options.keys,
        keyFile: options.keyFile,
        personas,
        faults,
        log,
      })
    : memoryStore(clock, setup.config.store.max_entries);
  const shared = {
    personas,
    keys: options.keys,
    keyFile: options.keyFile,
    clock,
    faults,
    lpSdes: scenario.lp_sdes,
    encryption: scenario.encryption,
    log,
    store,
    setup,
  };
  const parts = issuerParts(shared, options.issuer, options.baseUrl);
  provider = parts.provider;
  await checkClients(provider, setup.clientOrigins).catch(async (error: unknown) => {
    await store.close?.();
    throw error;
  });
  return { ...shared, ...parts };
}

/** Builds the issuer's parts of an IdP on the state it shares with its other issuers. */
function issuerParts(
  shared: Omit<IdpContext, keyof IssuerParts>,
  issuer: string,
  baseUrl: string,
): IssuerParts {
  const { personas, keys, clock, faults, log, store, setup } = shared;
  const { scenario } = setup;
  const idTokens = new IdTokenIssuer({
    issuer,
    keys,
    clock,
    lifetimeSeconds: scenario.lifetimes.id_token,
    faults,
    onIssued: (minted, issued) => log.recordIssued(idTokenRecord(minted, issued, personas)),
  });
  const provider = createProvider(idTokens, {
    keys,
    personas,
    clients: setup.clients,
    baseUrl,
    lifetimes: scenario.lifetimes,
    lpSdes: scenario.lp_sdes,
    clock,
    faults,
    store,
    logoutConfirmation: scenario.logout_confirmation,
  });
  recordAccessTokens(provider, log, personas);
  return { provider, idTokens, baseUrl };
}

/**
 * The same IdP under another issuer and base URL: its own oidc-provider and ID token issuer, everything else
 * (personas, clock, faults, logs, store, keys) shared, so sessions, codes, clients and keys are one IdP's.
 */
export function reissued(context: IdpContext, issuer: string, baseUrl: string): IdpContext {
  return { ...context, ...issuerParts(context, issuer, baseUrl) };
}
