import { createHash } from 'node:crypto';
import { en, Faker } from '@faker-js/faker';
import { subjectFrom } from '../google/ids.js';
import type { Persona } from './persona.js';

/** The faker seed for one persona: derived from the scenario seed and the persona id, nothing else. */
function seedFor(seed: number, key: string): number[] {
  const digest = createHash('sha256').update(`${seed}:${key}`).digest();
  return [digest.readUInt32BE(0), digest.readUInt32BE(4), digest.readUInt32BE(8), digest.readUInt32BE(12)];
}

/** A faker pinned to the English locale and seeded for one persona, so output is the same on every machine. */
function fakerFor(seed: number, key: string): Faker {
  const faker = new Faker({ locale: [en] });
  faker.seed(seedFor(seed, key));
  return faker;
}

const locales = ['en', 'en-GB', 'es-419', 'fr', 'de', 'pt-BR'] as const;

function usernameOf(given: string, family: string): string {
  return `${given}.${family}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
}

/**
 * Generates the persona `id` of a scenario seeded with `seed`: the same seed and id give the same persona on
 * every machine and run. `email` fixes the address (for personas created from a `login_hint` email).
 */
export function generatePersona(seed: number, id: string, email?: string): Persona {
  const faker = fakerFor(seed, id);
  const gender = faker.helpers.arrayElement(['male', 'female', 'other'] as const);
  const sex = gender === 'other' ? undefined : gender;
  const given_name = faker.person.firstName(sex);
  const family_name = faker.person.lastName(sex);
  const preferred_username = usernameOf(given_name, family_name);
  return {
    id,
    sub: subjectFrom(`${seed}:${id}`),
    email: email ?? `${preferred_username}@example.com`,
    email_verified: true,
    name: `${given_name} ${family_name}`,
    given_name,
    family_name,
    locale: faker.helpers.arrayElement(locales),
    phone_number: `+1${faker.string.numeric({ length: 10, allowLeadingZeros: false })}`,
    preferred_username,
    gender,
  };
}
