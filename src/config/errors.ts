import type { z } from 'zod';

/** A user's config or scenario file is wrong: one line per problem, each naming file, field and fix. */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

/** `clients[1].redirect_uris[0]` from zod's path. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const part of path) {
    text += typeof part === 'number' ? `[${part}]` : `${text ? '.' : ''}${String(part)}`;
  }
  return text || '(top level)';
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function problemText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove or correct ${issue.keys.length > 1 ? 'them' : 'it'} (typos are not ignored)`;
    case 'invalid_type':
      return `expected ${issue.expected}, found ${describe(issue.input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, found ${describe(issue.input)}`;
    case 'custom':
      return issue.message;
    default:
      return `${issue.message}${'input' in issue ? `, found ${describe(issue.input)}` : ''}`;
  }
}

/** One line per zod issue: `file: field: expected …, found …`. */
export function formatIssues(file: string, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path =
      issue.code === 'unrecognized_keys' && issue.path.length === 0 ? '(top level)' : fieldPath(issue.path);
    return `${file}: ${path}: ${problemText(issue)}`;
  });
}
