import type { ConsumerProfile } from './profile.js';

/** A fake consumer: what the IdP knows about one person it can log in. */
export interface Persona {
  /** Stable handle used in `login_hint`, scenario files and the CLI. */
  id: string;
  /** Google-shaped subject: a 21-digit numeric string. */
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
  given_name: string;
  family_name: string;
  locale: string;
  /** Hosted (Workspace) domain, only for personas that have one. */
  hd?: string;
  phone_number: string;
  preferred_username: string;
  gender: 'male' | 'female' | 'other';
  /** What the brand knows beyond the standard claims; becomes the `lp_sdes` claim. */
  profile: ConsumerProfile;
  /** Faults every token and flow for this persona carries (see faults/catalogue), e.g. `expired`. */
  faults: string[];
}
