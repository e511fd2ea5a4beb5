import { createHash } from 'node:crypto';
import type { Faker } from '@faker-js/faker';
import { faker as englishFaker } from '@faker-js/faker/locale/en';
import { subjectFrom } from '../google/ids.js';
import type { Persona } from './persona.js';
import { generateProfile, PROFILE_REFERENCE_DATE, personaLocales } from './profile.js';

/** The faker seed for one persona: derived from the scenario seed and the persona id, nothing else. */
function seedFor(seed: number, key: string): number[] {
  const digest = createHash('sha256').update(`${seed}:${key}`).digest();
  return [digest.readUInt32BE(0), digest.readUInt32BE(4), digest.readUInt32BE(8), digest.readUInt32BE(12)];
}

/**
 * The English-locale faker (the only locale loaded: the full package takes ~250 ms to import), re-seeded for one
 * persona and with its "today" fixed, so output is the same on every machine and day. Generation is synchronous,
 * so re-seeding the one instance before each persona is as deterministic as a fresh instance.
 */
function fakerFor(seed: number, key: string): Faker {
  englishFaker.seed(seedFor(seed, key));
  englishFaker.setDefaultRefDate(PROFILE_REFERENCE_DATE);
  return englishFaker;
}

function usernameOf(given: string, family: string): string {
  return `${given}.${family}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
}

/**
 * Generates the persona `id` of a scenario seeded with `seed`: the same seed and id give the same persona on
 * every machine, run and day (nothing here reads the clock). `email` fixes the address (for personas created
 * from a `login_hint` email).
 */
export function generatePersona(seed: number, id: string, email?: string): Persona {
  const faker = fakerFor(seed, id);
  const gender = faker.helpers.arrayElement(['male', 'female', 'other'] as const);
  const sex = gender === 'other' ? undefined : gender;
  const given_name = faker.person.firstName(sex);
  const family_name = faker.person.lastName(sex);
  const preferred_username = usernameOf(given_name, family_name);
  const locale = faker.helpers.arrayElement(personaLocales);
  const phone_number = `+1${faker.string.numeric({ length: 10, allowLeadingZeros: false })}`;
  return {
    id,
    sub: subjectFrom(`${seed}:${id}`),
    email: email ?? `${preferred_username}@example.com`,
    email_verified: true,
    name: `${given_name} ${family_name}`,
    given_name,
    family_name,
    locale,
    phone_number,
    preferred_username,
    gender,
    profile: generateProfile(faker, locale),
    faults: [],
  };
}
