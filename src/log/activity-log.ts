import type { IssuedRecord, RequestRecord } from './records.js';

/** Records kept per log: enough for any test, bounded so a long-running IdP's memory stays flat. */
export const LOG_LIMIT = 1000;

type Match = Partial<Pick<RequestRecord, 'method' | 'path' | 'client_id' | 'persona' | 'status'>>;

interface Waiter {
  match: Match;
  resolve: (record: RequestRecord) => void;
  reject: (error: Error) => void;
}

function matches(record: RequestRecord, match: Match): boolean {
  return Object.entries(match).every(([key, value]) => record[key as keyof RequestRecord] === value);
}

/** Adds `item`, dropping the oldest beyond LOG_LIMIT (`shift` is O(1) in V8 where `splice(0, n)` copies the list). */
function append<T>(list: T[], item: T): void {
  list.push(item);
  while (list.length > LOG_LIMIT) list.shift();
}

/**
 * Where the records also go (with a Redis store: one log for every instance on it, which `GET /admin/requests`
 * and `GET /admin/tokens` show whichever instance answers).
 */
export interface LogSharing {
  recorded(log: 'requests', record: RequestRecord): Promise<void>;
  recorded(log: 'issued', record: IssuedRecord): Promise<void>;
  list(log: 'requests'): Promise<RequestRecord[]>;
  list(log: 'issued'): Promise<IssuedRecord[]>;
}

/**
 * What one IdP received and issued, oldest first, for tests and the debug page. `requests` and `issued` are
 * this process's records; with sharing, `allRequests()` and `allIssued()` are every instance's.
 */
export class ActivityLog {
  readonly requests: RequestRecord[] = [];
  readonly issued: IssuedRecord[] = [];
  #waiters: Waiter[] = [];
  #sharing: LogSharing | undefined;
  readonly #sharingNow = new Set<Promise<void>>();

  /** From now on, every record is also handed to `sharing`. */
  share(sharing: LogSharing): void {
    this.#sharing = sharing;
  }

  recordRequest(record: RequestRecord): void {
    append(this.requests, record);
    if (this.#sharing) this.#track(this.#sharing.recorded('requests', record));
    if (this.#waiters.length === 0) return;
    const met = this.#waiters.filter((waiter) => matches(record, waiter.match));
    this.#waiters = this.#waiters.filter((waiter) => !met.includes(waiter));
    for (const waiter of met) waiter.resolve(record);
  }

  recordIssued(record: IssuedRecord): void {
    append(this.issued, record);
    if (this.#sharing) this.#track(this.#sharing.recorded('issued', record));
  }

  /**
   * Resolves once the records made so far are shared (answering a request after this, its records are where
   * every instance reads them). Sharing is best effort: a record that could not be shared is only here.
   */
  async flushed(): Promise<void> {
    if (this.#sharingNow.size > 0) await Promise.all(this.#sharingNow);
  }

  /** Every request received: by every instance when shared, else by this one. */
  async allRequests(): Promise<RequestRecord[]> {
    return this.#sharing ? this.#sharing.list('requests') : [...this.requests];
  }

  /** Every token issued: by every instance when shared, else by this one. */
  async allIssued(): Promise<IssuedRecord[]> {
    return this.#sharing ? this.#sharing.list('issued') : [...this.issued];
  }

  #track(sharing: Promise<void>): void {
    const settled = sharing.catch(() => undefined).finally(() => this.#sharingNow.delete(settled));
    this.#sharingNow.add(settled);
  }

  /** The next request matching `match` that arrives after this call; rejects after `timeoutMs`. */
  waitForRequest(match: Match, timeoutMs = 5000): Promise<RequestRecord> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve: (record) => {
          clearTimeout(timer);
          resolve(record);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`no request matching ${JSON.stringify(match)} arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /** Rejects every pending `waitForRequest` (the IdP is stopping), leaving no timer behind. */
  cancelWaits(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters)
      waiter.reject(new Error('the IdP stopped before a matching request arrived'));
  }

  clear(): void {
    this.requests.length = 0;
    this.issued.length = 0;
  }
}
