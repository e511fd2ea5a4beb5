import { z } from 'zod';
import { phoneTypes } from '../personas/profile.js';

/**
 * The `lp_sdes` structure the platform documents (consumer-auth.md §5), written for checking what any IdP sends:
 * every field optional, types as documented, objects strict so a misspelt or unsupported key shows. Only the two
 * SDEs supported in an authenticated flow are described; the payload key is `info` for `ctmrinfo` but `personal`
 * for `personal`.
 */

const int = z.int();
const text = z.string();

/** A day as the platform writes one. */
const calendarDate = z.strictObject({
  day: int.min(1).max(31),
  month: int.min(1).max(12),
  year: int.min(1000).max(9999),
});

const unauthenticatedOnly = z
  .never({ error: 'not supported in the authenticated flow (ignored by the platform)' })
  .optional();

const ctmrinfo = z.strictObject({
  type: z.literal('ctmrinfo'),
  info: z.strictObject({
    ctype: text.optional(),
    cstatus: text.optional(),
    balance: z.number().optional(),
    currency: text.optional(),
    customerId: text.optional(),
    socialId: text.optional(),
    imei: text.optional(),
    userName: text.optional(),
    companySize: int.optional(),
    companyBranch: text.optional(),
    accountName: text.optional(),
    role: text.optional(),
    lastPaymentDate: calendarDate.optional(),
    registrationDate: calendarDate.optional(),
    loginStatus: int.optional(),
    storeZipCode: unauthenticatedOnly,
    storeNumber: unauthenticatedOnly,
  }),
});

const contact = z.strictObject({
  email: text.optional(),
  phone: text.optional(),
  phoneType: z.enum(phoneTypes).optional(),
  address: z
    .strictObject({
      country: text.regex(/^[A-Z]{2}$/, { error: 'an ISO 3166 alpha-2 country code, e.g. "US"' }).optional(),
      region: text.optional(),
    })
    .optional(),
});

const personal = z.strictObject({
  type: z.literal('personal'),
  personal: z.strictObject({
    firstname: text.optional(),
    lastname: text.optional(),
    age: z
      .strictObject({
        age: int.min(0).optional(),
        year: int.optional(),
        month: int.min(1).max(12).optional(),
        day: int.min(1).max(31).optional(),
      })
      .optional(),
    contacts: z.array(contact).optional(),
    // The reference table says 0, 1, 2; every example says "MALE", "FEMALE", "OTHER": both are taken.
    gender: z.union([z.enum(['MALE', 'FEMALE', 'OTHER']), z.literal([0, 1, 2])]).optional(),
    company: text.optional(),
    language: text.optional(),
  }),
});

/** The schema of each SDE supported in an authenticated flow, by `type`. */
export const authenticatedSdes = { ctmrinfo, personal } as const;

/** SDE types the platform documents but ignores in an authenticated flow. */
export const unauthenticatedSdeTypes = [
  'cart',
  'purchase',
  'prodView',
  'mrktInfo',
  'lead',
  'service',
  'error',
  'searchInfo',
] as const;
