import { type Check, pass, shown, skip, warn } from './checks.js';
import { authenticatedSdes, unauthenticatedSdeTypes } from './lp-sdes-shape.js';

/** At most this many problems are listed; the rest are counted. */
const LISTED = 6;

const EXPECTED =
  'lp_sdes: a JSON array of SDEs, each {"type":"ctmrinfo","info":{…}} or {"type":"personal","personal":{…}}, with the documented fields and types';

interface Issue {
  where: string;
  message: string;
  fix: string;
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
}

function sdeIssues(sde: unknown, index: number): Issue[] {
  const where = `lp_sdes[${index}]`;
  const type = (sde as { type?: unknown } | null)?.type;
  if (typeof sde !== 'object' || sde === null || Array.isArray(sde)) {
    return [
      { where, message: `not an object: ${shown(sde, 40)}`, fix: 'make each SDE an object with a type' },
    ];
  }
  if (type !== 'ctmrinfo' && type !== 'personal') {
    const known = (unauthenticatedSdeTypes as readonly unknown[]).includes(type);
    return [
      {
        where: `${where}.type`,
        message: `${shown(type)}${known ? ' is not supported in the authenticated flow' : ' is no SDE type'}`,
        fix: 'send only ctmrinfo and personal SDEs',
      },
    ];
  }
  const result = authenticatedSdes[type].safeParse(sde);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    where: `${where}${pathText(issue.path)}`,
    message: issue.message,
    fix:
      type === 'personal' && 'info' in sde
        ? 'the personal SDE carries its fields under "personal", not "info"'
        : "use the platform's field names and types (consumer-auth.md §5)",
  }));
}

function notAnArray(value: unknown): Check {
  const fix =
    typeof value === 'string'
      ? 'put the array itself in the claim, not a JSON string of it'
      : 'make lp_sdes an array of SDE objects, not an object keyed by name';
  const kind = typeof value === 'object' && value !== null ? 'an object' : `a ${typeof value}`;
  return warn('lp_sdes', { expected: EXPECTED, found: `${kind}: ${shown(value)}`, fix });
}

/** Checks `lp_sdes`, when present, against the documented structure: differences are warnings. */
export function checkLpSdes(payload: Record<string, unknown>): Check {
  const value = payload.lp_sdes;
  if (value === undefined) return skip('lp_sdes', 'no lp_sdes claim (it is optional)');
  if (!Array.isArray(value)) return notAnArray(value);
  const issues = value.flatMap(sdeIssues);
  if (issues.length === 0) {
    return pass('lp_sdes', `${value.length} SDE(s): ${value.map((sde) => sde.type).join(', ') || 'none'}`);
  }
  const listed = issues.slice(0, LISTED).map((i) => `${i.where}: ${i.message}`);
  if (issues.length > LISTED) listed.push(`and ${issues.length - LISTED} more`);
  return warn('lp_sdes', {
    expected: EXPECTED,
    found: listed.join('; '),
    fix: [...new Set(issues.map((i) => i.fix))].join('; '),
  });
}
