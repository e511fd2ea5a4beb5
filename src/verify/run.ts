import { type Check, type CheckId, checkIds, skip, type VerifyReport } from './checks.js';
import { checkAud, checkAzp, checkIss, checkNonce, checkSub } from './claims.js';
import { type AuthMethod, exchangeCode } from './code-exchange.js';
import { decodeJws } from './decode.js';
import { decryptToken } from './decrypt.js';
import { discover } from './discovery.js';
import { checkGoogleShape } from './google-shape.js';
import { checkLpSdes } from './lp-sdes.js';
import type { DecryptionKey } from './private-keys.js';
import { type KeySource, verifySignature } from './signature.js';
import { checkExp, checkIat } from './times.js';

/** The redirect URI the platform sends with embedded-window codes when the page names none. */
export const PLATFORM_REDIRECT_URI = 'https://liveperson.net';
/** Allowed clock difference, in seconds. */
export const DEFAULT_LEEWAY = 60;

interface Common {
  /** Where discovery is fetched, and the `iss` expected unless `expectedIss` says otherwise. */
  issuer: string;
  /** The `iss` tokens must carry, when it is not `issuer` (e.g. `https://accounts.google.com`). */
  expectedIss?: string;
  clientId?: string;
  nonce?: string;
  /** The platform's private keys, for an encrypted token. */
  decryptKeys?: DecryptionKey[];
  /** The signing keys, instead of discovery's `jwks_uri`. */
  jwks?: KeySource;
  /** Warnings fail. */
  strict?: boolean;
  /** Seconds; default {@link DEFAULT_LEEWAY}. */
  leeway?: number;
  /** Now in seconds; default the system clock. */
  now?: number;
}

/** A code the brand hands over (Code Flow): redeemed at the token endpoint as the platform does. */
export interface CodeInput extends Common {
  code: string;
  clientId: string;
  clientSecret: string;
  /** Default {@link PLATFORM_REDIRECT_URI}. */
  redirectUri?: string;
  /** Default `client_secret_basic`. */
  authMethod?: AuthMethod;
  codeVerifier?: string;
}

/** An ID token the brand hands over (Implicit Flow). */
export interface JwtInput extends Common {
  jwt: string;
}

export type VerifyOptions = CodeInput | JwtInput;

/** Every check from `from` on in order, skipped for one reason. */
function notRun(from: CheckId, why: string): Check[] {
  return checkIds.slice(checkIds.indexOf(from)).map((id) => skip(id, `not run: ${why}`));
}

/** The ID token, by code exchange or as given: with the access token for `at_hash`, or the reason there is none. */
async function obtainToken(
  options: VerifyOptions,
  tokenEndpoint: string | undefined,
): Promise<{ check: Check; token?: string; accessToken?: string }> {
  if ('jwt' in options) {
    return { check: skip('code_exchange', 'an ID token was given, not a code'), token: options.jwt };
  }
  if (!tokenEndpoint)
    return { check: skip('code_exchange', 'not run: no token endpoint (discovery failed)') };
  const exchanged = await exchangeCode({
    tokenEndpoint,
    code: options.code,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUri: options.redirectUri ?? PLATFORM_REDIRECT_URI,
    authMethod: options.authMethod ?? 'client_secret_basic',
    codeVerifier: options.codeVerifier,
  });
  return { check: exchanged.check, token: exchanged.idToken, accessToken: exchanged.accessToken };
}

async function runSteps(options: VerifyOptions): Promise<Check[]> {
  const isCode = 'code' in options;
  const expectedIss = options.expectedIss ?? options.issuer;
  const { check: discovery, discovered } = await discover(options.issuer, {
    tokenEndpoint: isCode,
    jwksUri: options.jwks === undefined,
    expectedIss,
    authMethod: isCode ? (options.authMethod ?? 'client_secret_basic') : undefined,
  });
  const obtained = await obtainToken(options, discovered.tokenEndpoint);
  const checks = [discovery, obtained.check];
  if (obtained.token === undefined) return [...checks, ...notRun('decrypt', 'no ID token')];
  const decrypted = await decryptToken(obtained.token, options.decryptKeys ?? []);
  checks.push(decrypted.check);
  if (decrypted.jws === undefined) return [...checks, ...notRun('signature', 'the token did not decrypt')];
  const keys = options.jwks ?? (discovered.jwksUri ? { url: discovered.jwksUri } : undefined);
  checks.push(await verifySignature(decrypted.jws, keys));
  const token = decodeJws(decrypted.jws);
  if ('error' in token) return [...checks, ...notRun('iss', `the claims cannot be read (${token.error})`)];
  const { payload } = token;
  const clock = {
    now: options.now ?? Math.floor(Date.now() / 1000),
    leeway: options.leeway ?? DEFAULT_LEEWAY,
  };
  return [
    ...checks,
    checkIss(payload, expectedIss),
    checkAud(payload, options.clientId),
    checkAzp(payload, options.clientId),
    checkExp(payload, clock),
    checkIat(payload, clock),
    checkNonce(payload, options.nonce),
    checkSub(payload),
    checkGoogleShape(token, obtained.accessToken),
    checkLpSdes(payload),
  ];
}

/**
 * Does what the chat platform does with what a brand hands over — discovery, code exchange, decryption, signature,
 * claims — and reports every step, each with its reason, even after one fails. Warnings (differences from Google's
 * shape and from the `lp_sdes` structure) fail too when `strict`.
 */
export async function runChecks(options: VerifyOptions): Promise<VerifyReport> {
  const steps = await runSteps(options);
  const checks = options.strict
    ? steps.map((check) => (check.status === 'warn' ? { ...check, status: 'fail' as const } : check))
    : steps;
  return { ok: !checks.some((check) => check.status === 'fail'), checks };
}
