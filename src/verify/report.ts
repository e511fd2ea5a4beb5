import { type Check, type CheckStatus, checkIds, type VerifyReport } from './checks.js';

const ANSI: Record<CheckStatus | 'bold', string> = {
  pass: '\u001b[32m',
  fail: '\u001b[31m',
  warn: '\u001b[33m',
  skip: '\u001b[2m',
  bold: '\u001b[1m',
};
const RESET = '\u001b[0m';
const ID_WIDTH = Math.max(...checkIds.map((id) => id.length));

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

function paint(text: string, style: CheckStatus | 'bold', color: boolean): string {
  return color ? `${ANSI[style]}${text}${RESET}` : text;
}

function checkLines(check: Check, color: boolean): string[] {
  const label = paint(check.status.toUpperCase().padEnd(4), check.status, color);
  const id = check.id.padEnd(ID_WIDTH);
  if (check.status === 'pass' || check.status === 'skip') {
    return [`${label}  ${id}  ${check.found ?? ''}`.trimEnd()];
  }
  const indent = ' '.repeat(4 + 2 + ID_WIDTH + 2);
  const detail = (name: string, value: string | undefined) =>
    value === undefined ? [] : [`${indent}${name.padEnd(9)}${value}`];
  return [
    `${label}  ${check.id}`,
    ...detail('expected', check.expected),
    ...detail('found', check.found),
    ...detail('fix', check.fix),
  ];
}

function summary(report: VerifyReport, color: boolean): string {
  const count = (status: CheckStatus) => report.checks.filter((c) => c.status === status).length;
  const counts = `${count('fail')} failed, ${count('warn')} warning(s), ${count('pass')} passed, ${count('skip')} skipped`;
  const verdict = report.ok ? paint('OK', 'pass', color) : paint('FAILED', 'fail', color);
  return `${verdict} (${counts})`;
}

/** The readable checklist: one line per passing or skipped check; expected, found and fix under the others. */
export function formatText(report: VerifyReport, options: { color: boolean; title?: string }): string {
  const lines = report.checks.flatMap((check) => checkLines(check, options.color));
  const title = options.title === undefined ? [] : [paint(options.title, 'bold', options.color)];
  return `${[...title, ...lines, '', summary(report, options.color)].join('\n')}\n`;
}

/** Exactly `{ "ok", "checks": [ { "id", "status", "expected"?, "found"?, "fix"? } ] }`. */
export function formatJson(report: VerifyReport): string {
  const checks = report.checks.map(({ id, status, expected, found, fix }) => ({
    id,
    status,
    expected,
    found,
    fix,
  }));
  return `${JSON.stringify({ ok: report.ok, checks }, null, 2)}\n`;
}
