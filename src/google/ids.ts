import { createHash, randomBytes } from 'node:crypto';

/** Google's signing key ids: 40 lowercase hex characters. */
export function newKeyId(): string {
  return randomBytes(20).toString('hex');
}

/** A JWT id shaped like Google's: 40 lowercase hex characters. */
export function newJwtId(): string {
  return randomBytes(20).toString('hex');
}

/** Google's subject identifiers are 21-digit numeric strings that never start with 0. */
export const SUB_PATTERN = /^[1-9][0-9]{20}$/;

/**
 * A stable 21-digit `sub` derived from any string (e.g. an email address): the same input gives the same
 * subject on every machine and run.
 */
export function subjectFrom(input: string): string {
  const digest = createHash('sha256').update(input).digest();
  let digits = String(((digest[0] ?? 0) % 9) + 1);
  for (let i = 1; digits.length < 21; i += 1) digits += String((digest[i] ?? 0) % 10);
  return digits;
}

/** Prefixes Google's opaque tokens carry, so logs and RPs see familiar shapes. */
export const tokenPrefix = {
  AuthorizationCode: '4/0A',
  AccessToken: 'ya29.',
  RefreshToken: '1//0',
} as const;
