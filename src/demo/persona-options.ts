import type { Persona } from '../personas/persona.js';

/** What a fault persona is called in the demo's "Log in as" list. */
const faultLabels: Record<string, string> = {
  expired: 'Expired token',
  not_yet_valid: 'Token not valid yet',
  wrong_issuer: 'Wrong issuer',
  wrong_audience: 'Wrong audience',
  wrong_azp: 'Wrong authorized party (azp)',
  bad_signature: 'Bad signature',
  unknown_kid: 'Unknown signing key (kid)',
  unsigned: 'Unsigned token',
  wrong_nonce: 'Wrong nonce',
  email_unverified: 'Unverified email',
  wrong_encryption_key: 'Encrypted to the wrong key',
  malformed: 'Malformed token',
  access_denied: 'Login refused (access_denied)',
  login_required: 'Login required',
  interaction_required: 'Interaction required',
  server_error: 'IdP server error',
  temporarily_unavailable: 'IdP temporarily unavailable',
  invalid_grant_on_token: 'Code refused at the token endpoint',
  token_endpoint_500: 'Token endpoint fails (HTTP 500)',
  jwks_unavailable: 'Signing keys unavailable',
};

function faultLabel(fault: string): string {
  const missing = /^missing_claim:(.+)$/.exec(fault);
  if (missing) return `Missing claim ${missing[1]}`;
  const slow = /^slow:(\d+)$/.exec(fault);
  if (slow) return `Slow IdP (${slow[1]} ms)`;
  return faultLabels[fault] ?? fault;
}

export interface PersonaOption {
  id: string;
  label: string;
  fault: boolean;
}

/**
 * The "Log in as" choices: the scenario's consumers as "Name (id)", then the fault personas, marked by what they
 * break, e.g. "Expired token (fault-expired)".
 */
export function personaOptions(personas: Persona[]): PersonaOption[] {
  const plain = personas.filter((persona) => persona.faults.length === 0);
  const faulty = personas.filter((persona) => persona.faults.length > 0);
  return [
    ...plain.map((persona) => ({ id: persona.id, label: `${persona.name} (${persona.id})`, fault: false })),
    ...faulty.map((persona) => ({
      id: persona.id,
      label: `${persona.faults.map(faultLabel).join(', ')} (${persona.id})`,
      fault: true,
    })),
  ];
}
