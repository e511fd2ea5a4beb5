import { type Check, fail, type Problem, pass, shown, warn } from './checks.js';

type Claims = Record<string, unknown>;

/** Seconds this large are milliseconds (year 5138 and beyond). */
const MILLISECONDS = 1e11;

export interface Clock {
  /** Now, in seconds since the epoch. */
  now: number;
  /** Allowed clock difference in seconds. */
  leeway: number;
}

function when(seconds: number, now: number): string {
  const delta = Math.round(seconds - now);
  const relative = delta >= 0 ? `in ${delta} s` : `${-delta} s ago`;
  return `${seconds} (${new Date(seconds * 1000).toISOString()}, ${relative})`;
}

/** Problems every time claim can have: missing, not a number, milliseconds. */
function timeProblem(name: string, value: unknown): Problem | undefined {
  const expected = `${name}: a JSON number of seconds since 1970 (UTC)`;
  if (value === undefined) {
    return { expected, found: 'absent', fix: `add ${name}: the platform requires it` };
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { expected, found: shown(value), fix: `write ${name} as a number, not a ${typeof value}` };
  }
  if (value > MILLISECONDS) {
    return {
      expected,
      found: `${value}: milliseconds`,
      fix: `divide by 1000: ${name} is in seconds (the platform's own sample token gets this wrong)`,
    };
  }
  return undefined;
}

/** `exp`: required; the platform asks for a new token once it has passed. */
export function checkExp(payload: Claims, clock: Clock): Check {
  const problem = timeProblem('exp', payload.exp);
  if (problem) return fail('exp', problem);
  const exp = payload.exp as number;
  const expected = `exp after now (${clock.now}), with ${clock.leeway} s leeway`;
  if (exp + clock.leeway < clock.now) {
    return fail('exp', {
      expected,
      found: `expired: ${when(exp, clock.now)}`,
      fix: 'hand over a fresh token (and check the IdP clock)',
    });
  }
  if (exp <= clock.now) {
    return warn('exp', {
      expected,
      found: `expired within the leeway: ${when(exp, clock.now)}`,
      fix: 'hand over a fresh token: the platform may allow less clock skew',
    });
  }
  return pass('exp', when(exp, clock.now));
}

/** `iat` (and `nbf`, if present): required, not in the future beyond the leeway, not after `exp`. */
export function checkIat(payload: Claims, clock: Clock): Check {
  const problem = timeProblem('iat', payload.iat);
  if (problem) return fail('iat', problem);
  const iat = payload.iat as number;
  const expected = `iat not after now (${clock.now}), with ${clock.leeway} s leeway`;
  if (iat > clock.now + clock.leeway) {
    return fail('iat', {
      expected,
      found: `issued in the future: ${when(iat, clock.now)}`,
      fix: "set the IdP's clock right (NTP): iat is the time of issue",
    });
  }
  if (typeof payload.exp === 'number' && iat > payload.exp) {
    return fail('iat', {
      expected: 'iat before exp',
      found: `iat ${iat} after exp ${payload.exp}`,
      fix: 'exp is iat plus the lifetime',
    });
  }
  const { nbf } = payload;
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > clock.now + clock.leeway)) {
    return fail('iat', {
      expected: `nbf, when present, a number not after now (${clock.now}), with ${clock.leeway} s leeway`,
      found: typeof nbf === 'number' ? `not valid yet: nbf ${when(nbf, clock.now)}` : `nbf ${shown(nbf)}`,
      fix: 'leave nbf out, or set it to the time of issue',
    });
  }
  return pass('iat', when(iat, clock.now));
}
