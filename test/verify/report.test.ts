import { describe, expect, it } from 'vitest';
import { checkIds, type VerifyReport } from '../../src/verify/checks.js';
import { formatJson, formatText, useColor } from '../../src/verify/report.js';

const report: VerifyReport = {
  ok: false,
  checks: [
    { id: 'discovery', status: 'pass', found: 'http://idp/.well-known/openid-configuration' },
    { id: 'code_exchange', status: 'skip', found: 'an ID token was given, not a code' },
    { id: 'signature', status: 'fail', expected: 'a signature', found: 'another key', fix: 'sign right' },
    { id: 'google_shape', status: 'warn', expected: 'typ JWT', found: 'typ absent', fix: 'set typ' },
  ],
};

describe('verify report: text', () => {
  it('is one line per passing or skipped check, with expected, found and fix under the others', () => {
    expect(formatText(report, { color: false, title: 'mock-idp verify: an ID token' })).toBe(
      [
        'mock-idp verify: an ID token',
        'PASS  discovery      http://idp/.well-known/openid-configuration',
        'SKIP  code_exchange  an ID token was given, not a code',
        'FAIL  signature',
        '                     expected a signature',
        '                     found    another key',
        '                     fix      sign right',
        'WARN  google_shape',
        '                     expected typ JWT',
        '                     found    typ absent',
        '                     fix      set typ',
        '',
        'FAILED (1 failed, 1 warning(s), 1 passed, 1 skipped)',
        '',
      ].join('\n'),
    );
  });

  it('says OK when nothing fails', () => {
    expect(formatText({ ok: true, checks: [report.checks[0]!] }, { color: false })).toMatch(
      /\nOK \(0 failed/,
    );
  });

  it('colours the statuses only when asked', () => {
    const coloured = formatText(report, { color: true });
    expect(coloured).toContain('\u001b[31mFAIL\u001b[0m');
    expect(coloured).toContain('\u001b[32mPASS\u001b[0m');
    expect(coloured).toContain('\u001b[33mWARN\u001b[0m');
    expect(formatText(report, { color: false })).not.toContain('\u001b');
  });

  it('uses colour on a terminal, never with NO_COLOR, never into a pipe or file', () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({}, {})).toBe(false);
  });
});

describe('verify report: JSON', () => {
  it('is exactly { ok, checks: [{ id, status, expected?, found?, fix? }] }', () => {
    const parsed = JSON.parse(formatJson({ ...report, extra: 1 } as VerifyReport));
    expect(Object.keys(parsed)).toEqual(['ok', 'checks']);
    expect(parsed.ok).toBe(false);
    expect(parsed.checks[0]).toEqual({
      id: 'discovery',
      status: 'pass',
      found: 'http://idp/.well-known/openid-configuration',
    });
    expect(parsed.checks[2]).toEqual({
      id: 'signature',
      status: 'fail',
      expected: 'a signature',
      found: 'another key',
      fix: 'sign right',
    });
    for (const check of parsed.checks) {
      expect(['id', 'status', 'expected', 'found', 'fix']).toEqual(
        expect.arrayContaining(Object.keys(check)),
      );
      expect(checkIds).toContain(check.id);
      expect(['pass', 'fail', 'warn', 'skip']).toContain(check.status);
    }
  });
});
