import {
  type AuthorizationError,
  authorizationErrors,
  type Fault,
  faultNames,
  faultText,
  tokenFaults,
} from './catalogue.js';

/** A fault name nobody knows, or two faults that contradict each other: the message names the fix. */
export class FaultError extends Error {}

const MAX_SLOW_MS = 60_000;

function parseOne(text: string): Fault {
  const [name, argument] = text.split(/:(.*)/s) as [string, string | undefined];
  if (name === 'missing_claim' && argument && /^[A-Za-z0-9_.-]+$/.test(argument)) {
    return { kind: 'token', name, claim: argument };
  }
  if (name === 'slow' && argument && /^\d+$/.test(argument) && Number(argument) <= MAX_SLOW_MS) {
    return { kind: 'slow', name, ms: Number(argument) };
  }
  if (argument === undefined) {
    if (Object.hasOwn(tokenFaults, name) && !name.includes(':')) return { kind: 'token', name } as Fault;
    if ((authorizationErrors as readonly string[]).includes(name)) {
      return { kind: 'authorization', name: name as AuthorizationError };
    }
    if (name === 'invalid_grant_on_token' || name === 'token_endpoint_500')
      return { kind: 'token_endpoint', name };
    if (name === 'jwks_unavailable') return { kind: 'jwks', name };
  }
  throw new FaultError(
    `unknown fault "${text}"; valid faults: ${faultNames.join(', ')} (slow takes 0-${MAX_SLOW_MS} ms)`,
  );
}

/** What a fault acts on: two faults acting on the same thing contradict each other. */
function target(fault: Fault): string {
  switch (fault.name) {
    case 'expired':
    case 'not_yet_valid':
      return 'the token times';
    case 'bad_signature':
    case 'unknown_kid':
    case 'unsigned':
      return 'the signature';
    case 'missing_claim':
      return `the claim ${fault.claim}`;
    default:
      if (fault.kind === 'authorization') return 'the authorization response';
      if (fault.kind === 'token_endpoint') return 'the token endpoint response';
      if (fault.kind === 'slow') return 'the delay';
      return faultText(fault);
  }
}

/** Parses fault names, refusing unknown ones and contradictory pairs (naming both). */
export function parseFaults(texts: readonly string[]): Fault[] {
  const faults = texts.map(parseOne);
  const byTarget = new Map<string, Fault>();
  for (const fault of faults) {
    const other = byTarget.get(target(fault));
    if (other && faultText(other) !== faultText(fault)) {
      throw new FaultError(
        `faults "${faultText(other)}" and "${faultText(fault)}" contradict each other: both set ${target(fault)}`,
      );
    }
    if (fault.name === 'malformed' && faults.some((f) => f.kind === 'token' && f.name !== 'malformed')) {
      const clash = faults.find((f) => f.kind === 'token' && f.name !== 'malformed') as Fault;
      throw new FaultError(
        `faults "malformed" and "${faultText(clash)}" contradict each other: malformed replaces the whole token`,
      );
    }
    byTarget.set(target(fault), fault);
  }
  return [...new Map(faults.map((f) => [faultText(f), f])).values()];
}
