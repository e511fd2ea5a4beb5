import { randomBytes } from 'node:crypto';
import { type JWK, SignJWT, UnsecuredJWT } from 'jose';
import type { Fault } from '../faults/catalogue.js';
import { newKeyId } from '../google/ids.js';
import type { RogueKeys } from '../keys/rogue-keys.js';
import type { SigningKey } from '../keys/signing-keys.js';
import type { Claims } from '../personas/claims.js';
import { type EncryptionTarget, encryptIdToken } from './encrypt.js';

export type TokenFault = Extract<Fault, { kind: 'token' }>;

/** Far enough out of any usual clock-skew allowance (google-auth-library allows 300 s). */
const SKEW_BEYOND = 15 * 60;

function has(faults: readonly TokenFault[], name: TokenFault['name']): boolean {
  return faults.some((f) => f.name === name);
}

/** A string that is no JWT at all, for `malformed`. */
export function malformedToken(): string {
  return `mock-idp-malformed-token-${randomBytes(12).toString('hex')}`;
}

/** The claim faults: times, issuer, audience, azp, nonce, email_verified, and claims left out. */
export function applyClaimFaults(payload: Claims, faults: readonly TokenFault[], lifetime: number): Claims {
  const faulted = { ...payload };
  const now = payload.iat as number;
  if (has(faults, 'expired'))
    Object.assign(faulted, { iat: now - lifetime - SKEW_BEYOND, exp: now - SKEW_BEYOND });
  if (has(faults, 'not_yet_valid')) {
    const future = now + SKEW_BEYOND;
    Object.assign(faulted, { iat: future, nbf: future, exp: future + lifetime });
  }
  if (has(faults, 'wrong_issuer')) faulted.iss = 'https://wrong-issuer.mock-idp.invalid';
  if (has(faults, 'wrong_audience')) faulted.aud = 'wrong-audience.mock-idp.invalid';
  if (has(faults, 'wrong_azp')) faulted.azp = 'wrong-azp.mock-idp.invalid';
  if (has(faults, 'wrong_nonce')) faulted.nonce = `wrong-nonce-${randomBytes(8).toString('hex')}`;
  if (has(faults, 'email_unverified')) faulted.email_verified = false;
  for (const fault of faults) if (fault.name === 'missing_claim') delete faulted[fault.claim];
  return faulted;
}

/**
 * Signs the payload as the faults say: with the IdP's key (the normal case), a rogue key under the real `kid`
 * (`bad_signature`), the real key under a `kid` in no JWKS (`unknown_kid`), or not at all (`unsigned`).
 */
export async function signWithFaults(
  payload: Claims,
  key: SigningKey,
  faults: readonly TokenFault[],
  rogue: RogueKeys,
): Promise<string> {
  if (has(faults, 'unsigned')) return new UnsecuredJWT(payload).encode();
  const kid = has(faults, 'unknown_kid') ? newKeyId() : key.kid;
  const signer = has(faults, 'bad_signature') ? (await rogue.get()).privateKey : key.privateKey;
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(signer);
}

/** Encrypts to the recipient, or for `wrong_encryption_key` to a rogue key dressed in the recipient's `kid`. */
export async function encryptWithFaults(
  signed: string,
  recipient: EncryptionTarget | undefined,
  faults: readonly TokenFault[],
  rogue: RogueKeys,
): Promise<string> {
  if (!has(faults, 'wrong_encryption_key')) return recipient ? encryptIdToken(signed, recipient) : signed;
  const key: JWK = { ...(await rogue.get()).publicJwk, kid: recipient?.key.kid ?? newKeyId() };
  return encryptIdToken(signed, {
    key,
    alg: recipient?.alg ?? 'RSA-OAEP-256',
    enc: recipient?.enc ?? 'A256GCM',
  });
}
