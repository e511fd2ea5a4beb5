import type { Persona } from './persona.js';

const EMAIL = /^[^@\s]+@[^@\s]+$/;

/** Where added personas are kept besides this process (with a Redis store: for every instance on it). */
export interface PersonaSharing {
  added(persona: Persona): Promise<void>;
}

/** The personas one IdP instance can log in, found by id, email or `sub`. */
export class PersonaRegistry {
  readonly #seed: number;
  readonly #byId = new Map<string, Persona>();
  readonly #bySub = new Map<string, Persona>();
  readonly #byEmail = new Map<string, Persona>();
  readonly #initial: Persona[];
  #sharing: PersonaSharing | undefined;

  constructor(seed: number, personas: Iterable<Persona>) {
    this.#seed = seed;
    this.#initial = [...personas];
    this.adopt(this.#initial);
  }

  get seed(): number {
    return this.#seed;
  }

  /** From now on, every added persona is also handed to `sharing`. */
  share(sharing: PersonaSharing): void {
    this.#sharing = sharing;
  }

  /** Back to the scenario's personas: added ones, and ones created from login_hint emails, are forgotten. */
  restore(): void {
    this.#byId.clear();
    this.#bySub.clear();
    this.#byEmail.clear();
    this.adopt(this.#initial);
  }

  /** Adds a persona once it is shared (so a failure to share it leaves nothing behind). */
  async add(persona: Persona): Promise<void> {
    if (this.#sharing) await this.#sharing.added(persona);
    this.adopt([persona]);
  }

  /** Knows these personas from now on, without sharing them (they come from the shared state). */
  adopt(personas: Iterable<Persona>): void {
    for (const persona of personas) {
      this.#byId.set(persona.id, persona);
      this.#bySub.set(persona.sub, persona);
      this.#byEmail.set(persona.email.toLowerCase(), persona);
    }
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
   * email gives the same persona every run), added as any other. Undefined for anything else. The generator
   * (faker) is loaded on the first such email, not at start.
   */
  async resolveHint(hint: string): Promise<Persona | undefined> {
    const known = this.find(hint);
    if (known || !EMAIL.test(hint)) return known;
    const { generatePersona } = await import('./generate.js');
    const created = generatePersona(this.#seed, hint.toLowerCase(), hint);
    await this.add(created);
    return created;
  }
}
