import { buildLpSdes } from './lp-sdes.js';
import type { Persona } from './persona.js';

/** Path under the issuer where a persona's avatar is served. */
export function avatarPath(personaId: string): string {
  return `/avatars/${encodeURIComponent(personaId)}.svg`;
}

/** Claims the chat platform maps, which travel in the ID token only (Google's userinfo has none of them). */
export const idTokenOnlyClaims = ['phone_number', 'preferred_username', 'gender', 'lp_sdes'] as const;

export interface ClaimOptions {
  /** Now on the IdP's clock, in seconds: the `lp_sdes` ages depend on it. */
  now: number;
  /** Whether the ID token carries `lp_sdes` (scenario and client decide). */
  lpSdes: boolean;
}

export type Claims = Record<string, unknown>;

/**
 * The one place that turns a persona into claims. `use` is where they go: the ID token carries everything,
 * userinfo only Google's claims, as Google does.
 */
export function personaClaims(
  persona: Persona,
  issuer: string,
  use: 'id_token' | 'userinfo',
  options: ClaimOptions,
): Claims {
  const claims: Claims = {
    sub: persona.sub,
    name: persona.name,
    given_name: persona.given_name,
    family_name: persona.family_name,
    picture: `${issuer}${avatarPath(persona.id)}`,
    email: persona.email,
    email_verified: persona.email_verified,
    locale: persona.locale,
    hd: persona.hd,
  };
  if (use === 'id_token') {
    Object.assign(claims, {
      phone_number: persona.phone_number,
      preferred_username: persona.preferred_username,
      gender: persona.gender,
      lp_sdes: options.lpSdes ? buildLpSdes(persona, options.now) : undefined,
    });
  }
  return claims;
}
