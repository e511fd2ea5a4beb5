import { describe, expect, it } from 'vitest';
import { personaClaims } from '../../src/personas/claims.js';
import { generatePersona } from '../../src/personas/generate.js';
import { buildLpSdes, type Contact, type LpSdes } from '../../src/personas/lp-sdes.js';
import type { Persona } from '../../src/personas/persona.js';
import { lpSdesSchema } from './lp-sdes-schema.js';

const NOW = Date.UTC(2026, 2, 15, 12) / 1000;

const fromEmail = generatePersona(42, 'jane.doe@example.org', 'Jane.Doe@example.org');

const personas: Persona[] = [
  ...[1, 42].flatMap((seed) =>
    Array.from({ length: 50 }, (_, i) => generatePersona(seed, `persona-${i + 1}`)),
  ),
  fromEmail,
];

function seconds(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day, 12) / 1000;
}

function withBirthDate(year: number, month: number, day: number): Persona {
  const persona = generatePersona(42, 'persona-1');
  return { ...persona, profile: { ...persona.profile, birthDate: { day, month, year } } };
}

describe('lp_sdes', () => {
  it.each(personas.map((p) => [p.id, p] as const))('of %s matches the documented structure', (_, persona) => {
    const result = lpSdesSchema.safeParse(buildLpSdes(persona, NOW));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it.each(personas.map((p) => [p.id, p] as const))('of %s agrees with the standard claims', (_, persona) => {
    const claims = personaClaims(persona, 'https://idp.example.test', 'id_token', { now: NOW, lpSdes: true });
    const [{ info }, { personal }] = buildLpSdes(persona, NOW);
    expect(info.customerId).toBe(claims.sub);
    expect(info.userName).toBe(claims.preferred_username);
    expect(personal.firstname).toBe(claims.given_name);
    expect(personal.lastname).toBe(claims.family_name);
    expect(`${personal.firstname} ${personal.lastname}`).toBe(claims.name);
    expect(personal.contacts).toHaveLength(1);
    expect(personal.contacts[0]?.email).toBe(claims.email);
    expect(personal.contacts[0]?.phone).toBe(claims.phone_number);
    expect(personal.gender.toLowerCase()).toBe(claims.gender);
    expect(personal.language.split('-')[0]).toBe(String(claims.locale).split('-')[0]);
  });

  it('keeps the address given at login for a persona created from an email', () => {
    expect(buildLpSdes(fromEmail, NOW)[1].personal.contacts[0]?.email).toBe('Jane.Doe@example.org');
  });

  it('has registration in the past and the last payment between registration and the generation date', () => {
    for (const persona of personas) {
      const [{ info }] = buildLpSdes(persona, NOW);
      const day = ({ year, month, day }: { year: number; month: number; day: number }) =>
        Date.UTC(year, month - 1, day);
      expect(day(info.registrationDate)).toBeLessThanOrEqual(day(info.lastPaymentDate));
      expect(day(info.lastPaymentDate)).toBeLessThan(NOW * 1000);
    }
  });

  it('does not share objects with the persona, so a changed claim cannot change the persona', () => {
    const persona = generatePersona(42, 'persona-2');
    const [{ info }, { personal }] = buildLpSdes(persona, NOW);
    info.registrationDate.year = 1900;
    personal.age.year = 1900;
    expect(persona.profile.registrationDate.year).not.toBe(1900);
    expect(persona.profile.birthDate.year).not.toBe(1900);
  });
});

describe('the lp_sdes schema', () => {
  const valid = () => buildLpSdes(generatePersona(42, 'persona-1'), NOW);
  const rejects = (change: (sdes: LpSdes) => unknown) => {
    const sdes = valid();
    change(sdes);
    return !lpSdesSchema.safeParse(sdes).success;
  };
  const contactOf = (sdes: LpSdes): Contact => {
    const [contact] = sdes[1].personal.contacts;
    if (!contact) throw new Error('no contact');
    return contact;
  };

  it('rejects what the platform does not accept', () => {
    expect(lpSdesSchema.safeParse(valid()).success).toBe(true);
    expect(rejects(([{ info }]) => Object.assign(info, { storeNumber: '12' }))).toBe(true);
    expect(rejects(([, sde]) => Object.assign(sde, { info: sde.personal }))).toBe(true);
    expect(rejects(([, { personal }]) => Object.assign(personal, { gender: 1 }))).toBe(true);
    expect(rejects((sdes) => Object.assign(contactOf(sdes), { phoneType: 'CELL' }))).toBe(true);
    expect(rejects((sdes) => Object.assign(contactOf(sdes).address, { country: 'us' }))).toBe(true);
    expect(rejects(([{ info }]) => Object.assign(info, { balance: '12.50' }))).toBe(true);
    expect(rejects(([{ info }]) => Object.assign(info.lastPaymentDate, { month: 2, day: 30 }))).toBe(true);
    expect(rejects((sdes) => sdes.pop())).toBe(true);
  });
});

describe('lp_sdes age', () => {
  const age = (persona: Persona, now: number) => buildLpSdes(persona, now)[1].personal.age;

  it('carries the birth date and counts a year only from the birthday on', () => {
    const persona = withBirthDate(1990, 6, 15);
    expect(age(persona, seconds(2026, 6, 14))).toEqual({ age: 35, year: 1990, month: 6, day: 15 });
    expect(age(persona, seconds(2026, 6, 15))).toEqual({ age: 36, year: 1990, month: 6, day: 15 });
    expect(age(persona, seconds(2026, 12, 31)).age).toBe(36);
    expect(age(persona, seconds(2027, 1, 1)).age).toBe(36);
  });

  it('uses the UTC day of the given now', () => {
    const persona = withBirthDate(2000, 1, 1);
    expect(age(persona, Date.UTC(2025, 11, 31, 23, 59, 59) / 1000).age).toBe(25);
    expect(age(persona, Date.UTC(2026, 0, 1, 0, 0, 0) / 1000).age).toBe(26);
  });

  it('counts a 29 February birthday from 1 March in common years', () => {
    const persona = withBirthDate(2004, 2, 29);
    expect(age(persona, seconds(2025, 2, 28)).age).toBe(20);
    expect(age(persona, seconds(2025, 3, 1)).age).toBe(21);
    expect(age(persona, seconds(2028, 2, 29)).age).toBe(24);
  });
});
