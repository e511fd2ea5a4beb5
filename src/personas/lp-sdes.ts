import type { Persona } from './persona.js';
import type { CalendarDate, PhoneType } from './profile.js';

/** The `ctmrinfo` SDE's payload. No `storeNumber` or `storeZipCode`: the platform ignores them when authenticated. */
export interface CustomerInfo {
  customerId: string;
  ctype: string;
  cstatus: string;
  balance: number;
  currency: string;
  socialId: string;
  imei: string;
  userName: string;
  companySize: number;
  companyBranch: string;
  accountName: string;
  role: string;
  lastPaymentDate: CalendarDate;
  registrationDate: CalendarDate;
  loginStatus: number;
}

export interface Contact {
  email: string;
  phone: string;
  phoneType: PhoneType;
  address: { country: string; region: string };
}

/** The `personal` SDE's payload. */
export interface PersonalInfo {
  firstname: string;
  lastname: string;
  /** Birth date, plus the age in whole years on the day the token is issued. */
  age: { age: number } & CalendarDate;
  contacts: Contact[];
  gender: 'MALE' | 'FEMALE' | 'OTHER';
  company: string;
  language: string;
}

/**
 * The `lp_sdes` claim: the two SDEs the platform accepts in an authenticated flow. Note the payload key:
 * `info` for `ctmrinfo`, but `personal` for `personal`.
 */
export type LpSdes = [{ type: 'ctmrinfo'; info: CustomerInfo }, { type: 'personal'; personal: PersonalInfo }];

const sdeGender = { male: 'MALE', female: 'FEMALE', other: 'OTHER' } as const;

/** Whole years from `birth` to the UTC day of `nowSeconds`; a 29 February birthday counts from 1 March. */
function ageOn(birth: CalendarDate, nowSeconds: number): number {
  const now = new Date(nowSeconds * 1000);
  const month = now.getUTCMonth() + 1;
  const day = now.getUTCDate();
  const beforeBirthday = month < birth.month || (month === birth.month && day < birth.day);
  return now.getUTCFullYear() - birth.year - (beforeBirthday ? 1 : 0);
}

/**
 * The `lp_sdes` claim for `persona` at `nowSeconds` (the IdP clock's now, which the age depends on). Names,
 * email, phone and customer id come from the persona's standard claims, so the two always agree.
 */
export function buildLpSdes(persona: Persona, nowSeconds: number): LpSdes {
  const { profile } = persona;
  const birth = profile.birthDate;
  return [
    {
      type: 'ctmrinfo',
      info: {
        customerId: persona.sub,
        ctype: profile.ctype,
        cstatus: profile.cstatus,
        balance: profile.balance,
        currency: profile.currency,
        socialId: profile.socialId,
        imei: profile.imei,
        userName: persona.preferred_username,
        companySize: profile.companySize,
        companyBranch: profile.companyBranch,
        accountName: profile.accountName,
        role: profile.role,
        lastPaymentDate: { ...profile.lastPaymentDate },
        registrationDate: { ...profile.registrationDate },
        loginStatus: profile.loginStatus,
      },
    },
    {
      type: 'personal',
      personal: {
        firstname: persona.given_name,
        lastname: persona.family_name,
        age: { age: ageOn(birth, nowSeconds), year: birth.year, month: birth.month, day: birth.day },
        contacts: [
          {
            email: persona.email,
            phone: persona.phone_number,
            phoneType: profile.phoneType,
            address: { country: profile.country, region: profile.region },
          },
        ],
        gender: sdeGender[persona.gender],
        company: profile.company,
        language: profile.language,
      },
    },
  ];
}
