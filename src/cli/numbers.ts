import { UsageError } from './usage-error.js';

/** A whole number from a flag, within [min, max]; anything else is one clear line naming the flag. */
export function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, found "${text}"`);
  }
  return value;
}
