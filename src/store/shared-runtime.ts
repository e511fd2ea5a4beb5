import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AdjustableClock, ClockSetting } from '../clock.js';
import type { FaultBook, FaultSharing, SharedRule } from '../faults/book.js';
import type { ActivityLog } from '../log/activity-log.js';
import type { Persona } from '../personas/persona.js';
import type { PersonaRegistry } from '../personas/registry.js';
import { guarded } from './redis-connection.js';
import { parseRuntimeState, type RuntimeState, type StoredRule } from './runtime-state.js';
import { sharedLog } from './shared-log.js';

/** The parts of one IdP whose state every instance on one Redis shares. */
export interface RuntimeParts {
  personas: PersonaRegistry;
  faults: FaultBook;
  /** The IdP's clock: codes, tokens and sessions also expire by it (their payload's `exp`). */
  clock: AdjustableClock;
  log: ActivityLog;
}

/** How long the runtime state outlives its last change. */
const STATE_TTL_S = 30 * 24 * 3600;

/**
 * Every write script starts so: the hash gets a generation if it has none (it is new), a new version, and its
 * TTL again. KEYS: runtime hash. ARGV: new version, new generation, TTL in s, then the script's own.
 */
const touch = `
redis.call('HSETNX', KEYS[1], 'generation', ARGV[2])
redis.call('HSET', KEYS[1], 'version', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
`;

/** Sets fields. ARGV[4..]: field, value, field, value… */
const setScript = `${touch}
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
return 1`;

/** Adds a rule under the next id, with its counts; returns the id. ARGV[4]: rule JSON, ARGV[5]: times or '', ARGV[6..]: faults. */
const addRuleScript = `${touch}
local id = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HSET', KEYS[1], 'rule:' .. id, ARGV[4])
if ARGV[5] ~= '' then
  for i = 6, #ARGV do redis.call('HSET', KEYS[1], 'left:' .. id .. ':' .. ARGV[i], ARGV[5]) end
end
return id`;

/** Removes every rule and count. */
const clearRulesScript = `${touch}
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  local kind = string.sub(field, 1, 5)
  if kind == 'rule:' or kind == 'left:' then redis.call('HDEL', KEYS[1], field) end
end
return 1`;

/**
 * Uses up one of a counted fault: 1 when one was left, else 0 (nothing changes then). The last count of a rule
 * removes the rule. ARGV[4]: rule id, ARGV[5]: the fault, ARGV[6..]: every fault of the rule.
 */
const consumeScript = `
local left = tonumber(redis.call('HGET', KEYS[1], 'left:' .. ARGV[4] .. ':' .. ARGV[5]) or '0')
if left <= 0 then return 0 end
${touch}
if left > 1 then
  redis.call('HSET', KEYS[1], 'left:' .. ARGV[4] .. ':' .. ARGV[5], left - 1)
  return 1
end
redis.call('HDEL', KEYS[1], 'left:' .. ARGV[4] .. ':' .. ARGV[5])
for i = 6, #ARGV do
  if redis.call('HEXISTS', KEYS[1], 'left:' .. ARGV[4] .. ':' .. ARGV[i]) == 1 then return 1 end
end
redis.call('HDEL', KEYS[1], 'rule:' .. ARGV[4])
return 1`;

/**
 * Added personas, runtime faults and the clock setting, shared by every instance on one Redis (see
 * runtime-state for the hash). Changes go to Redis as they are made (the caller waits for them); each instance
 * catches up before a request by `follow()`ing the version its store's refresh read, loading the hash only when
 * it changed. Counted faults are used up by a script, so `times: 1` acts once across all instances.
 */
export class SharedRuntime {
  readonly key: string;
  readonly #redis: Redis;
  readonly #url: string;
  readonly #prefix: string;
  readonly #parts: RuntimeParts;
  /** The version and generation last loaded (undefined: no hash). */
  #version: string | undefined;
  #generation: string | undefined;
  /**
   * Whether this instance's parts may differ from what the versions say: a change it made here was not shared
   * (Redis away), or a load failed. The next refresh loads the state again then.
   */
  #stale = false;

  constructor(redis: Redis, url: string, prefix: string, parts: RuntimeParts) {
    this.#redis = redis;
    this.#url = url;
    this.#prefix = prefix;
    this.key = `${prefix}runtime`;
    this.#parts = parts;
  }

  /** Loads the shared state, then shares every change of the parts, and the logs. */
  async init(): Promise<void> {
    await this.#load();
    const { personas, faults, clock, log } = this.#parts;
    personas.share({ added: (persona) => this.#addPersona(persona) });
    faults.share(this.#faultSharing());
    clock.share((setting) => this.#setClock(setting));
    log.share(sharedLog(this.#redis, this.#url, this.#prefix));
  }

  /** Catches up when `version` (as just read from Redis) is not the one last loaded, or when stale. */
  async follow(version: string | null): Promise<void> {
    if (this.#stale || (version ?? undefined) !== this.#version) await this.#load();
  }

  /** The hash was deleted (reset) by this instance, whose parts are reset already. */
  cleared(): void {
    this.#version = undefined;
    this.#generation = undefined;
  }

  async #load(): Promise<void> {
    this.#stale = false;
    const hash = await this.#call(() => this.#redis.hgetall(this.key));
    this.#adopt(parseRuntimeState(hash));
  }

  #adopt(state: RuntimeState): void {
    const { personas, faults, clock, log } = this.#parts;
    // A hash this instance saw is gone, or replaced: reset elsewhere, expired, or lost by Redis.
    if (this.#generation !== undefined && state.generation !== this.#generation) {
      personas.restore();
      log.clear();
    }
    this.#generation = state.generation;
    personas.adopt(state.personas);
    faults.adopt(state.rules);
    clock.adopt(state.clock);
    this.#version = state.version;
  }

  #faultSharing(): FaultSharing {
    return {
      added: async ({ remaining, ...rule }: Omit<SharedRule, 'id'>) => {
        const times = remaining && Math.max(...Object.values(remaining));
        const stored: StoredRule = { ...rule, ...(times !== undefined ? { times } : {}) };
        const counted = times === undefined ? [''] : [String(times), ...rule.faults];
        return Number(await this.#write(addRuleScript, JSON.stringify(stored), ...counted));
      },
      cleared: async () => {
        await this.#write(clearRulesScript);
      },
      consume: async (id, fault, ruleFaults) =>
        (await this.#write(consumeScript, String(id), fault, ...ruleFaults)) === 1,
    };
  }

  async #addPersona(persona: Persona): Promise<void> {
    await this.#write(setScript, `persona:${persona.id}`, JSON.stringify(persona));
  }

  async #setClock(setting: ClockSetting): Promise<void> {
    await this.#write(setScript, 'clock', JSON.stringify(setting));
  }

  /** Runs a write script on the hash with a new version (and a generation for a new hash). */
  #write(script: string, ...args: string[]): Promise<unknown> {
    const touchArgs = [randomUUID(), randomUUID(), String(STATE_TTL_S)];
    return this.#call(() => this.#redis.eval(script, 1, this.key, ...touchArgs, ...args));
  }

  /** Runs a command on Redis; when it fails, this instance may be out of step, so the next refresh loads again. */
  #call<T>(command: () => Promise<T>): Promise<T> {
    return guarded(this.#redis, this.#url, command).catch((error: unknown) => {
      this.#stale = true;
      throw error;
    });
  }
}
