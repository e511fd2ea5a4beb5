/**
 * Every fault mock-idp can inject, with what it does and what a relying party should do about it. The README's
 * fault table is this list; names are exact.
 */
export const tokenFaults = {
  expired: 'exp at least 10 minutes in the past: reject the token (expired)',
  not_yet_valid: 'iat and nbf at least 10 minutes in the future: reject the token (not yet valid)',
  wrong_issuer: 'iss is not the IdP: reject the token (unexpected iss)',
  wrong_audience: 'aud is another client: reject the token (unexpected aud)',
  wrong_azp: 'azp is another client: reject the token (unexpected azp)',
  bad_signature: 'signed by a key not in the JWKS, with a kid that is: reject the token (signature)',
  unknown_kid: 'kid in no JWKS: refetch the JWKS once, then reject the token',
  unsigned: 'alg none, no signature: reject the token',
  'missing_claim:<name>': 'a required claim left out (e.g. missing_claim:sub): reject the token',
  wrong_nonce: 'nonce is not the one sent: reject the token (replay protection)',
  email_unverified: 'email_verified false: do not trust the email for identity',
  wrong_encryption_key: 'JWE to a key the platform does not hold: decryption fails, reject',
  malformed: 'not a JWT at all: reject the token',
} as const;

export const flowFaults = {
  access_denied: 'the authorization request ends with error=access_denied: show "not authenticated"',
  login_required: 'error=login_required: ask the consumer to log in',
  interaction_required: 'error=interaction_required: retry with a visible login',
  server_error: 'error=server_error: retry later, do not loop',
  temporarily_unavailable: 'error=temporarily_unavailable: retry later with back-off',
  invalid_grant_on_token:
    'the token endpoint refuses a good code (invalid_grant): do not retry the same code',
  token_endpoint_500: 'the token endpoint answers HTTP 500: retry with back-off, then give up cleanly',
  jwks_unavailable: 'the JWKS answers HTTP 503: keep using cached keys, retry later',
  'slow:<ms>': 'every endpoint the fault covers answers after <ms> milliseconds: time out, do not hang',
} as const;

/** Faults the authorization endpoint answers to the client's redirect URI. */
export const authorizationErrors = [
  'access_denied',
  'login_required',
  'interaction_required',
  'server_error',
  'temporarily_unavailable',
] as const;

export type AuthorizationError = (typeof authorizationErrors)[number];

/** A parsed fault: its name, and the argument of `missing_claim:<name>` or `slow:<ms>`. */
export type Fault =
  | { kind: 'token'; name: Exclude<keyof typeof tokenFaults, 'missing_claim:<name>'> }
  | { kind: 'token'; name: 'missing_claim'; claim: string }
  | { kind: 'authorization'; name: AuthorizationError }
  | { kind: 'token_endpoint'; name: 'invalid_grant_on_token' | 'token_endpoint_500' }
  | { kind: 'jwks'; name: 'jwks_unavailable' }
  | { kind: 'slow'; name: 'slow'; ms: number };

/** Every valid spelling, for error messages. */
export const faultNames = [...Object.keys(tokenFaults), ...Object.keys(flowFaults)];

/** The text a fault is written as: `expired`, `missing_claim:sub`, `slow:500`. */
export function faultText(fault: Fault): string {
  if (fault.name === 'missing_claim') return `missing_claim:${fault.claim}`;
  if (fault.name === 'slow') return `slow:${fault.ms}`;
  return fault.name;
}
