import { Redis, ReplyError } from 'ioredis';
import { StoreConnectError, StoreUnavailable } from './store.js';

/** How long start-up waits for Redis to answer (the CLI then exits well within 10 s). */
export const CONNECT_BUDGET_MS = 5000;
/**
 * How long one command may take; every Redis call is bounded by it, or fails at once when disconnected. Under
 * 5 s (the promise to callers), yet generous enough for a machine busy enough to delay a healthy Redis.
 */
export const COMMAND_TIMEOUT_MS = 3500;
/** Reconnection: every 100 ms more after each failed attempt, at most every second, for ever. */
const RECONNECT_MAX_MS = 1000;

/** The URL without its password, for messages. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return url;
  }
}

/** A one-line reason (Node's connection errors can be AggregateErrors with an empty message). */
export function reason(error: unknown): string {
  if (error instanceof AggregateError && !error.message) {
    const inner = error.errors.map((e: unknown) => reason(e));
    return [...new Set(inner)].join('; ') || 'connection failed';
  }
  if (error instanceof Error) return error.message || (error as NodeJS.ErrnoException).code || error.name;
  return String(error);
}

/**
 * Whether a failed command means "Redis is not there" (closed or refused connection, timeout, the server still
 * loading its data…) rather than a bug (a wrong command or script, which Redis answers with an error reply).
 */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof ReplyError) {
    return /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY)\b/.test((error as Error).message);
  }
  return true;
}

/** Why each client's connection last failed (for the messages of commands refused meanwhile). */
const connectionFailures = new WeakMap<Redis, string>();

/** Runs one Redis call; "Redis is not there" becomes `StoreUnavailable` (answered 503). */
export async function guarded<T>(redis: Redis, url: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!isUnavailable(error)) throw error;
    // Refused at once while disconnected: ioredis's message says nothing useful, the connection's failure does.
    const why = redis.status === 'ready' ? reason(error) : (connectionFailures.get(redis) ?? 'not connected');
    throw new StoreUnavailable(
      `Redis at ${displayUrl(url)} is unreachable (${why}): ` +
        'mock-idp keeps its sessions, codes and tokens there; try again shortly',
      { cause: error },
    );
  }
}

/**
 * A client whose every command is bounded: refused at once while disconnected (no offline queue, no retry of
 * commands cut off by a disconnection), or after `COMMAND_TIMEOUT_MS` when Redis does not answer (which also
 * drops the connection, so one request meets at most one such wait). The connection itself is retried for
 * ever, so the IdP works again as soon as Redis is back.
 */
function boundedClient(url: string): Redis {
  return new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    // A Redis that stops answering (hung, network gone) drops the connection: later commands fail at once
    // instead of each waiting for its timeout, and reconnecting starts.
    socketTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 100, RECONNECT_MAX_MS),
    connectionName: 'mock-idp',
  });
}

/**
 * Connects and PINGs within `budgetMs`, retrying meanwhile (Redis may be starting beside the IdP), or fails
 * with `cannot reach Redis at URL: reason`. Once connected, losing and regaining Redis is logged once each.
 */
export async function connectRedis(url: string, budgetMs = CONNECT_BUDGET_MS): Promise<Redis> {
  const redis = boundedClient(url);
  let lastError: unknown;
  const remember = (error: unknown) => {
    lastError = error;
  };
  redis.on('error', remember);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        redis.off('ready', ready);
        reject(lastError ?? new Error(`no answer within ${budgetMs / 1000} s`));
      }, budgetMs);
      const ready = () => {
        clearTimeout(timer);
        resolve();
      };
      redis.once('ready', ready);
      // A failed first attempt rejects this promise, but the client keeps retrying until the budget is spent.
      redis.connect().catch(remember);
    });
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new StoreConnectError(`cannot reach Redis at ${displayUrl(url)}: ${reason(error)}`, {
      cause: error,
    });
  } finally {
    redis.off('error', remember);
  }
  watchConnection(redis, url);
  return redis;
}

/** Clients being closed on purpose: their disconnection is not news. */
const closing = new WeakSet<Redis>();

/** One line when Redis goes away, one when it is back; never an unhandled `error` event. */
function watchConnection(redis: Redis, url: string): void {
  let lost = false;
  const lose = (why: string) => {
    connectionFailures.set(redis, why);
    if (lost || closing.has(redis)) return;
    lost = true;
    console.error(
      `mock-idp: Redis at ${displayUrl(url)} is unreachable (${why}): answering 503 until it is back`,
    );
  };
  redis.on('error', (error: unknown) => lose(reason(error)));
  redis.on('close', () => lose(connectionFailures.get(redis) ?? 'connection closed'));
  redis.on('ready', () => {
    connectionFailures.delete(redis);
    if (!lost) return;
    lost = false;
    console.error(`mock-idp: Redis at ${displayUrl(url)} is back`);
  });
}

/** Closes the connection and stops reconnecting. */
export async function disconnectRedis(redis: Redis): Promise<void> {
  closing.add(redis);
  try {
    if (redis.status === 'ready') await redis.quit();
  } catch {
    // Already gone: nothing to say goodbye to.
  } finally {
    redis.disconnect();
  }
}
