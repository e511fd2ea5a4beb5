import { decodeProtectedHeader } from 'jose';
import tokenHash from 'oidc-token-hash';
import { newJwtId } from '../google/ids.js';
import type { RogueKeys } from '../keys/rogue-keys.js';
import type { SigningKey } from '../keys/signing-keys.js';
import type { Claims } from '../personas/claims.js';
import type { EncryptionTarget } from './encrypt.js';
import {
  applyClaimFaults,
  encryptWithFaults,
  malformedToken,
  signWithFaults,
  type TokenFault,
} from './token-faults.js';

export interface IdTokenOptions {
  issuer: string;
  clientId: string;
  key: SigningKey;
  /** Seconds since the epoch, from the IdP's clock. */
  now: number;
  lifetimeSeconds: number;
  /** When set, the signed token is then encrypted to this recipient (a nested JWT). */
  encryptTo?: EncryptionTarget;
  /** Token faults to inject (see faults/catalogue), and the rogue key some of them need. */
  faults?: readonly TokenFault[];
  rogue: RogueKeys;
}

/** Claims first in Google's ID tokens, in Google's order; the rest follow as given. */
const leading = ['iss', 'azp', 'aud', 'sub', 'hd', 'email', 'email_verified', 'at_hash', 'c_hash', 'nonce'];
const trailing = ['iat', 'exp', 'jti'];
const hashed = ['at_hash', 'c_hash', 's_hash'] as const;

function inGoogleOrder(claims: Claims): Claims {
  const rest = Object.keys(claims).filter((name) => !leading.includes(name) && !trailing.includes(name));
  const ordered = [...leading, ...rest, ...trailing].map((name) => [name, claims[name]] as const);
  return Object.fromEntries(ordered.filter(([, value]) => value !== undefined));
}

/**
 * The one place an ID token is minted (token endpoint, implicit flow and envelope JWTs alike): Google's header
 * (`alg` RS256, `kid`, `typ` JWT) and claim set, signed, then encrypted when the recipient asked for it. Token
 * faults act here, so every kind of ID token carries them alike. `claims` may carry the raw access token, code or
 * state under `at_hash`, `c_hash` and `s_hash`; they are replaced by their OIDC hashes here.
 */
/** A minted ID token, with what went into it (for the issued-token log). */
export interface MintedIdToken {
  token: string;
  /** The signed token's claims and header; absent for a `malformed` token. */
  claims?: Claims;
  header?: Record<string, unknown>;
  /** The JWE header, when encrypted. */
  encryption?: Record<string, unknown>;
}

export async function mintIdToken(claims: Claims, options: IdTokenOptions): Promise<MintedIdToken> {
  const faults = options.faults ?? [];
  if (faults.some((f) => f.name === 'malformed')) return { token: malformedToken() };
  const payload: Claims = {
    ...claims,
    iss: options.issuer,
    azp: options.clientId,
    aud: options.clientId,
    iat: options.now,
    exp: options.now + options.lifetimeSeconds,
    jti: newJwtId(),
  };
  for (const name of hashed) {
    if (typeof payload[name] === 'string')
      payload[name] = tokenHash.generate(payload[name] as string, 'RS256');
  }
  const faulted = inGoogleOrder(applyClaimFaults(payload, faults, options.lifetimeSeconds));
  const signed = await signWithFaults(faulted, options.key, faults, options.rogue);
  const token = await encryptWithFaults(signed, options.encryptTo, faults, options.rogue);
  return {
    token,
    claims: faulted,
    header: decodeProtectedHeader(signed),
    ...(token !== signed ? { encryption: decodeProtectedHeader(token) } : {}),
  };
}
