import { z } from 'zod';

/**
 * The `lp_sdes` claim as the platform documents it (consumer-auth.md §5), written from the reference and not
 * from our types, so a test against it catches our types drifting from the platform's. Objects are strict:
 * a misspelt or unsupported key (e.g. `storeNumber`) fails.
 */

const int = z.int();

/** A real calendar day: 31 February fails. */
const calendarDate = z
  .strictObject({ day: int.min(1).max(31), month: int.min(1).max(12), year: int.min(1900).max(2100) })
  .refine(({ day, month, year }) => new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day, {
    message: 'not a calendar day',
  });

/** A double with at most two decimals, as money is. */
const money = z.number().refine((n) => Number.isFinite(n) && Math.round(n * 100) / 100 === n, {
  message: 'more than two decimals',
});

const ctmrinfo = z.strictObject({
  type: z.literal('ctmrinfo'),
  info: z.strictObject({
    ctype: z.string().min(1),
    cstatus: z.string().min(1),
    balance: money,
    currency: z.string().regex(/^[A-Z]{3}$/),
    customerId: z.string().min(1),
    socialId: z.string().min(1),
    imei: z.string().regex(/^\d{15}$/),
    userName: z.string().min(1),
    companySize: int.min(0),
    companyBranch: z.string().min(1),
    accountName: z.string().min(1),
    role: z.string().min(1),
    lastPaymentDate: calendarDate,
    registrationDate: calendarDate,
    loginStatus: int,
  }),
});

const personal = z.strictObject({
  type: z.literal('personal'),
  personal: z.strictObject({
    firstname: z.string().min(1),
    lastname: z.string().min(1),
    age: z
      .strictObject({
        age: int.min(0).max(150),
        year: int,
        month: int.min(1).max(12),
        day: int.min(1).max(31),
      })
      .refine(({ day, month, year }) => new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day, {
        message: 'not a calendar day',
      }),
    contacts: z
      .array(
        z.strictObject({
          email: z.email(),
          phone: z.string().min(1),
          phoneType: z.enum([
            'HOME',
            'MOBILE',
            'WORK',
            'FAX',
            'MAIN',
            'HOME_FAX',
            'WORK_FAX',
            'PAGER',
            'OTHER',
          ]),
          address: z.strictObject({ country: z.string().regex(/^[A-Z]{2}$/), region: z.string().min(1) }),
        }),
      )
      .min(1),
    gender: z.enum(['MALE', 'FEMALE', 'OTHER']),
    company: z.string().min(1),
    language: z.string().regex(/^[a-z]{2,3}-([A-Z]{2}|\d{3})$/),
  }),
});

/** Exactly the two SDEs supported in an authenticated flow, in that order. */
export const lpSdesSchema = z.tuple([ctmrinfo, personal]);
