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

/** What one IdP received and issued, oldest first, for tests and the debug page. */
export class ActivityLog {
  readonly requests: RequestRecord[] = [];
  readonly issued: IssuedRecord[] = [];
  #waiters: Waiter[] = [];

  recordRequest(record: RequestRecord): void {
    append(this.requests, record);
    if (this.#waiters.length === 0) return;
    const met = this.#waiters.filter((waiter) => matches(record, waiter.match));
    this.#waiters = this.#waiters.filter((waiter) => !met.includes(waiter));
    for (const waiter of met) waiter.resolve(record);
  }

  recordIssued(record: IssuedRecord): void {
    append(this.issued, record);
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
