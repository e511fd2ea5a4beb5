import { afterEach, describe, expect, it, vi } from 'vitest';
import { generatePersona } from '../../src/personas/generate.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('generatePersona', () => {
  it('gives the same persona, profile included, for the same seed and id', () => {
    const first = generatePersona(42, 'persona-1');
    const second = generatePersona(42, 'persona-1');
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('gives different personas for different ids and seeds', () => {
    const persona = generatePersona(42, 'persona-1');
    expect(generatePersona(42, 'persona-2').profile).not.toEqual(persona.profile);
    expect(generatePersona(1, 'persona-1').profile).not.toEqual(persona.profile);
  });

  it('does not depend on the wall clock', () => {
    const today = JSON.stringify(generatePersona(42, 'persona-7'));
    vi.useFakeTimers({ now: new Date('2041-03-09T08:00:00Z') });
    expect(JSON.stringify(generatePersona(42, 'persona-7'))).toBe(today);
    vi.setSystemTime(new Date('1999-12-31T23:59:59Z'));
    expect(JSON.stringify(generatePersona(42, 'persona-7'))).toBe(today);
  });

  it('keeps the email it is given', () => {
    expect(generatePersona(42, 'jane@example.org', 'Jane@Example.org').email).toBe('Jane@Example.org');
  });
});
