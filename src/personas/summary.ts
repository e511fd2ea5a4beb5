import type { Persona } from './persona.js';

/** A persona in one line of JSON: what `mock-idp personas --json` and `GET /admin/personas` list. */
export function personaSummary(persona: Persona) {
  return {
    id: persona.id,
    sub: persona.sub,
    email: persona.email,
    name: persona.name,
    ctype: persona.profile.ctype,
    faults: [...persona.faults],
  };
}
