import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { checkLpSdes } from '../../src/verify/lp-sdes.js';
import { runChecks } from '../../src/verify/run.js';
import { startTestIdp } from '../helpers/idp.js';
import { check, foreignKey, idTokenFrom, now, signWith } from './support.js';

let idp: RunningIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp?.stop());

/** The complete example of consumer-auth.md §5. */
const documented = [
  {
    type: 'ctmrinfo',
    info: {
      cstatus: 'active',
      ctype: 'vip',
      customerId: '110248495921238986420',
      balance: -120.55,
      currency: 'USD',
      socialId: '998877665544',
      imei: '490154203237518',
      userName: 'janedoe',
      companySize: 250,
      companyBranch: 'Downtown',
      accountName: 'Example Corp',
      role: 'buyer',
      lastPaymentDate: { day: 3, month: 11, year: 2024 },
      registrationDate: { day: 17, month: 2, year: 2019 },
      loginStatus: 1,
    },
  },
  {
    type: 'personal',
    personal: {
      firstname: 'Jane',
      lastname: 'Doe',
      age: { age: 38, year: 1986, month: 7, day: 21 },
      contacts: [
        {
          email: 'jane.doe@example.com',
          phone: '+1 415-555-0100',
          phoneType: 'MOBILE',
          address: { country: 'US', region: 'North America' },
        },
      ],
      gender: 'FEMALE',
      language: 'en-US',
      company: 'Example Corp',
    },
  },
];

const lpSdes = (value: unknown) => checkLpSdes({ lp_sdes: value });

describe('verify: lp_sdes', () => {
  it('passes our personas', async () => {
    const report = await runChecks({ jwt: await idTokenFrom(idp, 'persona-4'), issuer: idp.url });
    expect(check(report, 'lp_sdes')).toEqual({
      id: 'lp_sdes',
      status: 'pass',
      found: '2 SDE(s): ctmrinfo, personal',
    });
  });

  it('passes the documented example, a subset of it, and an empty array', () => {
    expect(lpSdes(documented).status).toBe('pass');
    expect(lpSdes([{ type: 'ctmrinfo', info: { customerId: '1' } }]).status).toBe('pass');
    expect(lpSdes([{ type: 'personal', personal: { gender: 1 } }]).status).toBe('pass');
    expect(lpSdes([])).toMatchObject({ status: 'pass', found: '0 SDE(s): none' });
  });

  it('is skipped when absent (it is optional)', () => {
    expect(checkLpSdes({})).toEqual({
      id: 'lp_sdes',
      status: 'skip',
      found: 'no lp_sdes claim (it is optional)',
    });
  });

  it.each([
    [
      'an object keyed by name',
      { customerInfo: { customerId: '1' } },
      /^an object: /,
      /an array of SDE objects, not an object/,
    ],
    ['a JSON string', JSON.stringify(documented), /^a string: /, /not a JSON string of it/],
    [
      'personal under "info"',
      [{ type: 'personal', info: { firstname: 'J' } }],
      /lp_sdes\[0\]: Unrecognized key: "info"/,
      /under "personal", not "info"/,
    ],
    [
      'storeNumber',
      [{ type: 'ctmrinfo', info: { storeNumber: '12' } }],
      /lp_sdes\[0\]\.info\.storeNumber: not supported in the authenticated flow/,
      /field names and types/,
    ],
    [
      'an unsupported SDE',
      [{ type: 'cart', total: 1 }],
      /lp_sdes\[0\]\.type: "cart" is not supported in the authenticated flow/,
      /only ctmrinfo and personal/,
    ],
    ['an unknown SDE', [{ type: 'loyalty' }], /"loyalty" is no SDE type/, /only ctmrinfo and personal/],
    [
      'a wrong type',
      [{ type: 'ctmrinfo', info: { balance: '12.50' } }],
      /lp_sdes\[0\]\.info\.balance: Invalid input: expected number, received string/,
      /types/,
    ],
    [
      'a bad phoneType',
      [{ type: 'personal', personal: { contacts: [{ phoneType: 'CELL' }] } }],
      /lp_sdes\[0\]\.personal\.contacts\[0\]\.phoneType: Invalid option/,
      /types/,
    ],
    [
      'a bad country',
      [{ type: 'personal', personal: { contacts: [{ address: { country: 'USA' } }] } }],
      /address\.country: an ISO 3166 alpha-2/,
      /types/,
    ],
    [
      'a misspelt field',
      [documented[0], { type: 'personal', personal: { firstName: 'J' } }],
      /lp_sdes\[1\]\.personal: Unrecognized key: "firstName"/,
      /field names/,
    ],
    ['not an object', ['ctmrinfo'], /lp_sdes\[0\]: not an object: "ctmrinfo"/, /an object with a type/],
  ])('warns about %s', (_, value, found, fix) => {
    expect(lpSdes(value)).toMatchObject({
      id: 'lp_sdes',
      status: 'warn',
      expected: expect.stringMatching(/^lp_sdes: a JSON array of SDEs/),
      found: expect.stringMatching(found),
      fix: expect.stringMatching(fix),
    });
  });

  it('lists at most six problems and counts the rest', () => {
    const many = Array.from({ length: 8 }, () => ({ type: 'cart' }));
    expect(lpSdes(many).found).toMatch(/; and 2 more$/);
  });

  it('is a warning in a full run, a failure with --strict', async () => {
    const key = await foreignKey();
    const claims = {
      iss: 'https://b.example',
      sub: 's',
      iat: now(),
      exp: now() + 60,
      lp_sdes: { customerInfo: {} },
    };
    const jwt = await signWith(key, claims, { typ: 'JWT' });
    const options = { jwt, issuer: 'https://b.example', jwks: { keys: [key.publicJwk], where: 'f' } };
    const report = await runChecks(options);
    expect(check(report, 'lp_sdes').status).toBe('warn');
    expect(report.ok).toBe(true);
    const strict = await runChecks({ ...options, strict: true });
    expect(check(strict, 'lp_sdes').status).toBe('fail');
    expect(strict.ok).toBe(false);
  });
});
