import type { PersonaOverrides, Scenario } from '../config/schema.js';
import { generatePersona } from './generate.js';
import type { Persona } from './persona.js';

/** A generated persona with a scenario's overrides applied; `name` follows overridden given/family names. */
export function applyOverrides(base: Persona, overrides: PersonaOverrides): Persona {
  const { profile, ...fields } = overrides;
  const merged: Persona = { ...base, ...fields, profile: { ...base.profile, ...profile } };
  if (overrides.name === undefined && (overrides.given_name || overrides.family_name)) {
    merged.name = `${merged.given_name} ${merged.family_name}`;
  }
  return merged;
}

/**
 * The personas a scenario defines: `count` generated ones (`persona-1` … `persona-N`), then each explicit one,
 * generated from its id and overridden field by field (an explicit id like `persona-3` overrides that one).
 */
export function scenarioPersonas(scenario: Scenario): Persona[] {
  const byId = new Map<string, Persona>();
  for (let i = 1; i <= scenario.personas.count; i += 1) {
    byId.set(`persona-${i}`, generatePersona(scenario.seed, `persona-${i}`));
  }
  for (const overrides of scenario.personas.explicit) {
    const base = byId.get(overrides.id) ?? generatePersona(scenario.seed, overrides.id, overrides.email);
    byId.set(overrides.id, applyOverrides(base, overrides));
  }
  return [...byId.values()];
}
