import { CompactEncrypt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformKeyPair } from '../../src/keys/platform-key-pair.js';
import { decryptionKeysFrom } from '../../src/verify/private-keys.js';
import { runChecks } from '../../src/verify/run.js';
import { platformKeys } from '../helpers/platform.js';
import {
  brandClaims,
  type FakeIdp,
  type ForeignKey,
  foreignKey,
  signWith,
  startFakeIdp,
  statuses,
} from './support.js';

// A brand points verify at its own staging IdP: not ours, not Google-shaped, encrypting to the platform's key.
let brand: FakeIdp;
let key: ForeignKey;
let platform: PlatformKeyPair;
beforeAll(async () => {
  key = await foreignKey();
  platform = await platformKeys();
  brand = await startFakeIdp(key, async (idp) => {
    const claims = brandClaims(idp.url, 'brand-client', {
      lp_sdes: { customerInfo: { customerId: 'customer-42' } },
    });
    const signed = await signWith(key, claims, { typ: 'JWT' });
    const encrypted = await new CompactEncrypt(new TextEncoder().encode(signed))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT', kid: platform.kid })
      .encrypt(platform.publicJwk);
    return { access_token: 'NotApplicable', token_type: 'Bearer', expires_in: 3600, id_token: encrypted };
  });
});
afterAll(() => brand?.stop());

const options = () => ({
  code: 'good-code',
  issuer: brand.url,
  clientId: 'brand-client',
  clientSecret: 'brand-secret',
  decryptKeys: decryptionKeysFrom(platform.privateKeyPem),
});

describe('verify against a brand IdP', () => {
  it('passes what the platform requires and warns about the rest', async () => {
    const report = await runChecks(options());
    expect(statuses(report)).toEqual({
      discovery: 'pass',
      code_exchange: 'pass',
      decrypt: 'pass',
      signature: 'pass',
      iss: 'pass',
      aud: 'pass',
      azp: 'skip',
      exp: 'pass',
      iat: 'pass',
      nonce: 'skip',
      sub: 'pass',
      google_shape: 'warn',
      lp_sdes: 'warn',
    });
    expect(report.ok).toBe(true);
    const google = report.checks.find((c) => c.id === 'google_shape');
    expect(google?.found).toBe('sub "customer-42"; azp absent; at_hash absent');
  });

  it('fails with --strict', async () => {
    const report = await runChecks({ ...options(), strict: true });
    expect(report.ok).toBe(false);
    expect(statuses(report)).toMatchObject({ google_shape: 'fail', lp_sdes: 'fail' });
  });
});
