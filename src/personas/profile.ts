import type { Faker } from '@faker-js/faker';

/** A day in the calendar, as the chat platform's SDEs spell dates: no time, no time zone, `month` 1–12. */
export interface CalendarDate {
  day: number;
  month: number;
  year: number;
}

/** The phone types the platform's `personal.contacts[].phoneType` accepts. */
export const phoneTypes = [
  'HOME',
  'MOBILE',
  'WORK',
  'FAX',
  'MAIN',
  'HOME_FAX',
  'WORK_FAX',
  'PAGER',
  'OTHER',
] as const;
export type PhoneType = (typeof phoneTypes)[number];

/**
 * What the brand knows about a consumer beyond the standard claims: the raw data of the `lp_sdes` claim.
 * Name, email, phone and `sub` are not repeated here; the SDEs take them from the persona, so the SDEs and
 * the standard claims cannot disagree. Holds no age: that depends on "now", so it is computed when a token
 * is issued.
 */
export interface ConsumerProfile {
  /** Customer tier; the platform compares it case-insensitively. */
  ctype: string;
  cstatus: string;
  /** Account balance in `currency`, at most two decimals; negative when the consumer owes money. */
  balance: number;
  /** ISO 4217 code. */
  currency: string;
  socialId: string;
  /** 15 digits. */
  imei: string;
  companySize: number;
  companyBranch: string;
  accountName: string;
  role: string;
  lastPaymentDate: CalendarDate;
  registrationDate: CalendarDate;
  /** A brand-defined code the platform only displays; its meaning is not documented. */
  loginStatus: number;
  birthDate: CalendarDate;
  /** Type of the persona's `phone_number`. */
  phoneType: PhoneType;
  /** ISO 3166-1 alpha-2. */
  country: string;
  region: string;
  company: string;
  /** BCP 47 tag with a country, e.g. `en-US`. */
  language: string;
}

/** Where a persona lives: the country's region and money. */
interface Home {
  country: string;
  region: string;
  currency: string;
}

/**
 * The locales personas speak, each with the countries a speaker may live in, so a persona's `locale`,
 * address, currency and `language` tell one story.
 */
const homesByLocale = {
  en: [
    { country: 'US', region: 'North America', currency: 'USD' },
    { country: 'CA', region: 'North America', currency: 'CAD' },
  ],
  'en-GB': [{ country: 'GB', region: 'Europe', currency: 'GBP' }],
  'es-419': [
    { country: 'MX', region: 'Latin America', currency: 'MXN' },
    { country: 'AR', region: 'Latin America', currency: 'ARS' },
    { country: 'CO', region: 'Latin America', currency: 'COP' },
  ],
  fr: [
    { country: 'FR', region: 'Europe', currency: 'EUR' },
    { country: 'BE', region: 'Europe', currency: 'EUR' },
    { country: 'CA', region: 'North America', currency: 'CAD' },
  ],
  de: [
    { country: 'DE', region: 'Europe', currency: 'EUR' },
    { country: 'AT', region: 'Europe', currency: 'EUR' },
    { country: 'CH', region: 'Europe', currency: 'CHF' },
  ],
  'pt-BR': [{ country: 'BR', region: 'South America', currency: 'BRL' }],
} as const satisfies Record<string, readonly Home[]>;

export type PersonaLocale = keyof typeof homesByLocale;

export const personaLocales = Object.keys(homesByLocale) as PersonaLocale[];

/**
 * The fixed "today" of generated profiles. Dates are drawn relative to it, never to the wall clock, so the
 * same seed gives the same profile whenever it runs.
 */
export const PROFILE_REFERENCE_DATE = new Date('2025-06-30T00:00:00Z');

const DAY_MS = 86_400_000;

function calendarDate(date: Date): CalendarDate {
  return { day: date.getUTCDate(), month: date.getUTCMonth() + 1, year: date.getUTCFullYear() };
}

/** Generates a consumer profile with `faker` (already seeded for the persona) for a persona speaking `locale`. */
export function generateProfile(faker: Faker, locale: PersonaLocale): ConsumerProfile {
  const home = faker.helpers.arrayElement<Home>(homesByLocale[locale]);
  const registered = faker.date.between({ from: '2015-01-01T00:00:00Z', to: PROFILE_REFERENCE_DATE });
  const yearBefore = new Date(PROFILE_REFERENCE_DATE.getTime() - 365 * DAY_MS);
  const lastPaid = faker.date.between({
    from: registered > yearBefore ? registered : yearBefore,
    to: PROFILE_REFERENCE_DATE,
  });
  const company = faker.company.name();
  return {
    ctype: faker.helpers.arrayElement(['vip', 'gold', 'silver', 'bronze', 'regular']),
    cstatus: faker.helpers.weightedArrayElement([
      { weight: 7, value: 'active' },
      { weight: 1, value: 'suspended' },
      { weight: 1, value: 'cancelled' },
      { weight: 1, value: 'pending' },
    ]),
    balance: faker.number.int({ min: -50_000, max: 500_000 }) / 100,
    currency: home.currency,
    socialId: faker.string.numeric({ length: 12, allowLeadingZeros: false }),
    imei: faker.phone.imei().replaceAll('-', ''),
    companySize: faker.number.int({ min: 1, max: 10_000 }),
    companyBranch: faker.location.city(),
    accountName: company,
    role: faker.helpers.arrayElement(['owner', 'admin', 'buyer', 'member']),
    lastPaymentDate: calendarDate(lastPaid),
    registrationDate: calendarDate(registered),
    loginStatus: faker.number.int({ min: 0, max: 2 }),
    birthDate: calendarDate(
      faker.date.birthdate({ mode: 'age', min: 18, max: 80, refDate: PROFILE_REFERENCE_DATE }),
    ),
    phoneType: faker.helpers.weightedArrayElement<PhoneType>([
      { weight: 6, value: 'MOBILE' },
      { weight: 2, value: 'HOME' },
      { weight: 1, value: 'WORK' },
      { weight: 1, value: 'MAIN' },
    ]),
    country: home.country,
    region: home.region,
    company,
    language: `${locale.split('-')[0]}-${home.country}`,
  };
}
