import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

/** `parseArgs` (strict, no positionals) with its errors turned into one line that names the command's usage. */
export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
  usage: string,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    if (!String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS_')) throw error;
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (usage: ${usage})`);
  }
}

/** A flag's value, trimmed; an empty one is a usage error naming the flag (e.g. `--out`). */
export function nonEmpty(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} must not be empty`);
  return value?.trim();
}
