import { type Adapter, type AdapterPayload, errors } from 'oidc-provider';
import type { Clock } from '../clock.js';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
  /** How far the IdP's clock was from real time when stored (oidc-provider's `exp` is in real time). */
  skew: number;
}

/** Upserts between two sweeps of expired entries. */
const SWEEP_EVERY = 1000;

/**
 * In-memory storage for oidc-provider's models (sessions, codes, tokens, grants, registered clients), one store
 * per IdP instance. Expired entries are dropped when read and swept regularly, and at most `maxEntries` sessions,
 * interactions, codes, tokens and grants are kept, the oldest going first, so memory stays flat however many flows
 * run (a long load test: 100k flows, each leaving a session, a grant, a code and an access token that live for hours).
 * Registered clients are never dropped. Nothing runs in the background: a stopped IdP leaves no timer behind.
 *
 * The default cap (config `store.max_entries`) is 5,000, the last ~1,250 headless Code Flows. A full store holds
 * ~630 bytes of live heap an entry, but under load resident memory grows ~1.6 KB an entry as it fills (V8's headroom
 * over live data, and fragmentation): measured over 10k flows, the IdP's memory rose ~22 MB with 10,000 entries and
 * ~14 MB with 5,000.
 *
 * Codes, tokens and sessions also expire by the IdP's clock (`exp` in their payload), so a suite that moves the
 * clock ahead (`PUT /admin/clock`) sees them expire without sleeping.
 */
export interface MemoryStore {
  Adapter: new (model: string) => Adapter;
  /** Forgets everything: sessions, codes, tokens, grants, registered clients. */
  clear(): void;
  /** The live entries of one model (e.g. `Client`). */
  list(model: string): AdapterPayload[];
}

export function memoryStore(clock: Clock, maxEntries: number): MemoryStore {
  const entries = new Map<string, Entry>();
  const grantIndex = new Map<string, Set<string>>();
  let upserts = 0;

  const now = () => Date.now();
  const sweep = () => {
    const time = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= time) entries.delete(key);
    for (const [grantId, keys] of grantIndex) {
      for (const key of keys) if (!entries.has(key)) keys.delete(key);
      if (keys.size === 0) grantIndex.delete(grantId);
    }
  };
  const dropOldest = () => {
    for (const key of entries.keys()) {
      if (entries.size <= maxEntries) return;
      if (!key.startsWith('Client:')) entries.delete(key);
    }
  };
  const read = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    const exp = entry.payload.exp;
    const fresh = typeof exp !== 'number' || exp + entry.skew > clock.now();
    if (entry.expiresAt > now() && fresh) return entry.payload;
    entries.delete(key);
    return undefined;
  };

  class MemoryAdapter implements Adapter {
    readonly #model: string;

    constructor(model: string) {
      this.#model = model;
    }

    #key(id: string) {
      return `${this.#model}:${id}`;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number) {
      const key = this.#key(id);
      entries.delete(key); // re-inserted last: the newest entries are the last to go
      entries.set(key, {
        payload,
        expiresAt: expiresIn ? now() + expiresIn * 1000 : Number.POSITIVE_INFINITY,
        skew: clock.now() - Math.floor(now() / 1000),
      });
      if (payload.grantId) {
        const keys = grantIndex.get(payload.grantId) ?? new Set();
        grantIndex.set(payload.grantId, keys.add(key));
      }
      upserts += 1;
      if (upserts % SWEEP_EVERY === 0) sweep();
      if (entries.size > maxEntries) dropOldest();
    }

    async find(id: string) {
      return read(this.#key(id));
    }

    async findByUid(uid: string) {
      for (const [key, entry] of entries) {
        if (key.startsWith(`${this.#model}:`) && entry.payload.uid === uid) return read(key);
      }
      return undefined;
    }

    async findByUserCode(userCode: string) {
      for (const [key, entry] of entries) {
        if (key.startsWith(`${this.#model}:`) && entry.payload.userCode === userCode) return read(key);
      }
      return undefined;
    }

    /**
     * Marks a code (or refresh token) used. Two redemptions racing each other both read it unused before either
     * marks it; the check here, with no await in between, lets exactly one of them win.
     */
    async consume(id: string) {
      const payload = read(this.#key(id));
      if (payload?.consumed) throw new errors.InvalidGrant(`${this.#model} already consumed`);
      if (payload) payload.consumed = Math.floor(now() / 1000);
    }

    async destroy(id: string) {
      entries.delete(this.#key(id));
    }

    async revokeByGrantId(grantId: string) {
      for (const key of grantIndex.get(grantId) ?? []) entries.delete(key);
      grantIndex.delete(grantId);
    }
  }

  return {
    Adapter: MemoryAdapter,
    clear: () => {
      entries.clear();
      grantIndex.clear();
    },
    list: (model) => {
      const keys = [...entries.keys()].filter((key) => key.startsWith(`${model}:`));
      return keys.map(read).filter((payload): payload is AdapterPayload => payload !== undefined);
    },
  };
}
