import tokenHash from 'oidc-token-hash';
import { SUB_PATTERN } from '../google/ids.js';
import { type Check, combine, type Finding, shown } from './checks.js';
import type { Decoded } from './decode.js';

/** google-auth-library refuses ID tokens that live longer than this. */
const MAX_LIFETIME = 86_400;

type Rule = (token: Decoded, accessToken: string | undefined) => Finding | undefined;

const differs = (expected: string, found: string, fix: string): Finding => ({
  level: 'warn',
  expected,
  found,
  fix,
});

function atHash({ header, payload }: Decoded, accessToken: string | undefined): Finding | undefined {
  if (accessToken === undefined) return undefined;
  if (payload.at_hash === undefined) {
    return differs(
      'at_hash (Google puts it in every code-exchange ID token)',
      'at_hash absent',
      'add at_hash: base64url of the left half of SHA-256 of the access token',
    );
  }
  let hash: string | undefined;
  try {
    hash = tokenHash.generate(accessToken, String(header.alg));
  } catch {
    return undefined;
  }
  if (payload.at_hash === hash) return undefined;
  return differs(
    `at_hash "${hash}" (of the access_token in the same response)`,
    `at_hash ${shown(payload.at_hash)}`,
    'compute at_hash from the access token returned alongside (OIDC Core §3.1.3.6)',
  );
}

/** Google's ID token shape (google-oidc.md §10); the platform needs none of it, Google's own verifiers some. */
const rules: Rule[] = [
  ({ header }) =>
    header.typ === 'JWT'
      ? undefined
      : differs('header typ "JWT"', `typ ${shown(header.typ)}`, 'set typ "JWT" in the JWS header'),
  ({ header }) =>
    header.kid === undefined
      ? differs(
          'a kid in the header',
          'kid absent',
          'name the signing key (kid) so verifiers can pick it from the JWKS',
        )
      : undefined,
  ({ payload }) =>
    typeof payload.sub !== 'string' || SUB_PATTERN.test(payload.sub)
      ? undefined
      : differs(
          'sub a 21-digit numeric string',
          `sub ${shown(payload.sub)}`,
          "Google's subjects are 21 digits; fine for the platform, but code written against Google may assume it",
        ),
  ({ payload }) =>
    payload.email === undefined || typeof payload.email_verified === 'boolean'
      ? undefined
      : differs(
          'email_verified a JSON boolean (with email)',
          `email_verified ${shown(payload.email_verified)}`,
          'write email_verified as true or false, not a string',
        ),
  ({ payload }) =>
    payload.azp === undefined
      ? differs('azp (the client id)', 'azp absent', 'add azp: the client the token was issued to')
      : undefined,
  ({ payload }) =>
    payload.aud === undefined || typeof payload.aud === 'string'
      ? undefined
      : differs(
          'aud a single string',
          `aud ${shown(payload.aud)}`,
          'issue the token to one audience, as a string',
        ),
  ({ payload }) =>
    [payload.iat, payload.exp].every((t) => typeof t !== 'number' || Number.isInteger(t))
      ? undefined
      : differs(
          'iat and exp whole seconds',
          `iat ${shown(payload.iat)}, exp ${shown(payload.exp)}`,
          'round the times to whole seconds',
        ),
  ({ payload }) => {
    const { iat, exp } = payload;
    if (typeof iat !== 'number' || typeof exp !== 'number' || exp - iat <= MAX_LIFETIME) return undefined;
    return differs(
      `a lifetime of at most ${MAX_LIFETIME} s (Google's is 3600)`,
      `exp - iat = ${exp - iat} s`,
      'issue shorter-lived ID tokens: google-auth-library refuses longer ones',
    );
  },
  atHash,
];

/** Where the token differs from a Google ID token: warnings only (failures with --strict). */
export function checkGoogleShape(token: Decoded, accessToken: string | undefined): Check {
  const findings = rules.map((rule) => rule(token, accessToken)).filter((f) => f !== undefined);
  const matched = ['typ JWT', 'kid', '21-digit sub', 'azp', accessToken ? 'at_hash' : undefined];
  return combine('google_shape', findings, `Google-shaped: ${matched.filter(Boolean).join(', ')}`);
}
