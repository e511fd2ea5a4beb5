import type { z } from 'zod';
import { fieldPath } from '../config/errors.js';
import { badRequest } from '../server/http-error.js';

/** Validates a request body with a schema; the 400 names the first wrong field, what was expected and found. */
export function validated<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${fieldPath(issue.path)}: ${issue.message}`);
  throw badRequest('invalid_request', problems.join('; '));
}
