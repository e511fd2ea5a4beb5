import { randomUUID } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { JWK } from 'jose';
import { onKeySetChange } from '../keys/rotate.js';
import { loadOrCreateSigningKeys, type SigningKey, toSigningKey } from '../keys/signing-keys.js';
import { displayUrl, guarded } from './redis-connection.js';
import { StoreConnectError } from './store.js';

/** How long the instance creating the key set may hold the lock. */
const LOCK_MS = 10_000;
/** How long start-up waits for another instance to publish the key set. */
const WAIT_MS = 5000;

/** The key file's form, stored as one string. */
function serialize(keys: SigningKey[]): string {
  return JSON.stringify({
    keys: keys.map((key) => ({ jwk: key.privateJwk, certificate: key.certificatePem })),
  });
}

async function deserialize(text: string): Promise<SigningKey[]> {
  const { keys } = JSON.parse(text) as { keys: Array<{ jwk: JWK; certificate: string }> };
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('no keys');
  return Promise.all(keys.map(toSigningKey));
}

/**
 * Writes the key file whole (as saveSigningKeys does), through a temporary file of its own: a rotation saving
 * the same file at the same moment cannot collide with it.
 */
async function mirrorToKeyFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(JSON.parse(text), null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, path);
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

const releaseLock = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * The signing key set every instance on one Redis signs with and publishes, at `<prefix>keys` (the key file's
 * JSON). `keys` — the array the JWKS routes and the ID token issuer read — is changed in place to follow it.
 *
 * - Start-up: the set in Redis is used; when there is none, the instance that takes the lock (`SET NX PX`)
 *   publishes its key file's set (made then if missing) and the others wait for it.
 * - Before each request, the store's refresh reads the set (a GET beside the runtime state's version) and
 *   `follow()`s it: a set changed by another instance (a rotation) is adopted, and an emptied Redis (restarted,
 *   flushed) gets this instance's set again (`SET NX`: the first instance wins, and all have the same set
 *   anyway). A failed read keeps the keys in hand: the request itself will say 503 if it needs Redis.
 * - A rotation (`rotateSigningKeys`) publishes the new set before using it.
 *
 * The set adopted from Redis is also written to the key file, so a restart on an empty Redis publishes it again.
 */
export class SharedKeySet {
  readonly #redis: Redis;
  readonly #url: string;
  /** Where the set is in Redis. */
  readonly key: string;
  readonly #keys: SigningKey[];
  readonly #keyFile: string;
  /** The set as last adopted or published, serialized. */
  #seen: string | undefined;

  constructor(redis: Redis, url: string, prefix: string, keys: SigningKey[], keyFile: string) {
    this.#redis = redis;
    this.#url = url;
    this.key = `${prefix}keys`;
    this.#keys = keys;
    this.#keyFile = keyFile;
  }

  /** Adopts the shared set, or creates it under the lock; then follows rotations and reconnections. */
  async init(): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const text = await this.#get();
      if (text !== null) {
        await this.#adopt(text).catch((error: unknown) => {
          throw new StoreConnectError(
            `the signing key set in Redis at ${displayUrl(this.#url)} (${this.key}) is unusable ` +
              `(${(error as Error).message}): delete it to publish this instance's keys`,
          );
        });
        break;
      }
      if (await this.#createUnderLock()) break;
      if (Date.now() > deadline) {
        throw new StoreConnectError(
          `no signing key set appeared in Redis at ${displayUrl(this.#url)} within ${WAIT_MS / 1000} s ` +
            `(another instance holds ${this.key}:lock): try again`,
        );
      }
      await sleep(100);
    }
    onKeySetChange(this.#keys, (next) => this.publish(next));
  }

  /** Publishes a new set (a rotation on this instance): the other instances adopt it at their next request. */
  async publish(keys: SigningKey[]): Promise<void> {
    const text = serialize(keys);
    await guarded(this.#redis, this.#url, () => this.#redis.set(this.key, text));
    this.#seen = text;
  }

  /** Follows the shared set, as just read from Redis (see the class). */
  async follow(text: string | null): Promise<void> {
    try {
      if (text === null) await this.#republish();
      else if (text !== this.#seen) await this.#adopt(text);
    } catch {
      // Redis is away: keep signing with the keys in hand; requests that need Redis answer 503 themselves.
    }
  }

  /** Redis came back empty: the first instance to get there publishes its set, the others adopt it. */
  async #republish(): Promise<void> {
    const ours = serialize(this.#keys);
    const created = await this.#redis.set(this.key, ours, 'NX');
    if (created === 'OK') {
      this.#seen = ours;
      return;
    }
    const theirs = await this.#get();
    if (theirs !== null && theirs !== this.#seen) await this.#adopt(theirs);
  }

  async #createUnderLock(): Promise<boolean> {
    const lock = `${this.key}:lock`;
    const token = randomUUID();
    const taken = await guarded(this.#redis, this.#url, () =>
      this.#redis.set(lock, token, 'PX', LOCK_MS, 'NX'),
    );
    if (taken !== 'OK') return false;
    try {
      const text = await this.#get();
      if (text !== null) {
        await this.#adopt(text);
        return true;
      }
      const keys = await loadOrCreateSigningKeys(this.#keyFile);
      const ours = serialize(keys);
      await guarded(this.#redis, this.#url, () => this.#redis.set(this.key, ours));
      this.#keys.splice(0, this.#keys.length, ...keys);
      this.#seen = ours;
      return true;
    } finally {
      await this.#redis.eval(releaseLock, 1, lock, token).catch(() => undefined);
    }
  }

  #get(): Promise<string | null> {
    return guarded(this.#redis, this.#url, () => this.#redis.get(this.key));
  }

  async #adopt(text: string): Promise<void> {
    const keys = await deserialize(text);
    this.#keys.splice(0, this.#keys.length, ...keys);
    this.#seen = text;
    await mirrorToKeyFile(this.#keyFile, text).catch((error: unknown) => {
      console.error(`mock-idp: cannot write key file ${this.#keyFile}: ${(error as Error).message}`);
    });
  }
}
