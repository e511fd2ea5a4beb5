/** The platform's checks, in the order they run and are reported. */
export const checkIds = [
  'discovery',
  'code_exchange',
  'decrypt',
  'signature',
  'iss',
  'aud',
  'azp',
  'exp',
  'iat',
  'nonce',
  'sub',
  'google_shape',
  'lp_sdes',
] as const;

export type CheckId = (typeof checkIds)[number];
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

/**
 * One step's outcome. A failing or warning check says what was expected, what was found and how to fix it; a
 * passing or skipped one says what was found (or why it did not apply) in `found`.
 */
export interface Check {
  id: CheckId;
  status: CheckStatus;
  expected?: string;
  found?: string;
  fix?: string;
}

/** What `mock-idp verify` and `POST /api/verify` answer: `ok` is false when any check fails. */
export interface VerifyReport {
  ok: boolean;
  checks: Check[];
}

/** One problem a check found: `fail` when the platform would refuse, `warn` when only Google's shape differs. */
export interface Finding {
  level: 'fail' | 'warn';
  expected: string;
  found: string;
  fix: string;
}

/** What a failing or warning check says. */
export type Problem = Omit<Finding, 'level'>;

export const pass = (id: CheckId, found: string): Check => ({ id, status: 'pass', found });
export const skip = (id: CheckId, why: string): Check => ({ id, status: 'skip', found: why });
export const fail = (id: CheckId, problem: Problem): Check => ({
  id,
  status: 'fail',
  ...problem,
});
export const warn = (id: CheckId, problem: Problem): Check => ({
  id,
  status: 'warn',
  ...problem,
});

/** A check made of several findings: the worst one decides the status; their texts are joined with "; ". */
export function combine(id: CheckId, findings: Finding[], passed: string): Check {
  if (findings.length === 0) return pass(id, passed);
  const join = (key: 'expected' | 'found' | 'fix') => findings.map((f) => f[key]).join('; ');
  return {
    id,
    status: findings.some((f) => f.level === 'fail') ? 'fail' : 'warn',
    expected: join('expected'),
    found: join('found'),
    fix: join('fix'),
  };
}

/** A value as it appears in the token, for `found`: strings quoted, the rest as JSON; long ones shortened. */
export function shown(value: unknown, max = 80): string {
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
