import type { Persona } from './persona.js';

const EMAIL = /^[^@\s]+@[^@\s]+$/;

/** The personas one IdP instance can log in, found by id, email or `sub`. */
export class PersonaRegistry {
  readonly #seed: number;
  readonly #byId = new Map<string, Persona>();
  readonly #bySub = new Map<string, Persona>();
  readonly #byEmail = new Map<string, Persona>();

  readonly #initial: Persona[];

  constructor(seed: number, personas: Iterable<Persona>) {
    this.#seed = seed;
    this.#initial = [...personas];
    for (const persona of this.#initial) this.add(persona);
  }

  get seed(): number {
    return this.#seed;
  }

  /** Back to the scenario's personas: added ones, and ones created from login_hint emails, are forgotten. */
  restore(): void {
    this.#byId.clear();
    this.#bySub.clear();
    this.#byEmail.clear();
    for (const persona of this.#initial) this.add(persona);
  }

  add(persona: Persona): void {
    this.#byId.set(persona.id, persona);
    this.#bySub.set(persona.sub, persona);
    this.#byEmail.set(persona.email.toLowerCase(), persona);
  }

  list(): Persona[] {
    return [...this.#byId.values()];
  }

  ids(): string[] {
    return [...this.#byId.keys()];
  }

  bySub(sub: string): Persona | undefined {
    return this.#bySub.get(sub);
  }

  /** A persona by id, email or `sub`. */
  find(handle: string): Persona | undefined {
    return this.#byId.get(handle) ?? this.#byEmail.get(handle.toLowerCase()) ?? this.#bySub.get(handle);
  }

  /**
   * Resolves a `login_hint`: a known persona, or for an unknown email a new persona with that email (the same
   * email gives the same persona every run). Undefined for anything else. The generator (faker) is loaded on
   * the first such email, not at start.
   */
  async resolveHint(hint: string): Promise<Persona | undefined> {
    const known = this.find(hint);
    if (known || !EMAIL.test(hint)) return known;
    const { generatePersona } = await import('./generate.js');
    const created = generatePersona(this.#seed, hint.toLowerCase(), hint);
    this.add(created);
    return created;
  }
}
