import type { Persona } from '../personas/persona.js';
import type { IdpContext } from '../server/context.js';
import { HttpError } from '../server/http-error.js';
import { validated } from './validate.js';

/**
 * Adds a persona, given as a scenario file's `personas.explicit[]` entry: generated from its id with the
 * scenario's seed, then overridden field by field (shared with every instance on a Redis store). Gone again at
 * `reset()`. The schema and the generator are loaded on the first call, not at start.
 */
export async function addPersona(idp: IdpContext, input: unknown): Promise<Persona> {
  const { personaOverridesSchema } = await import('../config/schema.js');
  const { applyOverrides } = await import('../personas/from-scenario.js');
  const { generatePersona } = await import('../personas/generate.js');
  const overrides = validated(personaOverridesSchema, input);
  if (idp.personas.find(overrides.id)) {
    throw new HttpError(
      409,
      'invalid_request',
      `a persona "${overrides.id}" exists already: choose another id`,
    );
  }
  for (const [field, value] of [
    ['sub', overrides.sub],
    ['email', overrides.email],
  ] as const) {
    if (value !== undefined && idp.personas.find(value)) {
      throw new HttpError(409, 'invalid_request', `${field} "${value}" belongs to another persona`);
    }
  }
  const persona = applyOverrides(
    generatePersona(idp.personas.seed, overrides.id, overrides.email),
    overrides,
  );
  await idp.personas.add(persona);
  return persona;
}
