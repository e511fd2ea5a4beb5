import type { ClockSetting } from '../clock.js';
import type { SharedRule } from '../faults/book.js';
import type { Persona } from '../personas/persona.js';

/**
 * The runtime state every instance on one Redis shares, as one hash (`<prefix>runtime`), so that one HGETALL
 * brings an instance up to date:
 *
 * - `version` — a new random value at every change: an instance whose last load saw another value loads again
 * - `generation` — a random value set when the hash is created: another one (after a reset, the TTL, or Redis
 *   losing its data) makes every instance forget the personas added and its own log records
 * - `clock` — the clock setting (JSON), `persona:<id>` — an added persona (JSON)
 * - `seq` — the last rule id; `rule:<id>` — a runtime fault rule (JSON: faults, for, shown, times);
 *   `left:<id>:<fault>` — how many more times a counted fault acts (gone at 0, the rule with its last one)
 */
export interface RuntimeState {
  version?: string;
  generation?: string;
  clock: ClockSetting;
  personas: Persona[];
  rules: SharedRule[];
}

/** A rule as stored in its `rule:<id>` field; its counts are in `left:<id>:<fault>` fields. */
export type StoredRule = Omit<SharedRule, 'id' | 'remaining'> & { times?: number };

const RULE = /^rule:(\d+)$/;
const LEFT = /^left:(\d+):(.+)$/;

/** The state in a `runtime` hash (empty when the hash is absent). */
export function parseRuntimeState(hash: Record<string, string>): RuntimeState {
  const personas: Persona[] = [];
  const stored = new Map<number, StoredRule>();
  const left = new Map<number, Record<string, number>>();
  for (const [field, value] of Object.entries(hash)) {
    if (field.startsWith('persona:')) personas.push(JSON.parse(value) as Persona);
    const rule = RULE.exec(field);
    if (rule) stored.set(Number(rule[1]), JSON.parse(value) as StoredRule);
    const count = LEFT.exec(field);
    if (count) {
      const id = Number(count[1]);
      left.set(id, { ...left.get(id), [count[2] as string]: Number(value) });
    }
  }
  const rules = [...stored].map(([id, { times, ...rule }]): SharedRule => {
    if (times === undefined) return { id, ...rule };
    const counts = left.get(id) ?? {};
    return { id, ...rule, remaining: Object.fromEntries(rule.faults.map((f) => [f, counts[f] ?? 0])) };
  });
  return {
    version: hash.version,
    generation: hash.generation,
    clock: hash.clock ? (JSON.parse(hash.clock) as ClockSetting) : { offset_s: 0 },
    personas,
    rules,
  };
}
